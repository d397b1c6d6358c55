import type { WorkspaceRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { CLAIM_ROUTES, GATEWAY_SELECTORS, REQUEST_AUTHNS, type GatewaySelectorFact } from '../traffic/jwt-claims';
import { resolveGatewayRef } from '../traffic/hosts';
import { WORKLOADS } from '../mtls/k8s-facts';
import { mayMatch, selects, type Labels } from '../mtls/fact-read';
import { WORKLOAD_KINDS } from '../kinds';

const example = (authn: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: api-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "api.example.com"
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
  namespace: shop
spec:
  hosts:
  - api.example.com
  gateways:
  - istio-system/api-gateway
  http:
  - match:
    - headers:
        "@request.auth.claims.group":
          exact: beta
    route:
    - destination:
        host: api-beta
  - route:
    - destination:
        host: api
${authn}`;

const AUTHN = `---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: ingress-jwt
  namespace: istio-system
spec:
  selector:
    matchLabels:
      istio: ingressgateway
  jwtRules:
  - issuer: https://auth.example.com
    jwksUri: https://auth.example.com/.well-known/jwks.json
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [CLAIM_ROUTES, GATEWAY_SELECTORS, REQUEST_AUTHNS, WORKLOADS],
  meta: {
    id: 'traffic-jwt-claim-route-no-authn',
    family: 'traffic',
    severity: 'error',
    kinds: ['VirtualService', 'Gateway', 'RequestAuthentication', ...WORKLOAD_KINDS],
    messages: {
      pods: 'Add a RequestAuthentication selecting {pod}: the gateway validates no JWT, so this claim match never sees a claim',
      gateway: 'Add a RequestAuthentication for the pods of gateway {gateway}: they validate no JWT, so this claim match never sees a claim',
    },
    details: {
      pods: 'Gateway {gateway} selects {pod}, and no RequestAuthentication in {root} or the pod\'s namespace selects it. Without a validated JWT, headers on {key} never match and withoutHeaders on it always do.',
      gateway:
        'The workspace has no RequestAuthentication in {root} or {namespace} whose selector can match the gateway\'s selector {selector}. The gateway\'s pods are not in the workspace, so this is reported as information: a policy applied elsewhere may cover them.',
    },
    docs: {
      summary: 'A VirtualService bound to a gateway routes on JWT claims (`@request.auth.claims…` headers) but no RequestAuthentication applies to the gateway\'s pods.',
      why: [
        'Routing on `@request.auth.claims.<claim>` reads claims from a JWT the gateway has validated: only a',
        'RequestAuthentication that applies to the gateway\'s pods (in the root namespace or the pods\' namespace, with',
        'a selector matching them or none) makes Envoy validate the token and expose its claims. Without one, a',
        '`headers` match on a claim never matches and a `withoutHeaders` match always does (istioctl IST0149).',
        '',
        'Pods are the workloads of the workspace the Gateway\'s selector matches, in any namespace. When none is in the',
        'workspace, the rule looks for a RequestAuthentication in the root namespace or the Gateway\'s namespace that',
        'could select the Gateway\'s selector, and reports at `info` when there is none. Policies using `targetRef`',
        'count as applying.',
      ].join('\n'),
      bad: example(''),
      good: example(AUTHN),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0149/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0149', analyzer: 'virtualservice.JWTClaimRouteAnalyzer' }],
  },
  check(ws, ctx) {
    const routes = ws.facts(CLAIM_ROUTES);
    if (!routes.length) return;
    const root = ws.config.rootNamespace;
    const gateways = new Map(ws.facts(GATEWAY_SELECTORS).map((g) => [`${g.value.namespace}/${g.value.name}`, g.value]));
    const authns = ws.facts(REQUEST_AUTHNS).map((a) => a.value);
    const workloads = ws.facts(WORKLOADS);
    /** Policies that apply to pods with `labels` in `ns` (a partly known policy counts). */
    const covers = (ns: string, test: (sel: Labels) => boolean) => authns.some((a) => (a.namespace === root || a.namespace === ns) && (a.unknown || test(a.selector)));
    for (const r of routes) {
      for (const ref of r.value.gateways) {
        if (ref.value === 'mesh') continue;
        const { namespace, name } = resolveGatewayRef(ref.value, r.value.namespace);
        const gw: GatewaySelectorFact | undefined = gateways.get(`${namespace}/${name}`);
        // A missing gateway is gateway-not-found's finding; an empty or templated selector is not judged.
        if (!gw || gw.partial || !Object.keys(gw.selector).length) continue;
        const pods = workloads.filter((w) => !w.value.labelsPartial && selects(gw.selector, w.value.labels));
        const data = { gateway: quote(`${gw.namespace}/${gw.name}`, 40), key: r.value.key };
        if (pods.length) {
          const bare = pods.find((p) => !covers(p.value.namespace, (sel) => selects(sel, p.value.labels)));
          if (bare) ctx.report(r.doc, { ...r.value.at, messageId: 'pods', data: { ...data, root, pod: `${bare.value.kind.toLowerCase()} ${quote(bare.value.name ?? '(unnamed)', 40)}` } });
        } else if (!covers(gw.namespace, (sel: Labels) => mayMatch(sel, gw.selector))) {
          const selector = Object.entries(gw.selector).map(([k, v]) => `${k}=${v}`).join(', ');
          ctx.report(r.doc, { ...r.value.at, messageId: 'gateway', severity: 'info', data: { ...data, root, namespace: gw.namespace, selector } });
        }
      }
    }
  },
};

