#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild, and puts
// re2-wasm's .wasm beside the server bundle (re2-wasm reads it from __dirname at load).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'linked',
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  { in: 'client/src/extension.ts', out: 'extension.js', external: ['vscode'] },
  { in: 'server/src/lsp/main.ts', out: 'server.js' },
  { in: 'server/src/cli/main.ts', out: 'cli.js' },
].filter((e) => existsSync(join(root, e.in)));

await Promise.all(
  entries.map((e) =>
    build({ ...common, entryPoints: [join(root, e.in)], outfile: join(dist, e.out), external: e.external ?? [] }),
  ),
);

const wasm = join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm/re2.wasm');
copyFileSync(wasm, join(dist, 're2.wasm'));
console.log(`built ${entries.map((e) => `dist/${e.out}`).join(', ')} and dist/re2.wasm`);
