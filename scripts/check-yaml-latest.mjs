// npm run check:yaml-latest: runs the fast YAML path's equivalence tests against the newest
// `yaml` on the registry, in a scratch folder, without touching this checkout.
//
// Why: `yaml` is pinned exactly (package.json) because the fast path (core/document/fast-yaml*)
// rebuilds yaml's node classes, symbols and error texts. Before raising the pin, run this:
// green means the new version builds the same trees and errors; then update the pin and
// package-lock.json. The scratch folder holds a copy of server/src and links to this
// checkout's node_modules for everything but yaml.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const TESTS = ['server/src/core/document/fast-yaml.test.ts'];
const scratch = mkdtempSync(join(tmpdir(), 'istio-tips-yaml-latest-'));
const run = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, stdio: 'inherit' }).status ?? 1;
let status = 1;
try {
  const tool = join(scratch, 'yaml-latest');
  mkdirSync(tool);
  writeFileSync(join(tool, 'package.json'), '{ "private": true }\n');
  console.log('installing yaml@latest into a scratch folder…');
  if (run('npm', ['install', '--no-audit', '--no-fund', '--no-save', 'yaml@latest'], tool) !== 0) throw new Error('npm install yaml@latest failed');
  const version = JSON.parse(readFileSync(join(tool, 'node_modules/yaml/package.json'), 'utf8')).version;
  const pinned = JSON.parse(readFileSync(join(root, 'node_modules/yaml/package.json'), 'utf8')).version;
  cpSync(join(root, 'server/src'), join(scratch, 'server/src'), { recursive: true });
  cpSync(join(root, 'bench'), join(scratch, 'bench'), { recursive: true, filter: (src) => !/[\/](out|\.corpus)$/.test(src) });
  cpSync(join(root, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
  cpSync(join(root, 'package.json'), join(scratch, 'package.json'));
  mkdirSync(join(scratch, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === 'yaml' || name.startsWith('.')) continue;
    symlinkSync(join(root, 'node_modules', name), join(scratch, 'node_modules', name));
  }
  symlinkSync(join(tool, 'node_modules/yaml'), join(scratch, 'node_modules/yaml'));
  console.log(`fast-path equivalence tests against yaml ${version} (pinned: ${pinned})`);
  status = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...TESTS], scratch);
  if (status !== 0) console.log(`yaml ${version}: differences above; keep the pin at ${pinned} until the fast path follows`);
  else if (version === pinned) console.log(`yaml ${version} is the pinned version: nothing to raise`);
  else console.log(`yaml ${version}: the fast path is equivalent; raise the pin in package.json and package-lock.json`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
