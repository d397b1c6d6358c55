/** istioTips/fixAllUnsafe: every fix, those that change behaviour listed; source.fixAll stays safe-only. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './helpers';
import type { FixAllUnsafeResult } from '../../server/src/lsp/protocol';

const T = { timeout: 20_000 };
const LEGACY = readFileSync(join(__dirname, '../e2e/fixtures/workspace/fixall/legacy-policies.yaml'), 'utf8');

describe('lsp: fix all including fixes that change behaviour', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.initialize();
  });
  after(() => s.shutdown());

  it('returns one edit with every fix and lists the ones that change behaviour', T, async () => {
    const uri = 'file:///virtual/legacy.yaml';
    s.open(uri, LEGACY);
    await s.diagnostics(uri, 1);
    const r = await s.request<FixAllUnsafeResult | null>('istioTips/fixAllUnsafe', { uri });
    assert.ok(r);
    assert.equal(r.version, 1);
    // No istioVersion is set: v1beta1 -> v1 is for review too, and so is Permissive -> PERMISSIVE
    // (the resource was rejected as written, so the corrected one starts enforcing).
    assert.deepEqual(r.unsafe.map((f) => f.rule), ['mtls-v1beta1-api', 'mtls-invalid-mode', 'regex-escaped-wildcard']);
    assert.ok(r.applied > r.unsafe.length);
    const fixed = s.applyWorkspaceEdit({ changes: { [uri]: [r.edit] } }, uri);
    assert.match(fixed, /apiVersion: security\.istio\.io\/v1\n/);
    assert.doesNotMatch(fixed, /\\\*/);
    // The safe fix-all action leaves the regex alone.
    const other = 'file:///virtual/legacy-safe.yaml';
    s.open(other, LEGACY);
    await s.diagnostics(other, 1);
    const actions = await s.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: other },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.istio-tips'] },
    });
    const safe = s.applyWorkspaceEdit(actions[0].edit!, other);
    assert.match(safe, /\.\\\*/);
  });

  it('answers null when nothing would change or the document is not open', T, async () => {
    const uri = 'file:///virtual/clean.yaml';
    s.open(uri, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n');
    await s.diagnostics(uri, 1);
    assert.equal(await s.request('istioTips/fixAllUnsafe', { uri }), null);
    assert.equal(await s.request('istioTips/fixAllUnsafe', { uri: 'file:///virtual/never-opened.yaml' }), null);
    assert.equal(await s.request('istioTips/fixAllUnsafe', {}), null);
  });
});
