/**
 * Facts for istioctl's virtualservice.JWTClaimRouteAnalyzer (IST0149): VirtualServices that route
 * on JWT claims (`pkg/jwt/routing.go` ToRoutingClaim: a header named `@request.auth.claims.` plus a
 * claim, or `@request.auth.claims[` … `]`), the workload selectors of Istio Gateways, and
 * RequestAuthentications.
 */
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { ISTIO_NETWORKING, ISTIO_SECURITY } from '../kinds';
import { asMap, entries, get, getPair, keySpan, seqItems } from '../yaml/nodes';
import { isTemplated, namespaceOf, readLabels, valueAt, type Labels } from '../mtls/fact-read';
import type { ValueAt } from '../mtls/yaml-edit';

const CLAIM_PREFIX = '@request.auth.claims';

/** ToRoutingClaim(name).Match. */
export function isClaimHeader(name: string): boolean {
  if (!name.toLowerCase().startsWith(CLAIM_PREFIX)) return false;
  const rest = name.slice(CLAIM_PREFIX.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

export interface ClaimRouteFact {
  namespace: string;
  gateways: ValueAt[];
  /** The first claim header key (what istioctl names), with its range. */
  key: string;
  at: Span;
}

export const CLAIM_ROUTES: Indexer<ClaimRouteFact> = {
  key: 'traffic.claimRoutes',
  kinds: ['VirtualService'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const gateways = seqItems(get(spec, 'gateways', doc.yaml), doc.yaml).map((n) => valueAt(n, doc));
    if (!gateways.length || gateways.some((g) => !g)) return [];
    for (const rule of seqItems(get(spec, 'http', doc.yaml), doc.yaml)) {
      for (const match of seqItems(get(asMap(rule, doc.yaml), 'match', doc.yaml), doc.yaml)) {
        for (const field of ['headers', 'withoutHeaders']) {
          for (const e of entries(get(asMap(match, doc.yaml), field, doc.yaml), doc.yaml)) {
            const at = keySpan(e.pair);
            if (at && isClaimHeader(e.key)) return [{ namespace, gateways: gateways as ValueAt[], key: e.key, at }];
          }
        }
      }
    }
    return [];
  },
};

export interface GatewaySelectorFact {
  name: string;
  namespace: string;
  selector: Labels;
  partial: boolean;
}

export const GATEWAY_SELECTORS: Indexer<GatewaySelectorFact> = {
  key: 'traffic.gatewaySelectors',
  kinds: ['Gateway'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined || !doc.name || isTemplated(doc.name)) return [];
    const { labels, partial } = readLabels(getPair(asMap(get(doc.root, 'spec', doc.yaml), doc.yaml), 'selector'), doc);
    return [{ name: doc.name, namespace, selector: labels, partial }];
  },
};

export interface RequestAuthnFact {
  namespace: string;
  /** matchLabels; empty: every workload of the namespace (the mesh, in the root namespace). */
  selector: Labels;
  /** The selector is templated, or the policy targets resources by `targetRef(s)`: what it applies to is not judged. */
  unknown: boolean;
}

export const REQUEST_AUTHNS: Indexer<RequestAuthnFact> = {
  key: 'traffic.requestAuthentications',
  kinds: ['RequestAuthentication'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_SECURITY || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const { labels, partial } = readLabels(getPair(asMap(get(spec, 'selector', doc.yaml), doc.yaml), 'matchLabels'), doc);
    const targeted = !!getPair(spec, 'targetRef') || !!getPair(spec, 'targetRefs');
    return [{ namespace, selector: labels, unknown: partial || targeted }];
  },
};
