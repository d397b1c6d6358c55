import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, namespaceManifest, peerAuthentication, tlsPolicy } from '../mtls/test-fixtures';
import { meshConfigMapDoc } from '../mtls/docs-manifests';

const ID = 'mtls-strict-without-auto-mtls';
const autoOff = `\n${meshConfigMapDoc(['enableAutoMtls: false'])}`;
const autoOn = `\n${meshConfigMapDoc(['enableAutoMtls: true'])}`;
const ns = (mode: string, namespace = 'payments') => peerAuthentication({ namespace, mode });
const workload = (mode: string, spec = '') => peerAuthentication({ namespace: 'payments', name: 'api', mode, spec: `  selector:\n    matchLabels:\n      app: api\n${spec}` });
const mutual = (host: string, namespace = 'payments') => destinationRule({ name: 'mtls', namespace, host, policy: tlsPolicy('      mode: ISTIO_MUTUAL\n') });

describe(ID, () => {
  // pilot/pkg/networking/core/cluster_traffic_policy.go passes mesh.GetEnableAutoMtls() to
  // buildUpstreamTLSSettings (cluster_tls.go), which returns no TLS when `!autoMTLSEnabled` and the
  // DestinationRule sets none: the client sends plaintext, and a STRICT server refuses it.
  it('flags a namespace, mesh-wide, workload and port STRICT when the ConfigMap turns auto mTLS off', () => {
    const out = expectWorkspace(ID, { 'cm.yaml': autoOff, 'ns.yaml': `${ns('STRICT')}#         ^^^^^^ namespace\n` });
    const finding = out.get('ns.yaml')![0];
    assert.equal(finding.related?.[0].uri, 'cm.yaml');
    assert.match(finding.message, /^Add an ISTIO_MUTUAL DestinationRule: auto mTLS is off/);
    assert.ok(finding.message.length <= 160);
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'mesh.yaml': `${ns('STRICT', 'istio-system')}#         ^^^^^^ mesh-wide policy\n` });
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'ns.yaml': ns('PERMISSIVE'), 'w.yaml': `${workload('STRICT')}#         ^^^^^^ workload\n` });
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'w.yaml': workload('PERMISSIVE', '  portLevelMtls:\n    8443:\n      mode: STRICT\n#           ^^^^^^ port 8443\n') });
  });

  it('reads auto mTLS from Helm values and an IstioOperator too', () => {
    expectWorkspace(ID, { 'values.yaml': 'meshConfig:\n  enableAutoMtls: false\n', 'ns.yaml': `${ns('STRICT')}#         ^^^^^^ namespace\n` });
    const iop = '\napiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: cp\n  namespace: istio-system\nspec:\n  meshConfig:\n    enableAutoMtls: false\n';
    expectWorkspace(ID, { 'iop.yaml': iop, 'ns.yaml': `${ns('STRICT')}#         ^^^^^^ namespace\n` });
  });

  it('stays silent with auto mTLS on or unknown, with an ISTIO_MUTUAL DestinationRule, and for ambient namespaces', () => {
    // DefaultMeshConfig: EnableAutoMtls true.
    expectWorkspace(ID, { 'ns.yaml': ns('STRICT') });
    expectWorkspace(ID, { 'cm.yaml': autoOn, 'ns.yaml': ns('STRICT') });
    // Sources that disagree: the rule cannot know which one the cluster runs.
    expectWorkspace(ID, { 'cm.yaml': autoOn, 'values.yaml': 'meshConfig:\n  enableAutoMtls: false\n', 'ns.yaml': ns('STRICT') });
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'ns.yaml': ns('STRICT'), 'dr.yaml': mutual('"*.payments.svc.cluster.local"') });
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'mesh.yaml': ns('STRICT', 'istio-system'), 'dr.yaml': mutual('"*.local"', 'istio-system') });
    const ambient = namespaceManifest('payments', ['istio.io/dataplane-mode: ambient']);
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'ns.yaml': ns('STRICT'), 'n.yaml': ambient });
    // A workload STRICT under a STRICT namespace adds nothing; under DISABLE mtls-strict-under-disable says it.
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'ns.yaml': `${ns('STRICT')}#         ^^^^^^ namespace\n`, 'w.yaml': workload('STRICT') });
    expectWorkspace(ID, { 'cm.yaml': autoOff, 'ns.yaml': ns('DISABLE'), 'w.yaml': workload('STRICT') });
  });
});
