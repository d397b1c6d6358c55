import type { WorkspaceRule } from '../rule';
import { TRAFFIC_INDEXERS, TrafficWorld } from '../traffic/world';
import { gatewayRefs } from '../traffic/gateway-refs';
import { gatewayHostsFor, hostMatches } from '../traffic/hosts';
import { fileName } from '../mtls/describe';

const example = (host: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: web
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    tls:
      mode: SIMPLE
      credentialName: shop-cert
    hosts:
    - "*.shop.example.com"
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: storefront
  namespace: web
spec:
  hosts:
  - ${host}
  gateways:
  - public
  http:
  - route:
    - destination:
        host: storefront
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TRAFFIC_INDEXERS,
  meta: {
    id: 'gateway-host-not-matched',
    family: 'gateway',
    severity: 'warning',
    kinds: ['VirtualService', 'Gateway'],
    messages: {
      unmatched: 'Gateway {gateway} never applies these routes: it serves none of {hosts}',
    },
    details: {
      unmatched:
        'Gateway {gateway} ({file}) has no server host that matches {hosts} (wildcards count on either side; a server host ' +
        'written namespace/host counts only for VirtualServices of that namespace). A Gateway applies only the routes ' +
        'whose hosts it serves, so this binding has no effect: requests for these hosts get 404 at the gateway.',
    },
    docs: {
      summary: 'A VirtualService binds to a Gateway whose servers accept none of the VirtualService\'s hosts.',
      why: [
        'A Gateway applies only the VirtualService routes whose hosts match one of its server hosts (wildcards on',
        'either side, `pkg/config/host` Name.Matches). Server hosts written `namespace/host` count only for',
        'VirtualServices of that namespace (`.` is the Gateway\'s own, `*` any). With no host in common, the',
        'binding has no effect: requests for the VirtualService\'s hosts get 404 at the gateway. For a Gateway API',
        'Gateway, a listener without `hostname` accepts every host.',
      ].join('\n'),
      bad: example('shop.example.org'),
      good: example('www.shop.example.com'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0132/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0132', analyzer: 'virtualservice.GatewayAnalyzer' }],
  },
  check(ws, ctx) {
    const world = TrafficWorld.of(ws);
    world.eachVirtualService(ws, ctx, rule.meta.id, (vs, report) => {
      const hosts = vs.value.hosts.map((h) => h.value);
      if (vs.value.partial || !hosts.length) return;
      for (const ref of gatewayRefs(world, vs.value)) {
        if (ref.state !== 'found' || ref.gateway.value.hostsPartial) continue;
        const gw = ref.gateway.value;
        const served = gw.api === 'istio' ? gatewayHostsFor(gw.hosts, gw.namespace, vs.value.namespace) : gw.hosts;
        if (served.some((g) => hosts.some((h) => hostMatches(g, h)))) continue;
        report({
          start: ref.at.start,
          end: ref.at.end,
          messageId: 'unmatched',
          data: { gateway: `${gw.namespace}/${gw.name}`, file: fileName(ref.gateway.doc.uri), hosts: hosts.slice(0, 2).join(', ') + (hosts.length > 2 ? ', …' : '') },
        });
      }
    });
  },
};
