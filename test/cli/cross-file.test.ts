/** Every file named on one command line is one workspace: cross-file rules see them all. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, tempDir, json, isRegistered } from './helpers';

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: payments
spec:
  mtls:
    mode: STRICT
`;

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: payments-plaintext
  namespace: checkout
spec:
  host: payments.payments.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
`;

describe('lint: cross-file analysis', () => {
  it('reports mtls-plaintext-to-strict on the DestinationRule file when the STRICT policy is in another file', (t) => {
    if (!isRegistered('mtls-plaintext-to-strict')) return t.skip('mtls-plaintext-to-strict is not registered yet');
    const dir = tempDir({ 'pa.yaml': PA, 'dr.yaml': DR });
    const both = json(cli(['lint', '--format', 'json', 'pa.yaml', 'dr.yaml'], { cwd: dir })).findings.filter((f) => f.rule === 'mtls-plaintext-to-strict');
    // The error on the DestinationRule, and the policy's note on what its STRICT breaks.
    assert.deepEqual(both.map((f) => [f.file, f.line, f.severity]), [['pa.yaml', 8, 'info'], ['dr.yaml', 10, 'error']]);
    const alone = json(cli(['lint', '--format', 'json', 'dr.yaml'], { cwd: dir })).findings.filter((f) => f.rule === 'mtls-plaintext-to-strict');
    assert.deepEqual(alone, [], 'without the policy there is nothing to conflict with');
    const viaDir = json(cli(['lint', '--format', 'json', '.'], { cwd: dir })).findings.filter((f) => f.rule === 'mtls-plaintext-to-strict');
    assert.deepEqual(viaDir.map((f) => f.file), ['dr.yaml', 'pa.yaml']);
  });

  it('gives each side the exact range of the other: JSON related, SARIF relatedLocations', (t) => {
    if (!isRegistered('mtls-plaintext-to-strict')) return t.skip('mtls-plaintext-to-strict is not registered yet');
    const dir = tempDir({ 'pa.yaml': PA, 'dr.yaml': DR });
    const [note, error] = json(cli(['lint', '--format', 'json', 'pa.yaml', 'dr.yaml'], { cwd: dir })).findings;
    const related = (f: unknown) => (f as { related?: Array<Record<string, unknown>> }).related?.map(({ message: _m, ...at }) => at);
    assert.deepEqual(related(error), [{ file: 'pa.yaml', line: 8, column: 11, endLine: 8, endColumn: 17 }]);
    assert.deepEqual(related(note), [{ file: 'dr.yaml', line: 10, column: 13, endLine: 10, endColumn: 20 }]);
    const sarif = JSON.parse(cli(['lint', '--format', 'sarif', 'pa.yaml', 'dr.yaml'], { cwd: dir }).stdout);
    const [loc] = sarif.runs[0].results.find((r: { level: string }) => r.level === 'error').relatedLocations;
    assert.equal(loc.physicalLocation.artifactLocation.uri, 'pa.yaml');
    assert.deepEqual(loc.physicalLocation.region, { startLine: 8, startColumn: 11, endLine: 8, endColumn: 17 });
    assert.match(loc.message.text, /STRICT, set by the namespace-wide PeerAuthentication "default"/);
  });

  it('keeps per-file findings apart in a multi-file run', () => {
    const bad = PA.replace('mode: STRICT', 'mode: STRICT\n    mode: PERMISSIVE');
    const dir = tempDir({ 'one.yaml': bad, 'two.yaml': DR.replace('name: payments-plaintext', 'name: "a\\qb"') });
    const found = json(cli(['lint', '--format', 'json', '.'], { cwd: dir })).findings.filter((f) => f.rule === 'yaml-syntax');
    assert.deepEqual(found.map((f) => [f.file, f.line]), [['one.yaml', 9], ['two.yaml', 4]]);
  });
});
