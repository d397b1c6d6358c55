// Shared by run.mjs (code-server) and electron.mjs (@vscode/test-electron): the mocha suite
// bundled for the extension host, and a scratch copy of the fixture workspace.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Bundles test/e2e/suite into <cache>/suite (vscode and mocha stay external); returns index.js. */
export async function buildSuite(root, cache, { breakIt = false, perfFile = '', timingLog = '' } = {}) {
  const { build } = await import('esbuild');
  const src = join(root, 'test/e2e/suite');
  const out = join(cache, 'suite');
  rmSync(out, { recursive: true, force: true });
  const entryPoints = readdirSync(src)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(src, f));
  await build({
    entryPoints,
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
    define: {
      'process.env.E2E_BREAK': JSON.stringify(breakIt ? '1' : '0'),
      'process.env.E2E_PERF_FILE': JSON.stringify(perfFile),
      'process.env.E2E_TIMING_LOG': JSON.stringify(timingLog),
    },
  });
  return join(out, 'index.js');
}

/** A fresh copy of test/e2e/fixtures/workspace: the tests edit files, the fixtures stay clean. */
export function freshWorkspace(root, parent, name) {
  const dir = join(parent, name);
  cpSync(join(root, 'test/e2e/fixtures/workspace'), dir, { recursive: true });
  return dir;
}
