import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, peerAuthentication, tlsPolicy } from '../mtls/test-fixtures';

const ID = 'mtls-strict-under-disable';
const ns = (mode: string, name = 'default') => peerAuthentication({ namespace: 'legacy', mode, name });
const workload = (spec: string, mode?: string) => peerAuthentication({ namespace: 'legacy', name: 'billing', mode, spec: `  selector:\n    matchLabels:\n      app: billing\n${spec}` });

describe(ID, () => {
  // pilot/pkg/model/push_context.go BestEffortInferServiceMTLSMode: auto mTLS reads only
  // GetNamespaceMutualTLSMode; pilot/pkg/networking/core/cluster_tls.go buildUpstreamTLSSettings
  // sends plaintext when that is MTLSDisable. The workload's own STRICT is never consulted.
  it('flags a workload STRICT and a port STRICT under a DISABLE namespace, linking the namespace policy', () => {
    const out = expectWorkspace(ID, { 'ns.yaml': ns('DISABLE'), 'w.yaml': `${workload('', 'STRICT')}#         ^^^^^^ reads only the namespace mode\n` });
    assert.equal(out.get('w.yaml')![0].related?.[0].uri, 'ns.yaml');
    expectWorkspace(ID, { 'ns.yaml': ns('DISABLE'), 'w.yaml': workload('  portLevelMtls:\n    8080:\n      mode: STRICT\n#           ^^^^^^ port 8080\n') });
    // The mesh decides when the namespace has no policy.
    expectWorkspace(ID, { 'mesh.yaml': peerAuthentication({ namespace: 'istio-system', mode: 'DISABLE' }), 'w.yaml': `${workload('', 'STRICT')}#         ^^^^^^ mesh mode\n` });
  });

  it('stays silent under PERMISSIVE or STRICT, and when a DestinationRule sends ISTIO_MUTUAL there', () => {
    expectWorkspace(ID, { 'ns.yaml': ns('PERMISSIVE'), 'w.yaml': workload('', 'STRICT') });
    expectWorkspace(ID, { 'w.yaml': workload('', 'STRICT') });
    const dr = destinationRule({ name: 'billing', namespace: 'legacy', host: 'billing', policy: tlsPolicy('      mode: ISTIO_MUTUAL\n') });
    expectWorkspace(ID, { 'ns.yaml': ns('DISABLE'), 'w.yaml': workload('', 'STRICT'), 'dr.yaml': dr });
  });
});
