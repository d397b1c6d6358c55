#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild, and puts
// re2-wasm's .wasm beside the server bundle (re2-wasm reads it from __dirname at load).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
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
  // Licences are collected whole into dist/THIRD_PARTY_NOTICES.txt (scripts/notices.mjs).
  legalComments: 'none',
  metafile: true,
};

// vscode-languageclient's version check, answered without loading semver (client/src/semver-lite.ts).
const semverLite = {
  name: 'semver-lite',
  setup(b) {
    const lite = join(root, 'client/src/semver-lite.ts');
    b.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (a) =>
      a.importer === lite ? undefined : { path: a.path, namespace: 'semver-lite' },
    );
    b.onLoad({ filter: /.*/, namespace: 'semver-lite' }, (a) => ({
      contents: `module.exports = require(${JSON.stringify(lite)}).${a.path.split('/').pop()};`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

const entries = [
  // extension.js stays small: it requires language-client.js (vscode-languageclient) after activate().
  { in: 'client/src/extension.ts', out: 'extension.js', external: ['vscode', './language-client.js'] },
  { in: 'client/src/language-client.ts', out: 'language-client.js', external: ['vscode'], plugins: [semverLite] },
  // server.js and cli.js load the bundles through V8's code cache (server/src/boot/code-cache.ts).
  { in: 'server/src/lsp/main.ts', out: 'server-bundle.js' },
  { in: 'server/src/cli/main.ts', out: 'cli-bundle.js' },
  { in: 'server/src/boot/server.ts', out: 'server.js' },
  { in: 'server/src/boot/cli.ts', out: 'cli.js' },
].filter((e) => existsSync(join(root, e.in)));

const results = await Promise.all(
  entries.map((e) =>
    build({ ...common, entryPoints: [join(root, e.in)], outfile: join(dist, e.out), external: e.external ?? [], plugins: e.plugins ?? [] }),
  ),
);

// The server and CLI bundles stay ASCII (esbuild escapes strings; comments it keeps are
// not): server/src/boot/code-cache.ts then loads them as one-byte strings, faster.
for (const out of ['server-bundle.js', 'cli-bundle.js']) {
  const text = readFileSync(join(dist, out), 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at !== -1) {
    const line = text.slice(0, at).split('\n').length;
    console.error(`build: dist/${out} line ${line} has a non-ASCII character (${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}); write it in ASCII in the source`);
    process.exit(1);
  }
}

// The emscripten glue goes beside it too, so the packaged extension (no node_modules) can
// start a fresh RE2 instance after the module aborts (see server/src/engines/re2-loader.ts).
// The .wasm is the committed wasm-opt output when it matches re2-wasm's module
// (scripts/optimise-re2-wasm.mjs), else the plain module.
const { shipRe2Wasm } = await import('./optimise-re2-wasm.mjs');
const wasmDir = join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm');
const wasmNote = shipRe2Wasm(join(wasmDir, 're2.wasm'), join(dist, 're2.wasm'));
copyFileSync(join(wasmDir, 're2.js'), join(dist, 're2-glue.js'));
// RE2 2024-07-02 for program sizes (server/src/engines/re2-size.ts reads it beside the bundle).
copyFileSync(join(root, 'server/src/engines/re2-size.wasm'), join(dist, 're2-size.wasm'));
const { writeNotices, NOTICES_FILE } = await import('./notices.mjs');
const noticed = writeNotices(root, results.map((r) => r.metafile), ['re2-wasm'], join(dist, NOTICES_FILE));
console.log(`built ${entries.map((e) => `dist/${e.out}`).join(', ')}, dist/re2.wasm, dist/re2-glue.js, dist/re2-size.wasm and dist/${NOTICES_FILE} (${noticed.length} packages and RE2); ${wasmNote}`);
