import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, legacyApp, tlsPolicy } from '../mtls/test-fixtures';

const ID = 'mtls-mutual-to-sidecarless';
const MUTUAL = (note: string) => tlsPolicy(`      mode: ISTIO_MUTUAL\n${note ? `#           ^^^^^^^^^^^^ ${note}\n` : ''}`);
const dr = (name: string, ns: string, host: string, note = '') => destinationRule({ name, namespace: ns, host, policy: MUTUAL(note) });

describe(ID, () => {
  // pilot/pkg/networking/core/cluster_tls.go buildUpstreamTLSSettings applies a written
  // ISTIO_MUTUAL as is (auto mTLS only fills in when no tls is set); the API server, istiod
  // and uninjected pods have no sidecar to terminate it.
  it('flags a mesh-wide *.local ISTIO_MUTUAL, which reaches the Kubernetes API server', () => {
    expectWorkspace(ID, { 'dr.yaml': dr('mesh', 'istio-system', '"*.local"', 'Kubernetes API server') });
    // push_context.go destinationRule: the exact host beats the wildcard, so a DISABLE rule for the API server covers it.
    const plain = destinationRule({ name: 'api', namespace: 'istio-system', host: 'kubernetes.default.svc.cluster.local', policy: tlsPolicy('      mode: DISABLE\n') });
    expectWorkspace(ID, { 'dr.yaml': dr('mesh', 'istio-system', '"*.local"'), 'api.yaml': plain });
  });

  it('flags istiod, the API server by name, and a workload with injection off', () => {
    expectWorkspace(ID, { 'dr.yaml': dr('istiod', 'istio-system', 'istiod.istio-system.svc.cluster.local', 'istiod') });
    expectWorkspace(ID, { 'dr.yaml': dr('api', 'default', 'kubernetes', 'Kubernetes API server') });
    const app = legacyApp('false');
    expectWorkspace(ID, { 'app.yaml': app, 'dr.yaml': dr('legacy', 'shop', 'legacy', 'injection off') });
  });

  it('flags a MESH_EXTERNAL ServiceEntry host', () => {
    const se = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  hosts:\n  - api.partner.example.com\n  location: MESH_EXTERNAL\n';
    expectWorkspace(ID, { 'se.yaml': se, 'dr.yaml': dr('partner', 'shop', 'api.partner.example.com', 'MESH_EXTERNAL') });
    expectWorkspace(ID, { 'se.yaml': se.replace('MESH_EXTERNAL', 'MESH_INTERNAL'), 'dr.yaml': dr('partner', 'shop', 'api.partner.example.com') });
  });

  it('stays silent toward injected or unknown destinations', () => {
    expectWorkspace(ID, { 'dr.yaml': dr('cart', 'shop', 'cart') });
  });
});
