import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, peerAuthentication, tlsPolicy } from '../mtls/test-fixtures';

const ID = 'mtls-disable-vs-dr-mutual';

const pa = (ns: string, mode: string, extra = '') => peerAuthentication({ name: 'legacy', namespace: ns, mode, spec: extra });
const dr = (tls: string, host = 'billing') => destinationRule({ name: 'billing', namespace: 'legacy', host, policy: tlsPolicy(tls) });

describe(ID, () => {
  it('reports ISTIO_MUTUAL toward a DISABLE namespace on the DR mode, naming the policy', () => {
    const out = expectWorkspace(ID, {
      'pa.yaml': pa('legacy', 'DISABLE'),
      'dr.yaml': dr('      mode: ISTIO_MUTUAL\n#           ^^^^^^^^^^^^ refuses ISTIO_MUTUAL\n'),
    });
    assert.match(out.get('dr.yaml')![0].related![0].message, /PeerAuthentication "legacy" in legacy \(pa\.yaml\)/);
    assert.equal(out.get('dr.yaml')![0].related![0].uri, 'pa.yaml');
    assert.equal(out.get('dr.yaml')![0].severity, 'error');
  });

  it('reports MUTUAL as a warning: the application may terminate that TLS itself', () => {
    const out = expectWorkspace(ID, {
      'pa.yaml': pa('legacy', 'DISABLE'),
      'dr.yaml': dr('      mode: MUTUAL\n#           ^^^^^^ terminates TLS\n      credentialName: billing-client\n'),
    });
    assert.equal(out.get('dr.yaml')![0].severity, 'warning');
  });

  it('follows workload selectors: a DISABLE workload policy only hits the pods it selects', () => {
    const app = `
apiVersion: v1
kind: Service
metadata:
  name: billing
  namespace: legacy
spec:
  selector: {app: billing}
  ports:
  - port: 8080
`;
    const selector = '  selector:\n    matchLabels:\n      app: billing\n';
    expectWorkspace(ID, { 'app.yaml': app, 'pa.yaml': pa('legacy', 'DISABLE', selector), 'dr.yaml': dr('      mode: ISTIO_MUTUAL\n#           ^^^^^^^^^^^^\n') });
    const other = selector.replace('billing', 'reports');
    expectWorkspace(ID, { 'app.yaml': app, 'pa.yaml': pa('legacy', 'DISABLE', other), 'dr.yaml': dr('      mode: ISTIO_MUTUAL\n') });
  });

  it('skips a mesh-wide ISTIO_MUTUAL rule that the namespace overrides with its own', () => {
    const mesh = dr('      mode: ISTIO_MUTUAL\n', '"*.local"').replace('namespace: legacy', 'namespace: istio-system');
    const own = dr('      mode: DISABLE\n', '"*.legacy.svc.cluster.local"');
    expectWorkspace(ID, { 'pa.yaml': pa('legacy', 'DISABLE'), 'mesh.yaml': mesh, 'own.yaml': own });
    expectWorkspace(ID, { 'pa.yaml': pa('legacy', 'DISABLE'), 'mesh.yaml': `${mesh}#           ^^^^^^^^^^^^\n` });
  });

  it('stays silent for PERMISSIVE/STRICT servers and for DISABLE clients', () => {
    expectWorkspace(ID, { 'pa.yaml': pa('legacy', 'PERMISSIVE'), 'dr.yaml': dr('      mode: ISTIO_MUTUAL\n') });
    expectWorkspace(ID, { 'pa.yaml': pa('legacy', 'STRICT'), 'dr.yaml': dr('      mode: ISTIO_MUTUAL\n') });
    expectWorkspace(ID, { 'pa.yaml': pa('legacy', 'DISABLE'), 'dr.yaml': dr('      mode: DISABLE\n') });
  });
});
