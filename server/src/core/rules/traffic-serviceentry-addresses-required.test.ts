// istioctl serviceentry.ProtocolAddressesAnalyzer (serviceentry/protocoladdresses.go), IST0134, cases
// of testdata/serviceentry-missing-addresses-protocol.yaml, serviceentry-address-required-*.yaml and
// serviceentry-address-allocated.yaml; meshConfig's proxyMetadata as the analyzer reads it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { dnsAutoAllocationFrom } from '../traffic/mesh-dns';
import { meshConfigMapDoc } from '../mtls/docs-manifests';

const ID = 'traffic-serviceentry-addresses-required';
const se = (name: string, body: string) => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: default
spec:
  hosts:
  - istio.io
${body}  location: MESH_EXTERNAL
  resolution: DNS
`;

describe(ID, () => {
  it('flags TCP and protocol-less ports without addresses, on the protocol (else the number), at info while meshConfig is unknown', () => {
    const found = expectWorkspace(ID, {
      'se.yaml': [
        se('test-03', '  ports:\n  - number: 443\n#           ^^^ ISTIO_META_DNS_AUTO_ALLOCATE\n    name: https\n'),
        se('test-04', '  ports:\n  - number: 443\n    name: https\n    protocol: ""\n#             ^^\n'),
        se('test-07', '  ports:\n  - number: 443\n    name: https\n    protocol: TCP\n#             ^^^\n'),
        se('lowercase', '  ports:\n  - number: 22\n    name: ssh\n    protocol: tcp\n#             ^^^\n'),
      ].join('---'),
    });
    assert.ok(found.get('se.yaml')!.every((f) => f.severity === 'info' && /depends on meshConfig/.test(f.detail ?? '')));
  });

  it('stays silent with addresses, allocated status addresses, or other protocols', () => {
    expectWorkspace(ID, {
      'se.yaml': [
        se('test-01', '  ports:\n  - number: 443\n    name: https\n    protocol: HTTPS\n'),
        se('test-06', '  addresses:\n  - 10.0.0.1\n  ports:\n  - number: 443\n    name: https\n    protocol: TCP\n'),
        se('allocated', '  ports:\n  - number: 22\n    name: tcp\n    protocol: TCP\n') + 'status:\n  addresses:\n  - host: istio.io\n    value: 240.240.0.1\n',
      ].join('---'),
    });
  });

  it('reads DNS auto-allocation from proxyMetadata as istioctl does', () => {
    assert.equal(dnsAutoAllocationFrom(undefined), 'unknown');
    assert.equal(dnsAutoAllocationFrom({ ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true' }), 'on');
    assert.equal(dnsAutoAllocationFrom({ ISTIO_META_DNS_CAPTURE: 'true', PILOT_ENABLE_IP_AUTOALLOCATE: 'true' }), 'on');
    // serviceentry-address-allocated-mesh-cfg.yaml: capture without allocation.
    assert.equal(dnsAutoAllocationFrom({ ISTIO_META_DNS_CAPTURE: 'true' }), 'off');
    assert.equal(dnsAutoAllocationFrom({ ISTIO_META_DNS_AUTO_ALLOCATE: 'true' }), 'off');
  });
  // istiod reads meshConfig from the istio ConfigMap (pilot/pkg/bootstrap/mesh.go getMeshConfigMapName,
  // mesh.ApplyMeshConfig); the analyzer reads its defaultConfig.proxyMetadata.
  const tcp = se('db', '  ports:\n  - number: 5432\n    name: tcp-db\n    protocol: TCP\n#             ^^^ Add spec.addresses for TCP port 5432\n');
  it('is a warning when the mesh ConfigMap in the workspace does not turn on DNS auto-allocation', () => {
    const found = expectWorkspace(ID, { 'se.yaml': tcp, 'mesh.yaml': meshConfigMapDoc(['defaultConfig:', '  proxyMetadata:', '    ISTIO_META_DNS_CAPTURE: "true"']) });
    assert.equal(found.get('se.yaml')![0].severity, 'warning');
  });

  it('stays silent when the mesh ConfigMap or an IstioOperator turns DNS auto-allocation on', () => {
    const quiet = tcp.replace(/#.*\n/, '');
    const on = '      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: "true"\n        ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n';
    expectWorkspace(ID, { 'se.yaml': quiet, 'mesh.yaml': meshConfigMapDoc(['defaultConfig:', ...on.trimEnd().split('\n').map((l) => l.slice(4))]) });
    const operator = `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: control-plane\n  namespace: istio-system\nspec:\n  meshConfig:\n    defaultConfig:\n  ${on.replace(/\n(?=.)/g, '\n  ')}`;
    expectWorkspace(ID, { 'se.yaml': quiet, 'iop.yaml': operator });
  });
});
