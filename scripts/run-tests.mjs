#!/usr/bin/env node
// Runs the test suites with node's built-in runner (TypeScript through tsx).
//   node scripts/run-tests.mjs            unit + protocol + CLI + grammar tests
//   node scripts/run-tests.mjs --unit     only server/src and client/src unit tests (no build needed)
//   node scripts/run-tests.mjs FILE...    just these files
// Node 20's --test takes no globs, so the files are listed here. Needs `npm run build`
// first for everything but --unit (protocol and CLI tests run the bundles).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'e2e' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (/\.test\.(ts|mts|mjs)$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

let files;
if (args.length && !args[0].startsWith('--')) files = args;
else {
  files = [...find(join(root, 'server/src')), ...find(join(root, 'client/src'))];
  if (!args.includes('--unit')) files.push(...find(join(root, 'test')));
}
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--import', './server/src/test-support/fast-check-seed.ts', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
