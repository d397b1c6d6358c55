import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './helpers';
import { lowercaseStrict, validStrict } from './fixtures';

const T = { timeout: 20_000 };

function actionsFor(s: TestServer, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return s.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
}

describe('lsp: code actions', () => {
  let s: TestServer;
  before(async () => {
    // A debounce keeps version 2 pending while the test asks for actions on version 1's diagnostics.
    s = await startServer({ settings: { debounce: 150 } });
    await s.initialize({ initializationOptions: { clientCommands: true } });
  });
  after(() => s.shutdown());

  it('offers the rule fix as a preferred quickfix, found by diagnostic code, with a versioned edit', T, async () => {
    const uri = 'file:///virtual/quickfix.yaml';
    s.open(uri, lowercaseStrict('ca-9'));
    const { diagnostics } = await s.diagnostics(uri, 1);
    // A misleading message must not matter: actions are keyed by code.
    const actions = await actionsFor(s, uri, diagnostics.map((d) => ({ ...d, message: 'something else' })));
    const fix = actions.find((a) => a.title.includes('STRICT'));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const change = fix.edit?.documentChanges?.[0] as { textDocument: { uri: string; version: number } };
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(s.applyWorkspaceEdit(fix.edit!, uri), validStrict('ca-9'));
    assert.deepEqual((await s.diagnostics(uri, 2)).diagnostics, []);
  });

  it('"Disable for this line" inserts the directive above, with that line\'s indentation', T, async () => {
    const uri = 'file:///virtual/disable-line.yaml';
    s.open(uri, lowercaseStrict('ca-10'));
    const { diagnostics } = await s.diagnostics(uri, 1);
    const action = (await actionsFor(s, uri, diagnostics)).find((a) => a.title === 'Disable mtls-invalid-mode for this line');
    assert.ok(action);
    const text = s.applyWorkspaceEdit(action.edit!, uri);
    assert.equal(text, lowercaseStrict('ca-10').replace('    mode: strict', '    # istio-tips-disable-next-line mtls-invalid-mode\n    mode: strict'));
    assert.deepEqual((await s.diagnostics(uri, 2)).diagnostics, []);
  });

  it('"Disable for this line" adds the rule to a directive already above the line', T, async () => {
    const uri = 'file:///virtual/disable-append.yaml';
    const before = lowercaseStrict('ca-11').replace('    mode: strict', '    # istio-tips-disable-next-line yaml-syntax -- reviewed\n    mode: strict');
    s.open(uri, before);
    const { diagnostics } = await s.diagnostics(uri, 1);
    const action = (await actionsFor(s, uri, diagnostics)).find((a) => a.title === 'Disable mtls-invalid-mode for this line');
    assert.ok(action);
    const text = s.applyWorkspaceEdit(action.edit!, uri);
    assert.equal(text, before.replace('yaml-syntax -- reviewed', 'yaml-syntax, mtls-invalid-mode -- reviewed'));
    assert.deepEqual((await s.diagnostics(uri, 2)).diagnostics, []);
  });

  it('"Disable for this file" and "Show documentation" are offered once per rule', T, async () => {
    const uri = 'file:///virtual/disable-file.yaml';
    s.open(uri, `${lowercaseStrict('ca-12-a')}---\n${lowercaseStrict('ca-12-b')}`);
    const { diagnostics } = await s.diagnostics(uri, 1);
    assert.equal(diagnostics.length, 2);
    const actions = await actionsFor(s, uri, diagnostics);
    const file = actions.filter((a) => a.title === 'Disable mtls-invalid-mode for this file');
    assert.equal(file.length, 1);
    const docs = actions.filter((a) => a.title === 'Show documentation for mtls-invalid-mode');
    assert.equal(docs.length, 1);
    assert.deepEqual(docs[0].command, { title: 'Show documentation for mtls-invalid-mode', command: 'istioTips.showRuleDocumentation', arguments: ['mtls-invalid-mode'] });
    const text = s.applyWorkspaceEdit(file[0].edit!, uri);
    assert.ok(text.startsWith('# istio-tips-disable-file mtls-invalid-mode\napiVersion'));
    assert.deepEqual((await s.diagnostics(uri, 2)).diagnostics, []);
  });

  it('source.fixAll.istio-tips applies every safe fix in one edit', T, async () => {
    const uri = 'file:///virtual/fix-all.yaml';
    // Removing an empty selector keeps every mode (safe); capitalising a rejected mode makes the
    // policy start to apply, so fix-all leaves it (mtls/fix-safety.test.ts).
    const emptySelector = (ns: string) => validStrict(ns).replace('spec:\n', 'spec:\n  selector: {}\n');
    const text = `${emptySelector('ca-13-a')}---\n${emptySelector('ca-13-b')}---\n${lowercaseStrict('ca-13-c')}`;
    s.open(uri, text);
    assert.equal((await s.diagnostics(uri, 1)).diagnostics.length, 3);
    const actions = await actionsFor(s, uri, [], ['source.fixAll.istio-tips']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all safe Istio Tips problems', 'source.fixAll.istio-tips']]);
    const fixed = s.applyWorkspaceEdit(actions[0].edit!, uri);
    assert.equal(fixed, text.replaceAll('  selector: {}\n', ''));
    const after = await s.diagnostics(uri, 2);
    assert.deepEqual(after.diagnostics.map((d) => d.range.start.line), [fixed.split('\n').indexOf('    mode: strict')]);
    // Nothing safe left: no fix-all action.
    assert.deepEqual(await actionsFor(s, uri, [], ['source.fixAll.istio-tips']), []);
  });

  it('refuses diagnostics of an older version', T, async () => {
    const uri = 'file:///virtual/stale.yaml';
    s.open(uri, lowercaseStrict('ca-14'));
    const { diagnostics } = await s.diagnostics(uri, 1);
    s.change(uri, 2, `# moved\n${lowercaseStrict('ca-14')}`);
    assert.deepEqual(await actionsFor(s, uri, diagnostics), []);
    const fresh = await s.diagnostics(uri, 2);
    assert.ok((await actionsFor(s, uri, fresh.diagnostics)).length > 0);
  });

  it('works for clients that do not send diagnostic data back', T, async () => {
    const uri = 'file:///virtual/no-data.yaml';
    s.open(uri, lowercaseStrict('ca-15'));
    const { diagnostics } = await s.diagnostics(uri, 1);
    const actions = await actionsFor(s, uri, diagnostics.map(({ data: _data, ...d }) => d));
    assert.ok(actions.some((a) => a.title.includes('STRICT') && a.isPreferred));
  });
});
