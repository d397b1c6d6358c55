#!/usr/bin/env node
// `npm run test:e2e`: Istio Tips in real editors.
//   1. the mocha suite (test/e2e/suite) inside a real VS Code extension host
//      (code-server's VS Code server + headless Chromium), against the built extension;
//   2. one smoke test through the workbench UI (squiggle, Problems view, light bulb, hover);
//   3. Neovim as a plain stdio LSP client of dist/server.js.
// Editors are installed into .e2e-cache/ on first use. Options:
//   --skip-build         use the existing dist/ (default: npm run build first)
//   --only=ext,ui,nvim   run some stages only
//   E2E_BREAK=1          flip one expected range per stage, to see the suite fail
//   E2E_SCREENSHOTS=1    write the UI screenshots to test/e2e/screenshots/ (README pictures)
//   E2E_KEEP=1           keep the temporary workspaces and profiles
//   E2E_TIMEOUT_S=600    deadline for the stages (after the one-time install and the build)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { checkSystemTools, ensureCodeServer, ensurePlaywright, SetupError } from './lib/setup.mjs';
import { cleanupAll, installSignalHandlers, onCleanup, startVsCodeServer } from './lib/processes.mjs';
import { launchBrowser, runExtensionTests } from './lib/workbench.mjs';
import { runUiSmoke } from './lib/ui-smoke.mjs';
import { measureUiKeystrokes } from './lib/ui-latency.mjs';
import { runNeovimCheck, runNeovimCompletion } from './lib/nvim.mjs';
import { buildSuite, freshWorkspace } from './lib/suite-build.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const cache = join(root, '.e2e-cache');
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (stage) => !only || only.includes(stage);
const BREAK = process.env.E2E_BREAK === '1';
const deadlineS = Number(process.env.E2E_TIMEOUT_S ?? 600);

