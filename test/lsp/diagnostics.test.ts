import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type TestServer } from './helpers';
import { seededRandom } from '../../server/src/test-support/seeded-random';
import { lowercaseStrict, service, threeDocuments, validStrict } from './fixtures';

const T = { timeout: 20_000 };

describe('lsp: diagnostics', () => {
  let s: TestServer;
  before(async () => {
    // A debounce (the default is 0): a burst of edits must publish only its last version.
    s = await startServer({ settings: { debounce: 150 } });
    const init = await s.initialize();
    assert.equal(init.serverInfo?.name, 'istio-tips');
  });
  after(() => s.shutdown());

  it('publishes code, range, source, severity and a docs link for an opened manifest', T, async () => {
    const uri = 'file:///virtual/pa.yaml';
    s.open(uri, lowercaseStrict('diag-1'));
    const p = await s.diagnostics(uri, 1);
    assert.equal(p.diagnostics.length, 1);
    const [d] = p.diagnostics;
    assert.equal(d.code, 'mtls-invalid-mode');
    assert.equal(d.source, 'istio-tips');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 16 } });
    assert.equal(d.codeDescription?.href, 'https://github.com/istio-tips/istio-tips/blob/main/docs/rules/mtls-invalid-mode.md');
    const data = d.data as { version: number; fixes: { title: string; safe: boolean }[] };
    assert.equal(data.version, 1);
    // Offered for review: the corrected policy starts to apply (mtls/fix-safety.test.ts).
    assert.ok(data.fixes.some((f) => !f.safe && /STRICT/.test(f.title)));
    const status = await s.statuses.wait((x) => x.uri === uri && x.version === 1, 'status');
    assert.deepEqual({ resources: status.resources, findings: status.findings, kinds: status.kinds }, { resources: 1, findings: 1, kinds: ['PeerAuthentication'] });
  });

  it('status: a plain Deployment is no Istio resource; a Helm template says its templated values were not checked', T, async () => {
    const deployment = 'file:///virtual/deployment.yaml';
    s.open(deployment, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n');
    const plain = await s.statuses.wait((x) => x.uri === deployment, 'status of the Deployment');
    assert.deepEqual([plain.resources, plain.kinds, plain.notices], [0, [], undefined]);
    const chart = 'file:///virtual/chart-template.yaml';
    s.open(chart, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  mtls:\n    mode: {{ .Values.mode }}\n');
    const templated = await s.statuses.wait((x) => x.uri === chart, 'status of the template');
    assert.equal(templated.resources, 1);
    assert.match(templated.notices?.join(' ') ?? '', /templat.*not checked/);
  });

  it('reports a finding on line 40 of the third document on line 40', T, async () => {
    const uri = 'file:///virtual/three.yaml';
    const { text, line, character } = threeDocuments();
    assert.equal(line, 40);
    s.open(uri, text);
    const p = await s.diagnostics(uri, 1);
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['mtls-invalid-mode', 40, character, character + 'strict'.length]],
    );
  });

  it('counts UTF-16 columns after astral characters', T, async () => {
    const uri = 'file:///virtual/emoji.yaml';
    const text = lowercaseStrict('diag-3').replace('  name: default', '  name: default # 🚀🚀').replace('    mode: strict', '    mode: strict # 🚀');
    s.open(uri, text.replace('spec:', '# 🚀 comment\nspec:'));
    const [d] = (await s.diagnostics(uri, 1)).diagnostics;
    assert.deepEqual(d.range, { start: { line: 8, character: 10 }, end: { line: 8, character: 16 } });
  });

  it('publishes the new version after an incremental change, and clears a fixed problem', T, async () => {
    const uri = 'file:///virtual/change.yaml';
    s.open(uri, lowercaseStrict('diag-4'));
    assert.equal((await s.diagnostics(uri, 1)).diagnostics.length, 1);
    s.change(uri, 2, [{ range: { start: { line: 7, character: 10 }, end: { line: 7, character: 16 } }, text: 'STRICT' }]);
    const p = await s.diagnostics(uri, 2);
    assert.deepEqual(p.diagnostics, []);
    assert.equal(s.text(uri), validStrict('diag-4'));
  });

  it('after many incremental edits (several per message, across documents, markers typed) publishes what a server given the whole text publishes', T, async (t) => {
    const uri = 'file:///virtual/incremental.yaml';
    const docs = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? lowercaseStrict(`inc-${i}`) : validStrict(`inc-${i}`)));
    s.open(uri, docs.join('---\n'));
    await s.diagnostics(uri, 1);
    const ref = await startServer();
    t.after(() => ref.shutdown());
    await ref.initialize();
    ref.open(uri, docs.join('---\n'));
    await ref.diagnostics(uri, 1);
    const r = seededRandom(7);
    const snippets = ['x', '', 'strict', 'STRICT', '\n', '---\n', '# note\n', '    mode: strict\n', '  ', '...\n'];
    let version = 1;
    for (let step = 1; step <= 40; step++) {
      // Up to three changes in one message, each applying to the text the previous one left.
      const changes: TextDocumentContentChangeEvent[] = [];
      const doc = TextDocument.create(uri, 'yaml', 0, s.text(uri));
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const lines = doc.getText().split('\n');
        const line = Math.floor(r() * lines.length);
        const character = Math.floor(r() * (lines[line].length + 1));
        const endLine = Math.min(lines.length - 1, line + (r() < 0.1 ? 1 + Math.floor(r() * 3) : 0));
        const end = endLine === line ? { line, character: Math.min(lines[line].length, character + Math.floor(r() * 3)) } : { line: endLine, character: 0 };
        const change = { range: { start: { line, character }, end }, text: snippets[Math.floor(r() * snippets.length)] };
        TextDocument.update(doc, [change], doc.version + 1);
        changes.push(change);
      }
      s.change(uri, ++version, changes);
      if (step % 10) continue;
      // Another server, given the whole text, is the reference (the same server would see two copies of every policy).
      const got = await s.diagnostics(uri, version);
      ref.change(uri, version, doc.getText());
      const expected = await ref.diagnostics(uri, version);
      assert.ok(expected.diagnostics.length > 3, `step ${step}: the edited text still has findings`);
      assert.deepEqual(got.diagnostics, expected.diagnostics, `step ${step}`);
    }
  });

  it('with a debounce, publishes only the last version of a burst of edits', T, async () => {
    const uri = 'file:///virtual/burst.yaml';
    s.open(uri, lowercaseStrict('diag-5'));
    await s.diagnostics(uri, 1);
    const from = s.published.all.length;
    // Ten rapid edits, each toggling the problem; only v11 may be published.
    for (let v = 2; v <= 11; v++) s.change(uri, v, v % 2 ? lowercaseStrict('diag-5') : validStrict('diag-5'));
    const last = await s.diagnostics(uri, 11);
    assert.equal(last.diagnostics.length, 1);
    const versions = s.published.all.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [11]);
  });

  it('analyses files named .yml even when the client sends another language id, and ignores other files', T, async () => {
    s.open('file:///virtual/other.yml', lowercaseStrict('diag-6'), 1, 'plaintext');
    assert.equal((await s.diagnostics('file:///virtual/other.yml', 1)).diagnostics.length, 1);
    s.open('file:///virtual/notes.txt', lowercaseStrict('diag-6'), 1, 'plaintext');
    s.open('file:///virtual/after.yaml', service('x'));
    await s.diagnostics('file:///virtual/after.yaml', 1);
    assert.ok(!s.published.all.some((p) => p.uri === 'file:///virtual/notes.txt'));
  });

  it('clears diagnostics when a document is closed', T, async () => {
    const uri = 'file:///virtual/closed.yaml';
    s.open(uri, lowercaseStrict('diag-7'));
    await s.diagnostics(uri, 1);
    const cleared = s.nextDiagnostics(uri);
    s.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('reports YAML syntax errors in one document without hiding the others', T, async () => {
    const uri = 'file:///virtual/broken.yaml';
    s.open(uri, `${service('a')}  bad: [unclosed\n---\n${lowercaseStrict('diag-8')}`);
    const p = await s.diagnostics(uri, 1);
    const codes = p.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('yaml-syntax'), codes.join());
    assert.ok(codes.includes('mtls-invalid-mode'), codes.join());
  });
});
