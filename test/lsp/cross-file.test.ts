import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, startServer, type TestServer } from './helpers';

const T = { timeout: 20_000 };

const policy = (ns: string, mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${ns}
spec:
  mtls:
    mode: ${mode}
`;

const plaintextRule = (ns: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ledger
  namespace: ${ns}
spec:
  host: ledger.${ns}.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
`;

const codes = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => d.code);

describe('lsp: cross-file findings (mtls-plaintext-to-strict)', () => {
  let dir: string;
  let s: TestServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'istio-tips-xfile-'));
    writeFileSync(join(dir, 'closed-policy.yaml'), policy('billing', 'STRICT'));
    s = await startServer({ settings: { debounce: 0 } });
    await s.initialize({ rootPath: dir });
  });
  after(async () => {
    await s.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('changing the PeerAuthentication in one open file re-publishes the DestinationRule in another', T, async () => {
    const pa = fileUri(join(dir, 'pa.yaml'));
    const dr = fileUri(join(dir, 'dr.yaml'));
    s.open(pa, policy('payments', 'STRICT'));
    await s.diagnostics(pa, 1);
    s.open(dr, plaintextRule('payments'));
    const flagged = await s.diagnostics(dr, 1);
    assert.deepEqual(codes(flagged), ['mtls-plaintext-to-strict']);
    assert.equal(flagged.diagnostics[0].range.start.line, 9);
    // The core's hover providers answer on unflagged spots too: the policy's effective mode.
    const h = await s.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: pa }, position: { line: 7, character: 12 } });
    assert.match(h.contents.value, /Effective mode: STRICT/);

    const cleared = s.nextDiagnostics(dr);
    s.change(pa, 2, policy('payments', 'PERMISSIVE'));
    assert.deepEqual(codes(await cleared), []);

    const again = s.nextDiagnostics(dr);
    s.change(pa, 3, policy('payments', 'STRICT'));
    assert.deepEqual(codes(await again), ['mtls-plaintext-to-strict']);

    // An edit that leaves the facts alone re-publishes only the edited file. (A line added above
    // the mode would move the related location the DestinationRule's finding points at.)
    const before = s.published.all.length;
    s.change(pa, 4, `${policy('payments', 'STRICT')}# owner: payments team\n`);
    await s.diagnostics(pa, 4);
    const hover = await s.request('textDocument/hover', { textDocument: { uri: pa }, position: { line: 0, character: 0 } });
    void hover; // a round trip: anything published for dr.yaml would have arrived before the answer
    assert.deepEqual(s.published.all.slice(before).map((p) => p.uri), [pa]);
  });

  it('a closed file found by the scan contributes facts, and its changes on disk are followed', T, async () => {
    const dr = fileUri(join(dir, 'billing-dr.yaml'));
    s.open(dr, plaintextRule('billing'));
    await s.diagnostics(dr, undefined, 10_000, (p) => codes(p).includes('mtls-plaintext-to-strict'));

    const cleared = s.nextDiagnostics(dr);
    writeFileSync(join(dir, 'closed-policy.yaml'), policy('billing', 'PERMISSIVE'));
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'closed-policy.yaml')), type: 2 }] });
    assert.deepEqual(codes(await cleared), []);

    const again = s.nextDiagnostics(dr);
    writeFileSync(join(dir, 'closed-policy.yaml'), policy('billing', 'STRICT'));
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'closed-policy.yaml')), type: 2 }] });
    assert.deepEqual(codes(await again), ['mtls-plaintext-to-strict']);

    const deleted = s.nextDiagnostics(dr);
    rmSync(join(dir, 'closed-policy.yaml'));
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'closed-policy.yaml')), type: 3 }] });
    assert.deepEqual(codes(await deleted), []);
  });

  // The symlink policy of the scan (fs/walk.ts) holds for watched files too.
  it('a watched file that is a link out of the folder contributes no facts', T, async () => {
    const outside = mkdtempSync(join(tmpdir(), 'istio-tips-xfile-outside-'));
    try {
      writeFileSync(join(outside, 'policy.yaml'), policy('audit', 'STRICT'));
      symlinkSync(join(outside, 'policy.yaml'), join(dir, 'audit-policy.yaml'));
      writeFileSync(join(dir, 'inner-policy.yaml'), policy('inner', 'STRICT'));
      const dr = fileUri(join(dir, 'two-dr.yaml'));
      s.open(dr, `${plaintextRule('audit')}---\n${plaintextRule('inner')}`);
      await s.diagnostics(dr, 1);
      // One batch, one re-publish: only the policy inside the folder counts.
      const next = s.nextDiagnostics(dr);
      s.notify('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: fileUri(join(dir, 'audit-policy.yaml')), type: 1 },
          { uri: fileUri(join(dir, 'inner-policy.yaml')), type: 1 },
        ],
      });
      const published = await next;
      assert.deepEqual(codes(published), ['mtls-plaintext-to-strict']);
      assert.equal(published.diagnostics[0].range.start.line, 20, 'the second document (namespace inner)');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('closing an edited file goes back to its text on disk', T, async () => {
    writeFileSync(join(dir, 'ops-policy.yaml'), policy('ops', 'STRICT'));
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'ops-policy.yaml')), type: 1 }] });
    const dr = fileUri(join(dir, 'ops-dr.yaml'));
    s.open(dr, plaintextRule('ops'));
    await s.diagnostics(dr, undefined, 10_000, (p) => codes(p).includes('mtls-plaintext-to-strict'));
    const pa = fileUri(join(dir, 'ops-policy.yaml'));
    const cleared = s.nextDiagnostics(dr);
    s.open(pa, policy('ops', 'PERMISSIVE')); // unsaved edit in the editor wins over the disk
    assert.deepEqual(codes(await cleared), []);
    const back = s.nextDiagnostics(dr);
    s.close(pa); // edit discarded: the STRICT policy on disk counts again
    assert.deepEqual(codes(await back), ['mtls-plaintext-to-strict']);
  });
});
