/// <reference types="mocha" />
/**
 * Measures (never asserts on time): the 2,000-document benchmark file opened in the real
 * editor until its diagnostics reach VS Code, cold (first YAML file of the window: extension
 * activation, client loading, server start) and warm (the server runs and is idle), and
 * keystrokes until the new diagnostics arrive, with default settings. Runs first, so "cold"
 * is cold. The file stays outside the workspace folder so its resources do not mix into the
 * fixtures' cross-file checks. Results go to latency.json beside the suite; run.mjs prints them.
 *
 * Each time is taken twice: when the client hands the diagnostics to VS Code (the extension's
 * onDidPublishDiagnostics; squiggles are drawn from there) and when VS Code's
 * languages.onDidChangeDiagnostics fires, which VS Code debounces by 50 ms
 * (ExtHostDiagnostics' DebounceEmitter), so it says more about VS Code than about us.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { IstioTipsApi } from '../../../client/src/extension';
import { codeOf, EXTENSION_ID, ours, workspaceRoot } from './helpers';

const PERF_FILE = process.env.E2E_PERF_FILE ?? '';
/** The server's ISTIO_TIPS_TIMING_LOG (server/src/lsp/timing-log.ts), '' when not kept. */
const TIMING_LOG = process.env.E2E_TIMING_LOG ?? '';

/** Wall clock in ms, comparable with the server's timing log (another process of this machine). */
const wall = (t: number) => performance.timeOrigin + t;

interface ServerEvent {
  event: 'open' | 'change' | 'publish';
  uri: string;
  version: number | undefined;
  t: number;
}

function serverEvents(): ServerEvent[] {
  if (!TIMING_LOG || !fs.existsSync(TIMING_LOG)) return [];
  return fs
    .readFileSync(TIMING_LOG, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ServerEvent);
}

/** One keystroke or open, on the wall clock: started, seen by the extension host, handed to VS Code. */
interface Trace {
  uri: string;
  version: number;
  start: number;
  seen: number;
  client: number;
}

/**
 * Splits each trace at the server's log: the editor's part (until the extension host has the
 * change; only for keystrokes), the way to the server, the server's own work until it publishes
 * that version, and the way back (IPC, the client's conversion) until VS Code has it.
 */
function breakdown(traces: Trace[], arrival: 'open' | 'change') {
  const events = serverEvents();
  const parts = { editor: [] as number[], toServer: [] as number[], server: [] as number[], back: [] as number[] };
  for (const tr of traces) {
    const came = events.find((e) => e.event === arrival && e.uri === tr.uri && e.version === tr.version);
    const left = events.find((e) => e.event === 'publish' && e.uri === tr.uri && e.version === tr.version);
    if (!came || !left) continue;
    parts.editor.push(tr.seen - tr.start);
    parts.toServer.push(came.t - tr.seen);
    parts.server.push(left.t - came.t);
    parts.back.push(tr.client - left.t);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, xs]) => [k, xs.length ? spread(xs) : undefined]));
}

type Check = (d: vscode.Diagnostic[]) => boolean;