const results = []; // {stage, name, ok, ms, detail}
const started = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[e2e ${secs(Date.now() - started).padStart(7)}] ${msg}`);

function record(stage, name, ok, ms, detail) {
  results.push({ stage, name, ok, ms, detail });
  console.log(`  ${ok ? '✔' : '✖'} [${stage}] ${name}${ms !== undefined ? ` (${secs(ms)})` : ''}`);
  if (!ok && detail) console.log(`      ${String(detail).split('\n').join('\n      ')}`);
}

function summary() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\ne2e finished in ${secs(Date.now() - started)}; logs in ${join(cache, 'logs')}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

function logFile(name) {
  mkdirSync(join(cache, 'logs'), { recursive: true });
  const stream = createWriteStream(join(cache, 'logs', name));
  onCleanup(() => new Promise((r) => stream.end(r)));
  return (text) => stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function main() {
  installSignalHandlers();

  // ── setup ──────────────────────────────────────────────────────────────────
  const tools = checkSystemTools();
  if (tools.missing.length) {
    console.error(`e2e needs: ${tools.missing.join(', ')}\n${tools.hint}`);
    record('setup', 'system tools', false, undefined, tools.missing.join(', '));
    return;
  }
  let t0 = Date.now();
  const serverMain = ensureCodeServer(cache, say);
  const playwright = ensurePlaywright(root, cache, say);
  say(`editors ready (${secs(Date.now() - t0)})`);
  if (!args.includes('--skip-build')) {
    t0 = Date.now();
    const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) {
      record('setup', 'npm run build', false, Date.now() - t0, `exit ${b.status}`);
      return;
    }
    say(`built dist/ (${secs(Date.now() - t0)})`);
  }
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!existsSync(join(root, f))) {
      record('setup', `${f} exists`, false, undefined, 'the build did not produce it');
      return;
    }
  }
  // The deadline covers the stages; the one-time install has its own bound (setup.mjs).
  const deadline = setTimeout(() => {
    record('run', `deadline of ${deadlineS} s for the stages`, false, undefined, 'stopping the editors');
    cleanupAll().finally(() => process.exit(summary()));
  }, deadlineS * 1000);
  deadline.unref();
  const tmp = mkdtempSync(join(tmpdir(), 'istio-tips-e2e-'));
  if (process.env.E2E_KEEP !== '1') onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  else say(`keeping ${tmp}`);
  const perfFile = benchFile(tmp);
  // The language server (started by the extension host that code-server forks) logs when
  // documents arrive and diagnostics leave; the latency suite splits its figures with it.
  const timingLog = perfFile ? join(tmp, 'perf', 'server-timing.jsonl') : '';
  if (timingLog) process.env.ISTIO_TIPS_TIMING_LOG = timingLog;
  const testsPath = await buildSuite(root, cache, { breakIt: BREAK, perfFile, timingLog });
  const expected = JSON.parse(readFileSync(join(root, 'test/e2e/fixtures/expected.json'), 'utf8'));

  // ── 1 + 2: VS Code ─────────────────────────────────────────────────────────
  if (wants('ext') || wants('ui')) {
    t0 = Date.now();
    const serverLog = logFile('vscode-server.log');
    const server = await startVsCodeServer({ serverMain, dir: join(tmp, 'vscode'), log: serverLog });
    say(`VS Code server ${server.url} up (${secs(Date.now() - t0)})`);
    const context = await launchBrowser(playwright, tmp);

    if (wants('ext')) {
      t0 = Date.now();
      const log = logFile('extension-tests.log');
      const resultsFile = join(cache, 'suite', 'results.json');
      const folder = freshWorkspace(root, tmp, 'ws-extension-tests');
      // A workspace copy of the benchmark file, which the server scans at start: the latency
      // suite opens it as users open their files (its documents touch no fixture's findings).
      if (perfFile) {
        mkdirSync(join(folder, 'latency'), { recursive: true });
        copyFileSync(perfFile, join(folder, 'latency', 'single-2000.yaml'));
      }
      const code = await runExtensionTests({
        context,
        server,
        folder,
        extensionPath: root,
        testsPath,
        timeoutMs: 300_000,
        log,
      });
      const ms = Date.now() - t0;
      const outcomes = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).outcomes : [];
      for (const o of outcomes) record('vscode', o.title, o.state === 'passed', o.ms, o.error);
      if (code === 'timeout') record('vscode', 'extension tests finish', false, ms, 'no exit code from the workbench within 300 s');
      else if (code !== 0 && !outcomes.some((o) => o.state === 'failed')) {
        record('vscode', 'extension tests exit 0', false, ms, `exit code ${code}; see ${join(cache, 'logs/extension-tests.log')}`);
      }
      say(`extension tests: exit ${code} (${secs(ms)})`);
      reportLatency(join(cache, 'suite', 'latency.json'));
    }

    if (wants('ui')) {
      t0 = Date.now();
      const screenshotDir = process.env.E2E_SCREENSHOTS === '1' ? join(root, 'test/e2e/screenshots') : join(cache, 'screenshots');
      const steps = await runUiSmoke({
        context,
        server,
        folder: freshWorkspace(root, tmp, 'ws-ui'),
        extensionPath: root,
        screenshotDir,
        log: logFile('ui-smoke.log'),
      });
      for (const s of steps) record('ui', s.name, s.ok, s.ms, s.ok ? undefined : s.detail);
      say(`UI smoke (${secs(Date.now() - t0)}); screenshots in ${screenshotDir}`);
      if (perfFile) {
        t0 = Date.now();
        try {
          const keys = await measureUiKeystrokes({ context, server, folder: freshWorkspace(root, tmp, 'ws-ui-latency'), extensionPath: root, perfFile, timingLog, log: logFile('ui-latency.log') });
          record('ui', 'typing into the 2,000-document file adds and removes the error squiggle', true, Date.now() - t0);
          const p = (x) => (x ? `${Math.round(x.p50)}/${Math.round(x.p95)} ms` : '—');
          say(`  keystroke -> squiggle drawn (real key presses, timed in the page): p50 ${Math.round(keys.p50)} ms, p95 ${Math.round(keys.p95)} ms (${keys.all.length} keys)`);
          say(`  split at the server's timing log (p50/p95): to the server ${p(keys.parts?.toServer)}, server ${p(keys.parts?.server)}, publish to squiggle ${p(keys.parts?.toSquiggle)}`);
          writeFileSync(join(cache, 'logs', 'latency-ui.json'), JSON.stringify(keys, null, 2));
        } catch (e) {
          record('ui', 'typing into the 2,000-document file adds and removes the error squiggle', false, Date.now() - t0, e?.message ?? String(e));
        }
      }
    }
  }

  // ── 3: Neovim ──────────────────────────────────────────────────────────────
  if (wants('nvim')) {
    const file = 'routing/reviews-virtual-service.yaml';
    const r = await runNeovimCheck({
      root,
      workspace: freshWorkspace(root, tmp, 'ws-nvim'),
      file,
      expected: expected[file],
      breakIt: BREAK,
      dir: tmp,
    });
    record('nvim', `Neovim (stdio) receives the diagnostics of ${file}`, r.ok, r.ms, r.detail);
    const workspace = freshWorkspace(root, tmp, 'ws-nvim-completion');
    const empty = await runNeovimCompletion({
      root, workspace, file: 'snippets/new-policy.yaml', at: '0,0', dir: tmp,
      want: ['istio-mtls-namespace-strict', 'istio-vs-header-regex', 'istio-gateway'],
    });
    record('nvim', 'Neovim gets the manifest snippets (plain text) in an empty file', empty.ok, empty.ms, empty.detail);
    // `    mode: strict` (line 8): the end of a value.
    const value = await runNeovimCompletion({ root, workspace, file: 'quickfix/peer-authentication-case.yaml', at: '7,16', dir: tmp, want: [] });
    record('nvim', 'Neovim gets no snippet in a value position', value.ok, value.ms, value.detail);
  }
}

