import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, startServer, type TestServer } from './helpers';

const T = { timeout: 20_000 };

const POLICY = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: payments
spec:
  mtls:
    mode: STRICT
`;

const RULE = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ledger
  namespace: payments
spec:
  host: ledger.payments.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
`;

interface Related {
  location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  message: string;
}
type Diag = { code?: unknown; severity?: number; relatedInformation?: Related[] };

describe('lsp: relatedInformation on cross-file findings', () => {
  let dir: string;
  let s: TestServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'istio-tips-related-'));
    s = await startServer({ settings: { debounce: 0 } });
    await s.initialize({ rootPath: dir });
  });
  after(async () => {
    await s.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links the DestinationRule error to the STRICT mode, and the policy note back to the tls mode', T, async () => {
    const pa = fileUri(join(dir, 'pa.yaml'));
    const dr = fileUri(join(dir, 'dr.yaml'));
    s.open(pa, POLICY);
    await s.diagnostics(pa, 1);
    s.open(dr, RULE);
    const flagged = await s.diagnostics(dr, 1, 10_000, (p) => p.diagnostics.length > 0);
    const [error] = flagged.diagnostics as Diag[];
    assert.equal(error.code, 'mtls-plaintext-to-strict');
    assert.equal(error.relatedInformation?.length, 1);
    const [toPolicy] = error.relatedInformation!;
    assert.equal(toPolicy.location.uri, pa);
    // `STRICT` on line 8 (0-based 7), columns 10-16: the value that decides.
    assert.deepEqual(toPolicy.location.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 16 } });
    assert.match(toPolicy.message, /STRICT, set by the namespace-wide PeerAuthentication "default"/);

    const note = await s.diagnostics(pa, 1, 10_000, (p) => p.diagnostics.length > 0);
    const [info] = note.diagnostics as Diag[];
    assert.equal(info.code, 'mtls-plaintext-to-strict');
    assert.equal(info.severity, 3, 'Information: the error stays on the DestinationRule');
    const [toRule] = info.relatedInformation!;
    assert.equal(toRule.location.uri, dr);
    assert.deepEqual(toRule.location.range, { start: { line: 9, character: 12 }, end: { line: 9, character: 19 } });
  });
});