/** Resolves with the time when `event` next reports `uri` while our diagnostics satisfy `check`. */
function when(event: vscode.Event<vscode.DiagnosticChangeEvent | vscode.Uri>, uri: vscode.Uri, check: Check, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: no diagnostics for ${uri.path} within 60 s (has ${ours(uri).length})`));
    }, 60_000);
    const sub = event((e) => {
      const uris = e instanceof vscode.Uri ? [e] : e.uris;
      if (!uris.some((u) => u.toString() === key) || !check(ours(uri))) return;
      const t = performance.now();
      clearTimeout(timer);
      sub.dispose();
      resolve(t);
    });
  });
}

/** Both arrival times of the next diagnostics of `uri` that satisfy `check`, relative to `start()`'s time. */
async function measure(api: IstioTipsApi, uri: vscode.Uri, check: Check, what: string, start: () => Promise<unknown>) {
  const client = when(api.onDidPublishDiagnostics, uri, check, `${what} (client)`);
  const editor = when(vscode.languages.onDidChangeDiagnostics, uri, check, `${what} (VS Code event)`);
  const t0 = performance.now();
  await start();
  return { start: t0, client: (await client) - t0, event: (await editor) - t0 };
}

/**
 * Opens `uri` in an editor and measures it: both arrival times, and the trace split at the
 * server's log (seen: the extension host has the document).
 */
async function measureOpen(api: IstioTipsApi, uri: vscode.Uri, check: Check, what: string) {
  let doc: vscode.TextDocument | undefined;
  let seen = 0;
  const t = await measure(api, uri, check, what, async () => {
    doc = await vscode.workspace.openTextDocument(uri);
    seen = performance.now();
    await vscode.window.showTextDocument(doc, { preview: false });
  });
  const trace: Trace = { uri: uri.toString(), version: doc!.version, start: wall(t.start), seen: wall(seen), client: wall(t.start + t.client) };
  return { ...t, doc: doc!, trace };
}

/** Closes `doc` for the language server at once (an editor's document lingers after its tab closes). */
async function forget(api: IstioTipsApi, doc: vscode.TextDocument): Promise<void> {
  await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await api.whenIdle();
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const spread = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), all: xs });

describe('latency in the real editor (measured, not asserted)', function () {
  this.timeout(240_000);
  const results: Record<string, unknown> = {};
  after(() => fs.writeFileSync(path.join(__dirname, 'latency.json'), JSON.stringify(results, null, 2)));

  it('opens the 2,000-document file cold and warm, and types into it', async function () {
    if (!PERF_FILE || !fs.existsSync(PERF_FILE)) return this.skip();
    const uri = vscode.Uri.file(PERF_FILE);
    const ext = vscode.extensions.getExtension<IstioTipsApi>(EXTENSION_ID)!;
    results.activeBeforeOpen = ext.isActive;
    results.bytes = fs.statSync(PERF_FILE).size;
    const some: Check = (d) => d.length > 0;

    // Cold: nothing of ours is loaded; activation happens on this open. Only VS Code's event
    // sees it (the extension's own event exists once it is active).
    let editor: vscode.TextEditor | undefined;
    const t0 = performance.now();
    const coldEvent = when(vscode.languages.onDidChangeDiagnostics, uri, some, 'cold open');
    const coldDoc = await vscode.workspace.openTextDocument(uri);
    const coldSeen = performance.now();
    editor = await vscode.window.showTextDocument(coldDoc, { preview: false });
    results.coldEditorShownMs = performance.now() - t0;
    const coldEnd = await coldEvent;
    results.coldOpenMs = coldEnd - t0;
    const api = await ext.activate();
    await api.whenIdle();
    const total = ours(uri).length;
    results.diagnostics = total;
    results.coldOpenParts = breakdown([{ uri: uri.toString(), version: coldDoc.version, start: wall(t0), seen: wall(coldSeen), client: wall(coldEnd) }], 'open');
    // A warm open counts once all of them are there (not at the first, partial publish).
    const complete: Check = (d) => d.length === total;

    // Keystrokes into the idle server: make `mode: STRICT` invalid and valid again.
    const doc = editor.document;
    const at = doc.positionAt(doc.getText().indexOf('mode: STRICT') + 'mode: STRICT'.length);
    const invalid = (d: vscode.Diagnostic[]) => d.some((x) => codeOf(x) === 'mtls-invalid-mode' && x.range.start.line === at.line);
    const client: number[] = [];
    const event: number[] = [];
    const traces: Trace[] = [];
    for (let i = 0; i < 20; i++) {
      const add = i % 2 === 0;
      const check: Check = add ? invalid : (d) => !invalid(d);
      const seen = new Promise<number>((resolve) => {
        const sub = vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document !== doc) return;
          sub.dispose();
          resolve(performance.now());
        });
      });
      const t = await measure(api, uri, check, `keystroke ${i}`, async () => {
        assert.ok(await editor!.edit((e) => (add ? e.insert(at, 'X') : e.delete(new vscode.Range(at, at.translate(0, 1))))));
      });
      client.push(t.client);
      event.push(t.event);
      traces.push({ uri: uri.toString(), version: doc.version, start: wall(t.start), seen: wall(await seen), client: wall(t.start + t.client) });
    }
    results.keystrokeMs = spread(client);
    results.keystrokeEventMs = spread(event);
    results.keystrokeParts = breakdown(traces, 'change');
    await forget(api, doc);
    editor = undefined;

    // Warm: the server runs and is idle, nothing else is open; each copy is a file the editor
    // has not seen, and leaves the server before the next one opens.
    const warm: Awaited<ReturnType<typeof measureOpen>>[] = [];
    for (let i = 1; i <= 3; i++) {
      const copy = vscode.Uri.file(PERF_FILE.replace(/\.yaml$/, `-warm-${i}.yaml`));
      const opened = await measureOpen(api, copy, complete, `warm open ${i}`);
      warm.push(opened);
      await forget(api, opened.doc);
    }
    results.warmOpenMs = warm.map((w) => w.client);
    results.warmOpenEventMs = warm.map((w) => w.event);
    results.warmOpenParts = breakdown(warm.map((w) => w.trace), 'open');

    // The same file inside the workspace folder, as users open theirs: the server has analysed it
    // in its start-up scan (whenIdle above waited for that). Deleted afterwards, so the other
    // suites see the fixtures alone.
    const inWorkspace = vscode.Uri.joinPath(workspaceRoot(), 'latency', 'single-2000.yaml');
    if (fs.existsSync(inWorkspace.fsPath)) {
      const opened = await measureOpen(api, inWorkspace, complete, 'workspace open');
      results.workspaceOpenMs = opened.client;
      results.workspaceOpenParts = breakdown([opened.trace], 'open');
      await forget(api, opened.doc);
      await vscode.workspace.fs.delete(inWorkspace);
    }
  });
});
