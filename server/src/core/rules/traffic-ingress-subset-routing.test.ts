// istioctl virtualservice.DestinationHostAnalyzer (virtualservice/destinationhosts.go, analyzeSubset and
// initVirtualServiceDestinations), IST0140, the cases of testdata/virtualservice_route_rule_no_effects_ingress.yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, pod, service, vsHead } from '../traffic/test-fixtures';

const ID = 'traffic-ingress-subset-routing';
/** A VirtualService for `host` with `gateways` lines, one route to ratings with `dest` lines. */
const vs = (name: string, host: string, gateways: string, dest: string) => `${vsHead(name, 'default')}  hosts:
  - ${host}
${gateways}  http:
  - route:
    - destination:
${dest}`;
const gw = '  gateways:\n  - istio-system/testing-gateway-01\n';
const mesh = vs('ratings-01', 'ratings', '', '        host: ratings\n        subset: v1\n');
const dr = destinationRule('ratings', 'default', 'ratings', ['v1', 'v2']);
const svc = service('ratings', 'default', [80]);

describe(ID, () => {
  it('flags a gateway route without a subset to a host a mesh VirtualService routes by subset, on the host', () => {
    expectWorkspace(ID, {
      'ingress.yaml':
        vs('testing-service-01', 'testing-01.com', gw, '        host: ratings\n#             ^^^^^^^ subset routing for ratings\n') +
        '---' +
        vs('testing-service-02', 'testing-02.com', gw, '        host: ratings\n        subset: v1\n'),
      'mesh.yaml': mesh,
      'dr.yaml': dr,
      'svc.yaml': svc,
    });
  });

  it('compares hosts as FQDNs and flags when some pods are outside the subsets', () => {
    expectWorkspace(ID, {
      'ingress.yaml': vs('ingress', 'testing-01.com', gw, '        host: ratings.default.svc.cluster.local\n#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n'),
      'mesh.yaml': mesh,
      'dr.yaml': dr,
      'svc.yaml': svc,
      'pods.yaml': pod('ratings-v1', 'default', '    app: ratings\n    version: v1\n') + '---' + pod('ratings-v2', 'default', '    app: ratings\n    version: v2\n'),
    });
  });

  it('stays silent when every pod is in the subset, for mesh-only routes, the VirtualService itself, and gateway-only splits', () => {
    const ingress = vs('ingress', 'testing-01.com', gw, '        host: ratings\n');
    expectWorkspace(ID, { 'ingress.yaml': ingress, 'mesh.yaml': mesh, 'dr.yaml': dr, 'svc.yaml': svc, 'pods.yaml': pod('ratings-v1', 'default', '    app: ratings\n    version: v1\n') });
    expectWorkspace(ID, { 'a.yaml': vs('plain', 'other', '  gateways:\n  - mesh\n', '        host: ratings\n'), 'mesh.yaml': mesh });
    const self = `${vsHead('ratings', 'default')}  hosts:\n  - ratings\n  gateways:\n  - mesh\n  - istio-system/testing-gateway-01\n  http:\n  - match:\n    - headers:\n        end-user:\n          exact: jason\n    route:\n    - destination:\n        host: ratings\n        subset: v2\n  - route:\n    - destination:\n        host: ratings\n`;
    expectWorkspace(ID, { 'self.yaml': self });
    expectWorkspace(ID, { 'ingress.yaml': ingress, 'split.yaml': vs('ratings-gw', 'ratings', gw, '        host: ratings\n        subset: v1\n') });
  });
});
