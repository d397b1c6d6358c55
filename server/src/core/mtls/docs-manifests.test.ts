import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { destinationRuleDoc, documents, peerAuthenticationDoc, policyAndRule, tlsPolicyDoc } from './docs-manifests';

// The rules' documentation examples are built from these; the generated docs/rules/*.md pin the
// exact text, this pins the shapes the builders promise (field order, empty selector, joining).
describe('docs manifests', () => {
  it('writes selector, mtls and portLevelMtls in that order', () => {
    const text = peerAuthenticationDoc({ name: 'reviews', namespace: 'bookinfo', selector: ['app: reviews'], mode: 'STRICT', portLevel: { 8080: 'PERMISSIVE' } });
    assert.deepEqual(parseAllDocuments(text).map((d) => d.toJS()), [
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
        spec: { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } },
      },
    ]);
    assert.deepEqual(Object.keys(parseAllDocuments(text)[0]!.toJS().spec), ['selector', 'mtls', 'portLevelMtls']);
  });

  it('writes an empty selector as matchLabels: {} and leaves mtls out without a mode', () => {
    assert.match(peerAuthenticationDoc({ namespace: 'shop', selector: [] }), /^spec:\n {2}selector:\n {4}matchLabels: \{\}\n$/m);
    assert.doesNotMatch(peerAuthenticationDoc({ namespace: 'shop' }), /mtls/);
  });

  it('joins documents that each end in a newline with ---', () => {
    const dr = destinationRuleDoc({ name: 'api', namespace: 'shop', host: 'api.example.com', policy: tlsPolicyDoc('MUTUAL', ['sni: api.example.com']) });
    const text = documents(peerAuthenticationDoc({ namespace: 'shop', mode: 'STRICT' }), dr);
    assert.match(text, /mode: STRICT\n---\napiVersion: networking\.istio\.io\/v1\n/);
    assert.deepEqual(parseAllDocuments(dr)[0]!.toJS().spec, { host: 'api.example.com', trafficPolicy: { tls: { mode: 'MUTUAL', sni: 'api.example.com' } } });
    assert.deepEqual(parseAllDocuments(policyAndRule('orders', 'STRICT', 'inventory', 'SIMPLE')).map((d) => d.toJS().spec.host ?? d.toJS().spec.mtls.mode), ['STRICT', 'inventory.orders.svc.cluster.local']);
  });
});
