// Tools that only the benchmark or a one-off step need, installed on demand into their own
// folder (never by `npm ci`): binaryen (wasm-opt, ~100 MB) for scripts/optimise-re2-wasm.mjs,
// yaml-language-server and js-yaml for `npm run bench`. Versions are pinned here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOOLS = {
  binaryen: '132.0.0',
  'yaml-language-server': '1.19.2',
  'js-yaml': '4.3.2',
};

const root = new URL('..', import.meta.url).pathname;
/** Where they go (git-ignored). */
export const TOOLS_DIR = join(root, '.tools');

export const toolPath = (name, ...rest) => join(TOOLS_DIR, 'node_modules', name, ...rest);

/** Installs the named tools into .tools/ unless they are there, saying so (it takes a while). */
export function ensureTools(names) {
  const missing = names.filter((n) => !existsSync(toolPath(n, 'package.json')));
  if (!missing.length) return;
  mkdirSync(TOOLS_DIR, { recursive: true });
  const pkg = join(TOOLS_DIR, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, '{ "private": true, "description": "on-demand tools (scripts/tools.mjs)" }\n');
  const specs = missing.map((n) => `${n}@${TOOLS[n]}`);
  console.log(`installing ${specs.join(', ')} into .tools/ (once)…`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', TOOLS_DIR, ...specs], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureTools(process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TOOLS));
