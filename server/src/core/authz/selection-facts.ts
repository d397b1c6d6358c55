/**
 * What istioctl's auth.AuthorizationPoliciesAnalyzer reads of an AuthorizationPolicy: the
 * workload selector (with each label value's range, for did-you-mean fixes) and every
 * `source.namespaces` / `source.notNamespaces` value with its range.
 */
import { ISTIO_SECURITY } from '../kinds';
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { asMap, entries, get, getPair, keySpan, seqItems } from '../yaml/nodes';
import { anchorOf, namespaceOf, readLabels, valueAt, type Labels } from '../mtls/fact-read';
import type { ValueAt } from '../mtls/yaml-edit';

export interface SourceNamespace extends ValueAt {
  field: 'namespaces' | 'notNamespaces';
}

export interface AuthzSelectionFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** `selector.matchLabels`; undefined without a selector. */
  selector?: Labels;
  selectorValues: Record<string, ValueAt>;
  selectorPartial: boolean;
  /** The `selector` key. */
  selectorAt?: Span;
  /** `targetRef`/`targetRefs`: the policy attaches to a gateway, waypoint or Service, not by selector. */
  targeted: boolean;
  sourceNamespaces: SourceNamespace[];
}

export const AUTHZ_SELECTIONS: Indexer<AuthzSelectionFact> = {
  key: 'authz.selections',
  kinds: ['AuthorizationPolicy'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_SECURITY || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const selectorPair = getPair(spec, 'selector');
    const labelsPair = getPair(asMap(selectorPair?.value, doc.yaml), 'matchLabels');
    const { labels, partial } = readLabels(labelsPair, doc);
    const selectorValues: Record<string, ValueAt> = {};
    for (const e of entries(labelsPair?.value, doc.yaml)) {
      const v = valueAt(e.value, doc);
      if (v) selectorValues[e.key] = v;
    }
    const sourceNamespaces: SourceNamespace[] = [];
    for (const rule of seqItems(get(spec, 'rules', doc.yaml), doc.yaml)) {
      for (const from of seqItems(get(asMap(rule, doc.yaml), 'from', doc.yaml), doc.yaml)) {
        const source = asMap(get(asMap(from, doc.yaml), 'source', doc.yaml), doc.yaml);
        for (const field of ['namespaces', 'notNamespaces'] as const) {
          for (const item of seqItems(get(source, field, doc.yaml), doc.yaml)) {
            const v = valueAt(item, doc);
            if (v) sourceNamespaces.push({ ...v, field });
          }
        }
      }
    }
    // istioctl: a selector with no matchLabels selects like none at all (SelectorFromSet of an empty map).
    const hasSelector = Object.keys(labels).length > 0 || partial;
    const selectorAt = selectorPair ? keySpan(selectorPair) : undefined;
    return [
      {
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        ...(hasSelector ? { selector: labels } : {}),
        selectorValues,
        selectorPartial: partial,
        ...(selectorAt ? { selectorAt } : {}),
        targeted: !!getPair(spec, 'targetRef') || !!getPair(spec, 'targetRefs'),
        sourceNamespaces,
      },
    ];
  },
};