/**
 * The benchmark's 2,000-document file (bench/corpus.ts), copied outside the workspace folders
 * for the latency measurement of 00-latency.test.ts; '' when it cannot be generated.
 */
function benchFile(tmp) {
  const source = join(root, 'bench/.corpus/single-2000.yaml');
  if (!existsSync(source)) {
    const script = "require('./bench/corpus.ts').ensureCorpus('bench/.corpus')";
    spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(source)) return '';
  const dir = join(tmp, 'perf');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'single-2000.yaml');
  const text = readFileSync(source);
  writeFileSync(file, text);
  for (let i = 1; i <= 3; i++) writeFileSync(join(dir, `single-2000-warm-${i}.yaml`), text);
  return file;
}

/** Prints what 00-latency.test.ts measured (and keeps it in the logs folder). */
function reportLatency(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (r.coldOpenMs === undefined || !r.warmOpenMs || !r.keystrokeMs) return;
  const ms = (x) => `${Math.round(x)} ms`;
  say(`latency (2,000-document file, ${(r.bytes / 1e6).toFixed(2)} MB, ${r.diagnostics} diagnostics, default settings):`);
  say(`  open -> diagnostics handed to VS Code (squiggles): warm ${r.warmOpenMs.map(ms).join(' / ')}`);
  say(`  keystroke -> diagnostics handed to VS Code: p50 ${ms(r.keystrokeMs.p50)}, p95 ${ms(r.keystrokeMs.p95)} (${r.keystrokeMs.all.length} edits)`);
  // VS Code's languages.onDidChangeDiagnostics is debounced by 50 ms; the cold open is only seen there.
  say(`  the same at VS Code's onDidChangeDiagnostics: cold open ${ms(r.coldOpenMs)} (extension active before: ${r.activeBeforeOpen}), warm ${(r.warmOpenEventMs ?? []).map(ms).join(' / ')}, keystroke p50 ${ms(r.keystrokeEventMs?.p50 ?? NaN)}, p95 ${ms(r.keystrokeEventMs?.p95 ?? NaN)}`);
  const parts = (p) =>
    ['editor', 'toServer', 'server', 'back'].map((k) => `${k} ${p?.[k] ? `${ms(p[k].p50)}/${ms(p[k].p95)}` : '—'}`).join(', ');
  say(`  keystroke, split at the server's timing log (p50/p95): ${parts(r.keystrokeParts)}`);
  say(`  warm open, split the same way: ${parts(r.warmOpenParts)}`);
  if (r.workspaceOpenMs) say(`  open of the same file inside the workspace (scanned at start), handed to VS Code: ${ms(r.workspaceOpenMs)}; split: ${parts(r.workspaceOpenParts)}`);
  say(`  cold open, split the same way (toServer: activation, client, server start; back: ends at VS Code's event): ${parts(r.coldOpenParts)}`);
  mkdirSync(join(cache, 'logs'), { recursive: true });
  writeFileSync(join(cache, 'logs', 'latency.json'), JSON.stringify(r, null, 2));
}

let exitCode = 1;
try {
  await main();
} catch (e) {
  record('run', 'e2e runner', false, undefined, e instanceof SetupError ? e.message : e?.stack ?? String(e));
} finally {
  await cleanupAll();
  exitCode = summary();
}
process.exit(exitCode);
