#!/usr/bin/env node
// `npm run test:e2e:electron`: the same mocha suite as run.mjs, in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code. It cannot run here (no
// download host is reachable: getaddrinfo ENOTFOUND update.code.visualstudio.com), so CI
// uses run.mjs (code-server) instead. VSCODE_EXECUTABLE=/path/to/code skips the download.
//   E2E_VSCODE_VERSION=1.100.3   the VS Code to download (default: the one code-server embeds)
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { runTests } from '@vscode/test-electron';
import { buildSuite, freshWorkspace } from './lib/suite-build.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const cache = join(root, '.e2e-cache', 'electron');

if (!process.argv.includes('--skip-build')) {
  const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const extensionTestsPath = await buildSuite(root, cache, { breakIt: process.env.E2E_BREAK === '1' });
const tmp = mkdtempSync(join(tmpdir(), 'istio-tips-e2e-electron-'));
let code = 1;
try {
  const workspace = freshWorkspace(root, tmp, 'workspace');
  code = await runTests({
    version: process.env.E2E_VSCODE_VERSION ?? '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${join(tmp, 'user-data')}`,
    ],
  });
} catch (e) {
  console.error(`VS Code could not be started: ${e?.message ?? e}`);
} finally {
  const resultsFile = join(cache, 'suite', 'results.json');
  if (existsSync(resultsFile)) {
    const { outcomes } = JSON.parse(readFileSync(resultsFile, 'utf8'));
    const passed = outcomes.filter((o) => o.state === 'passed').length;
    console.log(`${passed} passed, ${outcomes.length - passed} failed`);
  }
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
