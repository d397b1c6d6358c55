// istioctl virtualservice.ConflictingMeshGatewayHostsAnalyzer (conflictingmeshgatewayhosts.go):
// mesh-bound VirtualServices keyed by exportTo scope and FQDN; cases of
// testdata/virtualservice_conflictingmeshgatewayhosts(_with_exportto).yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { vsHead } from '../traffic/test-fixtures';

const ID = 'traffic-mesh-host-conflict';
const vs = (name: string, ns: string, hosts: string, extra = '') => `${vsHead(name, ns)}${extra}  hosts:
${hosts}  http:
  - route:
    - destination:
        host: ratings
`;

describe(ID, () => {
  it('flags the same host in two mesh VirtualServices, on each host entry', () => {
    expectWorkspace(ID, {
      'a.yaml': vs('productpage', 'foo', '  - productpage\n#   ^^^^^^^^^^^ foo/bogus-productpage\n'),
      'b.yaml': vs('bogus-productpage', 'foo', '  - productpage\n#   ^^^^^^^^^^^ foo/productpage\n'),
    });
  });

  it('compares FQDNs across namespaces and counts an explicit mesh gateway', () => {
    expectWorkspace(ID, {
      'a.yaml': vs('ratings', 'foo', '  - ratings\n#   ^^^^^^^\n', '  gateways: [mesh]\n'),
      'b.yaml': vs('ratings', 'bar', '  - ratings.foo.svc.cluster.local\n#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  - google.com\n', '  gateways: [istio-ingressgateway, mesh]\n'),
    });
  });

  it('ignores VirtualServices bound only to gateways and ones exported to disjoint namespaces', () => {
    expectWorkspace(ID, {
      'a.yaml': vs('reviews', 'foo', '  - reviews\n'),
      'b.yaml': vs('reviews', 'bar', '  - reviews.foo.svc.cluster.local\n', '  gateways: [istio-ingressgateway]\n'),
      'c.yaml': vs('ratings', 'team1', '  - ratings\n', '  exportTo: ["."]\n'),
      'd.yaml': vs('ratings', 'team2', '  - ratings.team1.svc.cluster.local\n', '  exportTo: ["."]\n'),
    });
  });

  it('takes documents with the same namespace and name as one resource (a later apply replaces the earlier)', () => {
    expectWorkspace(ID, { 'all-v1.yaml': vs('reviews', 'foo', '  - reviews\n'), 'v3.yaml': vs('reviews', 'foo', '  - reviews\n') });
  });

  it('a host exported to one namespace conflicts with the same host exported everywhere', () => {
    expectWorkspace(ID, {
      'a.yaml': vs('ext', 'team2', '  - google.com\n#   ^^^^^^^^^^\n', '  exportTo: ["."]\n'),
      'b.yaml': vs('ext', 'bar', '  - google.com\n#   ^^^^^^^^^^\n'),
    });
  });
});
