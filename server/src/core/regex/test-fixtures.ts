/**
 * Manifests the regex rule tests build their cases from. Pure text builders (no assertions,
 * so nothing here pulls test tooling into the core): a test passes the lines it cares about,
 * already indented for their place, and gets a complete manifest around them.
 */

/**
 * A VirtualService `name` routing to host `name`, whose one http route holds `routeLines`
 * (starting with the `  - ` of the route item) above its `route:`.
 */
export const virtualService = (routeLines: string, name = 'web') => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: [${name}]
  http:
${routeLines}
    route:
    - destination:
        host: ${name}
`;

/** A VirtualService whose only match is `matchLines` (already indented under `- `). */
export const vsMatch = (matchLines: string) => virtualService(`  - match:\n${matchLines}`);

/** A VirtualService whose only match is on `uri`, written by `uriLines` (e.g. `        regex: x`). */
export const vsUri = (uriLines: string) => vsMatch(`    - uri:\n${uriLines}`);

/** A VirtualService whose only match is on the `user-agent` header, written by `headerLines`. */
export const vsUserAgent = (headerLines: string) => vsMatch(`    - headers:\n        user-agent:\n${headerLines}`);

/** A VirtualService `api` whose CORS policy allows the origins in `originLines` (`      - regex: …`). */
export const vsCorsOrigins = (originLines: string) => virtualService(`  - corsPolicy:\n      allowOrigins:\n${originLines}`, 'api');

/** An HTTPRoute `web` whose one rule matches `matchLines` (`    - path: …`) and sends it to `web:80`. */
export const httpRoute = (matchLines: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  rules:
  - matches:
${matchLines}
    backendRefs:
    - name: web
      port: 80
`;

/** An HTTPRoute `r` with one rule and nothing else: `ruleLines` follow its `  - matches:` line. */
export const bareHttpRoute = (ruleLines: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
  - matches:
${ruleLines}
`;

/** An EnvoyFilter `e` whose config patches are `patchLines` (`  - match: …`). */
export const envoyFilter = (patchLines: string) => `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: e}
spec:
  configPatches:
${patchLines}
`;

/** A VirtualService `web` whose `http:` holds exactly `routeLines` (each route starting `  - `). */
export const vsHttp = (routeLines: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
${routeLines}`;

/** The flow-style variant of `virtualService`: `metadata: {name: web}` and a one-line `route`. */
export const compactVs = (routeLines: string) => vsHttp(`${routeLines}
    route: [{destination: {host: web}}]
`);
