/**
 * Helpers for the extension tests that run inside the real VS Code extension host.
 * Everything waits on editor events (never on a fixed delay); a deadline only turns a hang
 * into a readable failure that shows what the editor had instead.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import expectedJson from '../fixtures/expected.json';

export const EXTENSION_ID = 'istio-tips.istio-tips';
export const SOURCE = 'istio-tips';

/** `E2E_BREAK=1 npm run test:e2e` flips one expectation to prove the suite can fail. */
export const BREAK = process.env.E2E_BREAK === '1';

export interface Expected {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** 0-based [startLine, startCharacter, endLine, endCharacter] */
  range: [number, number, number, number];
}

export const EXPECTED = expectedJson as unknown as Record<string, Expected[]>;

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder');
  return folder.uri;
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITY: Record<Expected['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function describeDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  const sev = Object.entries(SEVERITY).find(([, v]) => v === d.severity)?.[0] ?? String(d.severity);
  return `${codeOf(d)} ${sev} [${r.start.line},${r.start.character},${r.end.line},${r.end.character}]`;
}

function describeExpected(e: Expected): string {
  return `${e.code} ${e.severity} [${e.range.join(',')}]`;
}

/** The fixture's expected diagnostics, as sorted strings comparable with `describeDiagnostic`. */
export function expectedFor(relative: string): string[] {
  const list = EXPECTED[relative];
  assert.ok(list, `no expectations for ${relative} in fixtures/expected.json`);
  return list.map(describeExpected).sort();
}

export function actualFor(uri: vscode.Uri): string[] {
  return ours(uri).map(describeDiagnostic).sort();
}

/**
 * Resolves with our diagnostics for `uri` once `predicate` holds for them, checking now and
 * on every diagnostics change of that uri.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): boolean => {
      const diags = ours(uri);
      if (!predicate(diags)) return false;
      sub.dispose();
      if (timer) clearTimeout(timer);
      resolve(diags);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) finish();
    });
    if (finish()) return;
    timer = setTimeout(() => {
      sub.dispose();
      const now = actualFor(uri);
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${uri.path}; diagnostics now: ${JSON.stringify(now)}`));
    }, timeoutMs);
  });
}

/** Waits until the file's diagnostics are exactly the expected set (codes, severities, ranges). */
export async function expectExactly(uri: vscode.Uri, expected: string[], what: string): Promise<void> {
  const want = JSON.stringify([...expected].sort());
  await waitForDiagnostics(uri, () => JSON.stringify(actualFor(uri)) === want, `${what}: ${want}`);
}

export function hasCode(code: string): (d: vscode.Diagnostic[]) => boolean {
  return (diags) => diags.some((d) => codeOf(d) === code);
}

export function lacksCode(code: string): (d: vscode.Diagnostic[]) => boolean {
  return (diags) => !diags.some((d) => codeOf(d) === code);
}

/** Quick fixes VS Code gathers for a range, with lazily resolved edits filled in. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const all =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      kind,
      50,
    )) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a || 'diagnostics' in a);
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit for "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Replaces the first occurrence of `from` (on the line containing `marker`) in an open document. */
export async function replaceInDocument(doc: vscode.TextDocument, marker: string, from: string, to: string): Promise<void> {
  const text = doc.getText();
  const lineStart = text.indexOf(marker);
  assert.ok(lineStart >= 0, `"${marker}" in ${doc.uri.path}`);
  const at = text.indexOf(from, lineStart);
  assert.ok(at >= 0, `"${from}" after "${marker}" in ${doc.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit');
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}
