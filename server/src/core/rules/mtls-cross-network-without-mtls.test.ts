import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, namespaceManifest, tlsPolicy } from '../mtls/test-fixtures';
import { indented, resource } from '../mtls/docs-manifests';

const ID = 'mtls-cross-network-without-mtls';
const gatewaySvc = (network: string, port = 15443) =>
  `\n${resource('v1', 'Service', 'istio-eastwestgateway', 'istio-system', `  ports:\n  - port: ${port}\n`).replace('  namespace: istio-system\n', `  namespace: istio-system\n  labels:\n    topology.istio.io/network: ${network}\n`)}`;
const reviewsSvc = `\n${resource('v1', 'Service', 'reviews', 'shop', '  selector:\n    app: reviews\n  ports:\n  - port: 9080\n')}`;
const pods = (network: string) =>
  `\n${resource('apps/v1', 'Deployment', `reviews-${network}`, 'shop', `  template:\n    metadata:\n      labels:\n${indented(8, ['app: reviews', `topology.istio.io/network: ${network}`])}`)}`;
const dr = (mode: string, host = 'reviews', namespace = 'shop') => destinationRule({ name: 'reviews', namespace, host, policy: tlsPolicy(`      mode: ${mode}\n`) });
const meshNetworks = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  meshNetworks: |-
    networks:
      network1:
        endpoints:
        - fromRegistry: cluster1
        gateways:
        - registryServiceName: istio-eastwestgateway.istio-system.svc.cluster.local
          port: 15443
      network2:
        endpoints:
        - fromRegistry: cluster2
        gateways:
        - address: 192.0.2.10
          port: 15443
`;

describe(ID, () => {
  // pilot/pkg/xds/endpoints/ep_filters.go EndpointsByNetworkFilter drops an endpoint on another
  // network (reached through a gateway) when !isMtlsEnabled; mtls_checker.go checkMtlsEnabled is
  // true only for a DestinationRule mode of ISTIO_MUTUAL.
  it('warns when the pods behind the host are labelled with two networks and a gateway exists', () => {
    const out = expectWorkspace(ID, {
      'gw.yaml': gatewaySvc('network1'),
      'app.yaml': `${reviewsSvc}---${pods('network1')}---${pods('network2')}`,
      'dr.yaml': `${dr('DISABLE')}#           ^^^^^^^ network1, network2\n`,
    });
    const f = out.get('dr.yaml')![0];
    assert.equal(f.severity, 'warning');
    assert.ok(f.message.length <= 160, f.message);
    expectWorkspace(ID, { 'gw.yaml': gatewaySvc('network1'), 'app.yaml': `${reviewsSvc}---${pods('network1')}---${pods('network2')}`, 'dr.yaml': `${dr('SIMPLE')}#           ^^^^^^ SIMPLE\n` });
  });

  // Controller.Network (kube/controller/controller.go): pod label, else the system namespace's
  // label, else meshNetworks; the cluster a manifest goes to is not in the files.
  it('says "if" (info) when the networks are known but not where the endpoints run', () => {
    const out = expectWorkspace(ID, { 'cm.yaml': meshNetworks, 'dr.yaml': `${dr('DISABLE')}#           ^^^^^^^ if reviews has endpoints on another network\n` });
    assert.equal(out.get('dr.yaml')![0].severity, 'info');
    const ns = namespaceManifest('istio-system', ['topology.istio.io/network: network2']);
    expectWorkspace(ID, { 'gw.yaml': gatewaySvc('network1'), 'ns.yaml': ns, 'dr.yaml': `${dr('DISABLE')}#           ^^^^^^^ network1, network2\n` });
  });

  it('stays silent for ISTIO_MUTUAL, a single network, no gateway, and sidecar-less destinations', () => {
    const app = `${reviewsSvc}---${pods('network1')}---${pods('network2')}`;
    expectWorkspace(ID, { 'gw.yaml': gatewaySvc('network1'), 'app.yaml': app, 'dr.yaml': dr('ISTIO_MUTUAL') });
    // No gateway: EndpointsByNetworkFilter keeps remote endpoints as direct ones.
    expectWorkspace(ID, { 'app.yaml': app, 'dr.yaml': dr('DISABLE') });
    // A labelled Service that does not listen on the gateway port is no gateway (getGatewayDetails).
    expectWorkspace(ID, { 'gw.yaml': gatewaySvc('network1', 80), 'app.yaml': app, 'dr.yaml': dr('DISABLE') });
    expectWorkspace(ID, { 'gw.yaml': gatewaySvc('network1'), 'app.yaml': `${reviewsSvc}---${pods('network1')}`, 'dr.yaml': dr('DISABLE') });
    // istio.io's kube-apiserver rule and the expose-istiod rule: no sidecar there, never mTLS.
    expectWorkspace(ID, { 'cm.yaml': meshNetworks, 'dr.yaml': dr('DISABLE', 'kubernetes.default.svc.cluster.local', 'default') });
    expectWorkspace(ID, { 'cm.yaml': meshNetworks, 'dr.yaml': dr('DISABLE', 'istiod.istio-system.svc.cluster.local', 'istio-system') });
  });
});
