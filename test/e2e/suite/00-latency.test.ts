/// <reference types="mocha" />
/**
 * Measures (never asserts on time): the 2,000-document benchmark file opened in the real
 * editor until its diagnostics reach VS Code, cold (first YAML file of the window: extension
 * activation, client loading, server start) and warm (closed and opened again), and keystrokes
 * until the new diagnostics arrive, with default settings. Runs first, so "cold" is cold.
 * The file stays outside the workspace folder so its resources do not mix into the fixtures'
 * cross-file checks. Results go to latency.json beside the suite; run.mjs prints them.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ours } from './helpers';

const PERF_FILE = process.env.E2E_PERF_FILE ?? '';

/** Resolves with the time when our diagnostics for `uri` next satisfy `predicate`. */
function nextDiagnostics(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no diagnostics for ${uri.path} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key) || !predicate(ours(uri))) return;
      const t = performance.now();
      clearTimeout(timer);
      sub.dispose();
      resolve(t);
    });
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

describe('latency in the real editor (measured, not asserted)', function () {
  this.timeout(180_000);
  const results: Record<string, unknown> = {};
  after(() => fs.writeFileSync(path.join(__dirname, 'latency.json'), JSON.stringify(results, null, 2)));

  it('opens the 2,000-document file cold and warm, and types into it', async function () {
    if (!PERF_FILE || !fs.existsSync(PERF_FILE)) return this.skip();
    const uri = vscode.Uri.file(PERF_FILE);
    const ext = vscode.extensions.getExtension('istio-tips.istio-tips')!;
    results.activeBeforeOpen = ext.isActive;
    results.bytes = fs.statSync(PERF_FILE).size;

    let t0 = performance.now();
    let arrived = nextDiagnostics(uri, (d) => d.length > 0);
    let editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const shown = performance.now();
    results.coldOpenMs = (await arrived) - t0;
    results.coldEditorShownMs = shown - t0;
    results.diagnostics = ours(uri).length;

    // Warm: the server runs already; each copy is a file the editor has not seen (closing an
    // editor does not close its document at once, so reopening the same file proves nothing).
    const warm: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const copy = vscode.Uri.file(PERF_FILE.replace(/\.yaml$/, `-warm-${i}.yaml`));
      t0 = performance.now();
      arrived = nextDiagnostics(copy, (d) => d.length > 0);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(copy), { preview: false });
      warm.push((await arrived) - t0);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    results.warmOpenMs = warm;
    editor = await vscode.window.showTextDocument(editor.document, { preview: false });

    // Keystrokes: make `mode: STRICT` invalid and valid again; each edit changes the diagnostics.
    const doc = editor.document;
    const at = doc.positionAt(doc.getText().indexOf('mode: STRICT') + 'mode: STRICT'.length);
    const base = ours(uri).length;
    const keys: number[] = [];
    for (let i = 0; i < 20; i++) {
      const add = i % 2 === 0;
      const want = add ? base + 1 : base;
      const next = nextDiagnostics(uri, (d) => d.length === want);
      const t = performance.now();
      const ok = await editor.edit((e) => (add ? e.insert(at, 'X') : e.delete(new vscode.Range(at, at.translate(0, 1)))));
      assert.ok(ok);
      keys.push((await next) - t);
    }
    results.keystrokeMs = { p50: percentile(keys, 50), p95: percentile(keys, 95), all: keys };
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
