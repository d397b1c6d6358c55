/**
 * AuthorizationPolicy facts: action, selector, and where each rule relies on the peer's
 * mTLS identity (source principals, namespaces, service accounts and the matching `when`
 * keys), positively or negated. Ranges are relative to the document.
 */
import type { Node } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import { ISTIO_SECURITY } from '../kinds';
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { asMap, get, getPair, keySpan, seqItems, span, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf, readLabels, type Labels } from '../mtls/fact-read';

/** Source fields whose values are read from the peer certificate (pilot/pkg/security/authz/model/generator.go). */
export const IDENTITY_FIELDS = ['principals', 'namespaces', 'serviceAccounts'] as const;
export const NEGATED_IDENTITY_FIELDS = ['notPrincipals', 'notNamespaces', 'notServiceAccounts'] as const;
/** `when` keys read from the peer certificate. */
export const IDENTITY_KEYS = ['source.principal', 'source.namespace', 'source.serviceAccount'] as const;

export interface IdentityUse {
  /** `principals`, `notNamespaces`, or a `when` key such as `source.principal`. */
  field: string;
  at: Span;
}

export interface AuthzRuleFact {
  /** Per `from` entry: the identity fields it requires (all must match). */
  sources: Array<{ required: IdentityUse[]; negated: IdentityUse[] }>;
  /** `when` conditions on identity keys: `values` (required) or `notValues` (negated). */
  whenRequired: IdentityUse[];
  whenNegated: IdentityUse[];
}

export interface AuthzFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** ALLOW when not written; undefined when templated or unknown. */
  action: string | undefined;
  /** undefined: no selector (namespace-wide, or mesh-wide in the root namespace). */
  selector?: Labels;
  selectorPartial: boolean;
  /** `targetRef`/`targetRefs` (gateways, waypoints, Services): not a sidecar workload selection. */
  targeted: boolean;
  rules: AuthzRuleFact[];
}

const keyAt = (node: ReturnType<typeof asMap>, key: string): Span | undefined => {
  const p = getPair(node, key);
  return p ? keySpan(p) : undefined;
};

function uses(map: ReturnType<typeof asMap>, fields: readonly string[]): IdentityUse[] {
  const out: IdentityUse[] = [];
  for (const field of fields) {
    const at = keyAt(map, field);
    if (at && seqItems(get(map, field)).length) out.push({ field, at });
  }
  return out;
}

function ruleFact(node: Node, doc: ResourceDoc): AuthzRuleFact {
  const rule = asMap(node, doc.yaml);
  const sources: AuthzRuleFact['sources'] = [];
  for (const from of seqItems(get(rule, 'from', doc.yaml), doc.yaml)) {
    const source = asMap(get(asMap(from, doc.yaml), 'source', doc.yaml), doc.yaml);
    sources.push({ required: uses(source, IDENTITY_FIELDS), negated: uses(source, NEGATED_IDENTITY_FIELDS) });
  }
  const whenRequired: IdentityUse[] = [];
  const whenNegated: IdentityUse[] = [];
  for (const cond of seqItems(get(rule, 'when', doc.yaml), doc.yaml)) {
    const c = asMap(cond, doc.yaml);
    const key = str(get(c, 'key', doc.yaml), doc.yaml);
    const at = span(get(c, 'key', doc.yaml));
    if (!key || !at || !(IDENTITY_KEYS as readonly string[]).includes(key)) continue;
    if (seqItems(get(c, 'values', doc.yaml)).length) whenRequired.push({ field: key, at });
    if (seqItems(get(c, 'notValues', doc.yaml)).length) whenNegated.push({ field: key, at });
  }
  return { sources, whenRequired, whenNegated };
}

export const AUTHORIZATION_POLICIES: Indexer<AuthzFact> = {
  key: 'authz.policies',
  kinds: ['AuthorizationPolicy'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_SECURITY || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const actionRaw = str(get(spec, 'action', doc.yaml), doc.yaml);
    const action = actionRaw === undefined || actionRaw === '' ? 'ALLOW' : isTemplated(actionRaw) ? undefined : actionRaw;
    const selectorPair = getPair(asMap(get(spec, 'selector', doc.yaml), doc.yaml), 'matchLabels');
    const sel = readLabels(selectorPair, doc);
    const hasSelector = Object.keys(sel.labels).length > 0 || sel.partial;
    const targeted = !!getPair(spec, 'targetRef') || !!getPair(spec, 'targetRefs');
    return [
      {
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        action,
        ...(hasSelector ? { selector: sel.labels } : {}),
        selectorPartial: sel.partial,
        targeted,
        rules: seqItems(get(spec, 'rules', doc.yaml), doc.yaml).map((r) => ruleFact(r, doc)),
      },
    ];
  },
};
