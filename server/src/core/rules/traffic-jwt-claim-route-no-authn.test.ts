// istioctl virtualservice.JWTClaimRouteAnalyzer (virtualservice/jwtclaimroute.go; claim headers as
// pkg/jwt/routing.go ToRoutingClaim), IST0149, the case of testdata/virtualservice_jwtclaimroute.yaml.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { gateway, pod, vsHead } from '../traffic/test-fixtures';
import { isClaimHeader } from '../traffic/jwt-claims';

const ID = 'traffic-jwt-claim-route-no-authn';
const vs = (header: string, gateways = '  - foo-gateway\n') => `${vsHead('foo', 'default')}  hosts:
  - foo.com
  gateways:
${gateways}  http:
  - match:
    - uri:
        prefix: /
      headers:
${header}          exact: foo
    route:
    - destination:
        host: istiod.istio-system.svc.cluster.local
`;
const claim = '        "@request.auth.claims.foo":\n#       ^^^^^^^^^^^^^^^^^^^^^^^^^^\n';
const plain = '        "@request.auth.claims.foo":\n';
const gw = gateway('foo-gateway', 'default', [['foo.com']]);
const ingressPod = pod('istio-ingressgateway-1', 'istio-system', '    istio: ingressgateway\n');
const authn = (ns: string, selector: string) => `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: ${ns}
spec:
${selector}  jwtRules:
  - issuer: https://auth.example.com
`;

describe(ID, () => {
  it('flags claim routing through a gateway whose pods no RequestAuthentication selects, on the header name', () => {
    const found = expectWorkspace(ID, { 'vs.yaml': vs(claim.replace('^^^^\n', '^^^^ selecting pod istio-ingressgateway-1\n')), 'gw.yaml': gw, 'pod.yaml': ingressPod });
    assert.equal(found.get('vs.yaml')![0].severity, 'error');
    // A policy for other pods, or in a namespace that is neither the root nor the pod's, does not count.
    const other = authn('istio-system', '  selector:\n    matchLabels:\n      app: reviews\n') + '---' + authn('default', '');
    expectWorkspace(ID, { 'vs.yaml': vs(claim), 'gw.yaml': gw, 'pod.yaml': ingressPod, 'ra.yaml': other });
  });

  it('reports at info when the gateway pods are not in the workspace', () => {
    const found = expectWorkspace(ID, { 'vs.yaml': vs(claim), 'gw.yaml': gw });
    assert.equal(found.get('vs.yaml')![0].severity, 'info');
  });

  it('stays silent with a RequestAuthentication for the pods, for mesh-only routes, unknown gateways and other headers', () => {
    expectWorkspace(ID, { 'vs.yaml': vs(plain), 'gw.yaml': gw, 'pod.yaml': ingressPod, 'ra.yaml': authn('istio-system', '  selector:\n    matchLabels:\n      istio: ingressgateway\n') });
    expectWorkspace(ID, { 'vs.yaml': vs(plain), 'gw.yaml': gw, 'ra.yaml': authn('istio-system', '') });
    expectWorkspace(ID, { 'vs.yaml': vs(plain, '  - mesh\n'), 'gw.yaml': gw });
    expectWorkspace(ID, { 'vs.yaml': vs(plain, '  - missing-gateway\n'), 'gw.yaml': gw });
    expectWorkspace(ID, { 'vs.yaml': vs('        end-user:\n'), 'gw.yaml': gw });
  });

  it('recognises claim headers as ToRoutingClaim does', () => {
    assert.ok(isClaimHeader('@request.auth.claims.groups'));
    assert.ok(isClaimHeader('@REQUEST.auth.claims[nested][key]'));
    assert.ok(!isClaimHeader('@request.auth.claims.'));
    assert.ok(!isClaimHeader('@request.auth.claims[]'));
    assert.ok(!isClaimHeader('@request.auth.claimsfoo'));
  });
});
