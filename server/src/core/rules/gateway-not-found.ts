import type { WorkspaceRule } from '../rule';
import { TRAFFIC_INDEXERS, TrafficWorld } from '../traffic/world';
import { gatewayRefs } from '../traffic/gateway-refs';
import { didYouMean } from '../traffic/hosts';
import { replaceValue } from '../mtls/yaml-edit';

const example = (ref: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bookinfo-gateway
  namespace: bookinfo
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bookinfo
  namespace: bookinfo
spec:
  hosts:
  - "*"
  gateways:
  - ${ref}
  http:
  - route:
    - destination:
        host: productpage
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TRAFFIC_INDEXERS,
  meta: {
    id: 'gateway-not-found',
    family: 'gateway',
    severity: 'error',
    kinds: ['VirtualService', 'Gateway'],
    messages: {
      missing: 'These routes apply to no gateway: no Gateway "{name}" in {namespace}{hint}',
    },
    details: {
      missing:
        'No Istio Gateway nor Gateway API Gateway "{name}" is in {namespace} (a short name means the VirtualService\'s ' +
        'namespace; "mesh" means the sidecars), so Istio binds these routes to nothing: their hosts get 404 at the ' +
        'ingress. Checked because the workspace declares Gateways of {namespace}; one applied from elsewhere is not seen ' +
        'here.',
    },
    docs: {
      summary: 'A VirtualService binds to a Gateway that does not exist in the namespace it names.',
      why: [
        'A `gateways` entry names a Gateway as `namespace/name`, or by a short name resolved in the VirtualService\'s',
        'own namespace (`pilot/pkg/model/config.go` resolveGatewayName; the legacy `name.namespace` form too). When',
        'no Istio Gateway nor Kubernetes Gateway API Gateway has that name, Istio silently binds the routes to',
        'nothing: the host returns 404 at the ingress. `mesh` is the sidecars, not a Gateway.',
        '',
        'The rule reports only when the workspace declares at least one Gateway in the namespace named (otherwise',
        'the Gateway may live in a part of the cluster the workspace does not hold). When the name is one or two',
        'edits from a Gateway of that namespace, the fix offers it.',
      ].join('\n'),
      bad: example('bookinfo-gatway'),
      good: example('bookinfo-gateway'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0101', analyzer: 'virtualservice.GatewayAnalyzer' }],
  },
  check(ws, ctx) {
    const world = TrafficWorld.of(ws);
    world.eachVirtualService(ws, ctx, rule.meta.id, (vs, report) => {
      for (const ref of gatewayRefs(world, vs.value)) {
        if (ref.state !== 'missing') continue;
        const guess = didYouMean(ref.name, world.gatewaysIn(ref.namespace).map((g) => g.value.name));
        const replacement = guess && ref.at.value.slice(0, ref.at.value.length - ref.name.length) + guess;
        report({
          start: ref.at.start,
          end: ref.at.end,
          messageId: 'missing',
          data: { name: ref.name, namespace: ref.namespace, hint: guess ? `; did you mean "${guess}"?` : '' },
          ...(replacement && ref.at.value.endsWith(ref.name) ? { fixes: [{ title: `Change to "${replacement}"`, safe: false, edits: [replaceValue(ref.at, replacement)] }] } : {}),
        });
      }
    });
  },
};
