/**
 * Small pieces the regex intent rules share: which sites they judge, the context the
 * pure intent logic needs, and the realistic manifests their docs are built from.
 */
import type { ResourceDoc } from '../document/resource';
import type { StringMatchSite } from './site';
import { collectStringMatches } from './sites';
import type { PatternContext } from './intent';

export const STRING_MATCH_LINK = 'https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch';
export const RE2_SYNTAX_LINK = 'https://github.com/google/re2/wiki/Syntax';

/** String matches whose value is known (not produced by a Helm template). */
export function knownSites(doc: ResourceDoc, types: ReadonlyArray<StringMatchSite['matchType']>): StringMatchSite[] {
  return collectStringMatches(doc).filter((s) => !s.templated && types.includes(s.matchType));
}

export function patternContext(site: StringMatchSite): PatternContext {
  return { field: site.field, semantics: site.semantics, ...(site.name !== undefined ? { name: site.name } : {}) };
}

/** The shop's ingress VirtualService; `httpLines` are its routes, each line indented under `http:`. */
export function storefrontRouting(httpLines: readonly string[]): string {
  return [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata:',
    '  name: storefront',
    '  namespace: web',
    'spec:',
    '  hosts:',
    '  - shop.example.com',
    '  gateways:',
    '  - istio-ingress/public-gateway',
    '  http:',
    ...httpLines,
    '',
  ].join('\n');
}

/**
 * The weekly tip's manifest: bots routed by user-agent on an ingress VirtualService.
 * `google` and `microsoft` are the complete `user-agent` match mappings' lines (indented by the caller's choice of key).
 */
export function userAgentRouting(google: string, microsoft: string): string {
  return storefrontRouting([
    '  - name: google-crawler',
    '    match:',
    '    - headers:',
    '        user-agent:',
    `          ${google}`,
    '    route:',
    '    - destination:',
    '        host: storefront-prerender',
    '  - name: bing-crawler',
    '    match:',
    '    - headers:',
    '        user-agent:',
    `          ${microsoft}`,
    '    route:',
    '    - destination:',
    '        host: storefront-prerender',
    '  - route:',
    '    - destination:',
    '        host: storefront',
  ]);
}

/** An API VirtualService whose first route's `uri` match is `uriMatch` (e.g. `regex: ^/api/v2`). */
export function apiRouting(uriMatch: string, extraMatchLines: readonly string[] = []): string {
  return [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata:',
    '  name: orders',
    '  namespace: shop',
    'spec:',
    '  hosts:',
    '  - orders.shop.svc.cluster.local',
    '  http:',
    '  - name: orders-v2',
    '    match:',
    '    - uri:',
    `        ${uriMatch}`,
    ...extraMatchLines.map((l) => `      ${l}`),
    '    route:',
    '    - destination:',
    '        host: orders-v2.shop.svc.cluster.local',
    '  - route:',
    '    - destination:',
    '        host: orders.shop.svc.cluster.local',
    '',
  ].join('\n');
}
