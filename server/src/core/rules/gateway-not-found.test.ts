// istioctl virtualservice.GatewayAnalyzer (virtualservice/gateways.go), cases of
// testdata/virtualservice_gateways.yaml; names resolve as pilot/pkg/model/config.go resolveGatewayName.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace, applyWorkspaceFix } from '../../test-support/ws-tester';
import { boundService, gateway } from '../traffic/test-fixtures';

const ID = 'gateway-not-found';
const gws = gateway('httpbin-gateway', 'default', [['*']]) + '---' + gateway('crossnamespace-gw', 'another', [['*']]);

describe(ID, () => {
  it('flags a gateway that does not exist, on the reference, with a did-you-mean fix', () => {
    const files = { 'gw.yaml': gws, 'vs.yaml': boundService('bogus', 'default', ['*'], '  - httpbin-gateway-bogus\n#   ^^^^^^^^^^^^^^^^^^^^^ no Gateway "httpbin-gateway-bogus" in default\n') };
    expectWorkspace(ID, files);
    const typo = { 'gw.yaml': gws, 'vs.yaml': boundService('typo', 'web', ['*'], '  - another/crossnamespace-gq\n#   ^^^^^^^^^^^^^^^^^^^^^^^^^ did you mean "crossnamespace-gw"\n') };
    expectWorkspace(ID, typo);
    assert.match(applyWorkspaceFix(ID, typo, 'vs.yaml', 'Change to'), /- another\/crossnamespace-gw\n/);
  });

  it('accepts mesh, short, ns/name, ./name and legacy name.namespace references', () => {
    expectWorkspace(ID, {
      'gw.yaml': gws,
      'vs.yaml': boundService('ok', 'default', ['*'], '  - mesh\n  - httpbin-gateway\n  - another/crossnamespace-gw\n  - ./httpbin-gateway\n  - crossnamespace-gw.another.svc.cluster.local\n'),
    });
  });

  it('finds Kubernetes Gateway API Gateways too', () => {
    const k8s = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: public\n  namespace: default\nspec:\n  gatewayClassName: istio\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n';
    expectWorkspace(ID, { 'gw.yaml': k8s, 'vs.yaml': boundService('k', 'default', ['*'], '  - public\n') });
  });

  it('stays silent for namespaces whose Gateways the workspace does not hold', () => {
    expectWorkspace(ID, { 'gw.yaml': gws, 'vs.yaml': boundService('x', 'default', ['*'], '  - istio-system/ingressgateway\n') });
  });
});
