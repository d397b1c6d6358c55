/**
 * Snippets over the protocol: offered only where they fit (document start, after `---`,
 * a fragment's key position), never in a value position; plain text for clients without
 * snippet support.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, InitializeResult } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './helpers';

const T = { timeout: 20_000 };

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
`;

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ledger
spec:
  host: ledger
  trafficPolicy:
    
`;

async function labels(s: TestServer, uri: string, line: number, character: number): Promise<CompletionItem[]> {
  const r = await s.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  return Array.isArray(r) ? r : (r?.items ?? []);
}

describe('lsp: snippet completion', () => {
  let s: TestServer;
  let init: InitializeResult;
  before(async () => {
    s = await startServer();
    init = await s.initialize();
  });
  after(() => s.shutdown());

  it('announces a completion provider', T, () => {
    assert.ok(init.capabilities.completionProvider);
  });

  it('offers whole manifests in an empty document, as snippets with a short label, the title in the documentation', T, async () => {
    const uri = 'file:///virtual/empty.yaml';
    s.open(uri, '');
    const items = await labels(s, uri, 0, 0);
    assert.ok(items.some((i) => i.label === 'istio-mtls-namespace-strict'), JSON.stringify(items.map((i) => i.label)));
    assert.ok(items.some((i) => i.label === 'istio-gateway'));
    assert.ok(!items.some((i) => i.label === 'istio-dr-tls'), 'no fragment at a document start');
    const strict = items.find((i) => i.label === 'istio-mtls-namespace-strict')!;
    assert.equal(strict.insertTextFormat, 2);
    assert.equal(strict.detail, undefined, 'no inline detail to cut the label short');
    assert.match((strict.documentation as { value: string }).value, /^\*\*Istio mTLS: namespace STRICT\*\*\n/);
    assert.ok(items.every((i) => i.label.length <= 28));
    const edit = strict.textEdit as { range: unknown; newText: string };
    assert.deepEqual(edit.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(edit.newText, /^apiVersion: security\.istio\.io\/v1\nkind: PeerAuthentication\n/);
  });

  it('offers nothing in a value position (Enter after mode: PERMISSIVE stays a newline)', T, async () => {
    const uri = 'file:///virtual/value.yaml';
    s.open(uri, PA);
    assert.deepEqual(await labels(s, uri, 7, '    mode: PERMISSIVE'.length), []);
    assert.deepEqual(await labels(s, uri, 7, '    mode: PERM'.length), []);
    assert.deepEqual(await labels(s, uri, 3, '  name: def'.length), []);
  });

  it('offers a fragment at the key position of its kind only, indented for it', T, async () => {
    const uri = 'file:///virtual/dr.yaml';
    s.open(uri, DR);
    const items = await labels(s, uri, 7, 4);
    assert.deepEqual(items.map((i) => i.label), ['istio-dr-tls']);
    assert.equal((items[0].textEdit as { newText: string }).newText.split('\n')[1], '      mode: ${1|ISTIO_MUTUAL,SIMPLE|}');
    assert.equal(items[0].insertTextMode, 1, 'already indented: the client must insert it as is');
    // At the same depth of another key, and at a key of a PeerAuthentication: nothing.
    assert.deepEqual(await labels(s, uri, 5, 2), []);
    s.open('file:///virtual/pa-key.yaml', `${PA}  `);
    assert.deepEqual(await labels(s, 'file:///virtual/pa-key.yaml', 8, 2), []);
  });

  it('offers manifests after ---, with a separator when the document above has content', T, async () => {
    const uri = 'file:///virtual/after.yaml';
    s.open(uri, `${PA}---\nist\n`);
    const items = await labels(s, uri, 9, 3);
    const ns = items.find((i) => i.label === 'istio-mtls-namespace-strict');
    assert.ok(ns);
    const edit = ns.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
    assert.deepEqual([edit.range.start.character, edit.range.end.character], [0, 3], 'replaces the typed word');
    assert.match(edit.newText, /^apiVersion/);
    const top = 'file:///virtual/top.yaml';
    s.open(top, `${PA}\n`);
    const below = await labels(s, top, 8, 0);
    assert.match((below[0].textEdit as { newText: string }).newText, /^---\napiVersion/);
  });

  it('sends plain text with the defaults to a client without snippet support', T, async () => {
    const plain = await startServer();
    try {
      await plain.initialize({ capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } } });
      const uri = 'file:///virtual/plain.yaml';
      plain.open(uri, '');
      const items = await labels(plain, uri, 0, 0);
      const ns = items.find((i) => i.label === 'istio-mtls-namespace-strict')!;
      assert.equal(ns.insertTextFormat, 1);
      const text = (ns.textEdit as { newText: string }).newText;
      assert.match(text, /namespace: my-namespace\n/);
      assert.doesNotMatch(text, /\$\{?\d/);
    } finally {
      await plain.shutdown();
    }
  });
});
