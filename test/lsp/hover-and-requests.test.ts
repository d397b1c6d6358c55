import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './helpers';
import { lowercaseStrict } from './fixtures';

const T = { timeout: 20_000 };

describe('lsp: hover, custom requests, robustness', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.initialize();
  });
  after(() => s.shutdown());

  it('hover on a flagged regex: what it matches first, then one paragraph on the finding, then the links', T, async () => {
    const uri = 'file:///virtual/hover-regex.yaml';
    s.open(
      uri,
      [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: web}',
        'spec:',
        '  hosts: [web]',
        '  http:',
        '  - match:',
        '    - headers:',
        '        user-agent: {regex: Google}',
        '    route: [{destination: {host: web}}]',
        '',
      ].join('\n'),
    );
    await s.diagnostics(uri, 1);
    const h = await s.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 30 } });
    const value = (h.contents as { kind: string; value: string }).value;
    const lines = value.split('\n').filter((l) => l.trim() !== '');
    assert.match(lines[0], /^Matches: `Google`/);
    assert.match(lines[1], /^Does not match: /);
    assert.match(lines[2], /^\*\*RE2 full match\*\*/);
    assert.equal(lines[3], '---');
    assert.match(lines[4], /^\*\*Istio Tips\*\* `regex-full-match`: Envoy matches the whole header "user-agent" value/);
    assert.match(lines[5], /^\[Rule documentation\]\(https:\/\/\S+\/docs\/rules\/regex-full-match\.md\)/);
    assert.ok(lines.length <= 12, `at most 12 lines:\n${value}`);
    assert.doesNotMatch(value, /## |Say what surrounds/, 'not the rule documentation itself');
  });

  it('hover on a flagged range shows one paragraph on the finding with links', T, async () => {
    const uri = 'file:///virtual/hover.yaml';
    s.open(uri, lowercaseStrict('hover-16'));
    await s.diagnostics(uri, 1);
    const h = await s.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 12 } });
    const value = (h.contents as { kind: string; value: string }).value;
    assert.equal((h.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /`mtls-invalid-mode`/);
    assert.match(value, /docs\/rules\/mtls-invalid-mode\.md/);
    assert.match(value, /istio\.io/);
    assert.ok(value.split('\n').filter((l) => l.trim() !== '').length <= 12, value);
    assert.deepEqual(h.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 16 } });
    const elsewhere = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } });
    assert.equal(elsewhere, null);
  });

  it('istioTips/ruleDocumentation returns the rule page, null for unknown ids', T, async () => {
    const md = await s.request<string>('istioTips/ruleDocumentation', { id: 'mtls-invalid-mode' });
    assert.match(md, /^# mtls-invalid-mode\n/);
    assert.match(md, /## Flagged\n\n```yaml\n/);
    assert.match(md, /istio-tips-disable-next-line mtls-invalid-mode/);
    assert.equal(await s.request('istioTips/ruleDocumentation', { id: 'no-such-rule' }), null);
    const list = await s.request<{ id: string }[]>('istioTips/listRules', {});
    assert.ok(list.some((r) => r.id === 'yaml-syntax'));
  });

  it('a handler that throws answers an empty result, logs, and the server keeps serving', T, async () => {
    const logged = s.logs.wait((l) => /codeAction failed/.test(l.message), 'error log');
    const bad = { textDocument: null, range: null, context: null };
    assert.deepEqual(await s.request('textDocument/codeAction', bad), []);
    await logged;
    assert.equal(await s.request('textDocument/hover', { textDocument: null, position: null }), null);
    assert.equal(await s.request('istioTips/ruleDocumentation', { id: 42 }), null);
    assert.equal(await s.request('istioTips/ruleDocumentation', {}), null);
    s.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.yaml', version: 3 }, contentChanges: [{ text: 'x' }] });
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 1 }] });
    const uri = 'file:///virtual/after-errors.yaml';
    s.open(uri, lowercaseStrict('hover-18'));
    assert.equal((await s.diagnostics(uri, 1)).diagnostics.length, 1);
    assert.ok(s.alive);
  });

  it('hostile text never kills the server', T, async () => {
    const nasty = [
      'a: &a [*a]\n',
      '\u0000\u0001binary',
      'kind: PeerAuthentication\napiVersion: security.istio.io/v1\nspec: 42\n',
      'kind: PeerAuthentication\napiVersion: security.istio.io/v1\nspec:\n  mtls: "STRICT"\n',
      `${'- '.repeat(2000)}x\n`,
      'kind: VirtualService\napiVersion: networking.istio.io/v1\nspec: {{ .Values.spec }}\n',
    ];
    nasty.forEach((text, i) => s.open(`file:///virtual/nasty-${i}.yaml`, text));
    for (let i = 0; i < nasty.length; i++) await s.diagnostics(`file:///virtual/nasty-${i}.yaml`, 1);
    assert.ok(s.alive);
  });
});
