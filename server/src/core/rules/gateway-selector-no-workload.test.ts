// istioctl gateway.IngressGatewayPortAnalyzer (gateway/gateway.go): IST0101 "selector" when no pod in
// any namespace matches the Gateway selector (testdata/gateway-no-workload.yaml), limited here to
// workspaces that evidently hold the gateway workloads (see the rule's docs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceFix, expectWorkspace } from '../../test-support/ws-tester';
import { gatewayWith, pod } from '../traffic/test-fixtures';

const ID = 'gateway-selector-no-workload';

const gw = (selector: string, ns = 'default') => gatewayWith('httpbin-gateway', ns, selector, '  - port:\n      number: 80\n      name: http\n      protocol: HTTP\n    hosts:\n    - "*"\n');
const gatewayPod = (ns: string, labels: string) =>
  pod('ingress-1', ns, labels).replace('  - name: app\n    image: example.com/app:1\n', '  - name: istio-proxy\n    image: auto\n');

describe(ID, () => {
  it('flags a selector no workload carries when a workload has its keys, on the selector (gateway-no-workload)', () => {
    const ingress = { 'ingress.yaml': gatewayPod('istio-system', '    istio: ingressgateway\n    app: istio-ingressgateway\n') };
    expectWorkspace(ID, { 'gw.yaml': gw('# ^^^^^^^^ {istio=ingresstypo}\n    istio: ingresstypo\n'), ...ingress });
    // One or two edits from the value of a workload that has the other labels: on the value, with a fix.
    const files = { 'gw.yaml': gw('    istio: ingresgateway\n#          ^^^^^^^^^^^^^ did you mean ingressgateway?\n'), ...ingress };
    expectWorkspace(ID, files);
    assert.match(applyWorkspaceFix(ID, files, 'gw.yaml', 'ingressgateway'), /istio: ingressgateway\n/);
  });

  it('flags on the selector key without a single close value, when a gateway workload lives in the namespace', () => {
    expectWorkspace(ID, {
      'gw.yaml': gw('# ^^^^^^^^ {app=public, istio=ingress}\n    istio: ingress\n    app: public\n', 'web'),
      'ingress.yaml': gatewayPod('web', '    istio: internal\n'),
    });
  });

  it('says nothing when a workload matches (in any namespace), for empty or templated selectors, or without evidence', () => {
    expectWorkspace(ID, { 'gw.yaml': gw('    istio: ingressgateway\n'), 'ingress.yaml': gatewayPod('istio-system', '    istio: ingressgateway\n') });
    expectWorkspace(ID, { 'gw.yaml': gw('    istio: "{{ .Values.gw }}"\n'), 'ingress.yaml': gatewayPod('default', '    istio: other\n') });
    expectWorkspace(ID, { 'gw.yaml': gatewayWith('x', 'default', '', ''), 'ingress.yaml': gatewayPod('default', '    istio: other\n') });
    // Bookinfo: the gateway comes with the Istio installation, no workload of the workspace has an istio label.
    expectWorkspace(ID, { 'gw.yaml': gw('    istio: ingressgateway\n'), 'app.yaml': pod('productpage', 'default', '    app: productpage\n') });
    // A pod whose labels are only partly known may carry the selector.
    expectWorkspace(ID, { 'gw.yaml': gw('    istio: ingressgateway\n'), 'ingress.yaml': gatewayPod('default', '    app: x\n    "{{ .Values.key }}": v\n') });
  });
});
