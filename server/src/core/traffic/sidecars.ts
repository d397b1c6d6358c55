/**
 * Sidecar resources and the workloads each selects (istioctl sidecar.SelectorAnalyzer): a
 * Sidecar without `workloadSelector` (or with empty labels) is its namespace's default; one with
 * labels applies to the pods of its namespace that carry them. Documents with the same
 * namespace and name are one resource.
 */
import type { FactEntry, Indexer, WorkspaceIndex } from '../rule';
import type { Span } from '../types';
import { ISTIO_NETWORKING } from '../kinds';
import { asMap, entries, get, getIn, getPair, keySpan } from '../yaml/nodes';
import { anchorOf, namespaceOf, readLabels, selects, valueAt, type Labels } from '../mtls/fact-read';
import type { ValueAt } from '../mtls/yaml-edit';
import { WORKLOADS, type WorkloadFact } from '../mtls/k8s-facts';

export interface SidecarFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** undefined: the namespace default. */
  selector?: Labels;
  /** The `workloadSelector` key. */
  selectorAt?: Span;
  /** Selector label values with their ranges (for did-you-mean fixes). */
  selectorValues?: Record<string, ValueAt>;
  partial: boolean;
}

export const SIDECARS: Indexer<SidecarFact> = {
  key: 'traffic.sidecars',
  kinds: ['Sidecar'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const wsPair = getPair(spec, 'workloadSelector');
    const labelsPair = getPair(asMap(getIn(spec, ['workloadSelector'], doc.yaml), doc.yaml), 'labels');
    const { labels, partial } = readLabels(labelsPair, doc);
    const hasSelector = Object.keys(labels).length > 0 || partial;
    const selectorAt = wsPair ? keySpan(wsPair) : undefined;
    const selectorValues: Record<string, ValueAt> = {};
    for (const e of entries(labelsPair?.value, doc.yaml)) {
      const v = valueAt(e.value, doc);
      if (v) selectorValues[e.key] = v;
    }
    return [
      { name: doc.name, namespace, anchor: anchorOf(doc), ...(hasSelector ? { selector: labels, selectorValues } : {}), ...(selectorAt ? { selectorAt } : {}), partial },
    ];
  },
};

export const SIDECAR_INDEXERS = [SIDECARS, WORKLOADS] as const;

export const sidecarKey = (s: FactEntry<SidecarFact>): string => (s.value.name ? `${s.value.namespace}/${s.value.name}` : `${s.doc.uri}#${s.doc.index}`);

export interface SidecarView {
  sidecars: ReadonlyArray<FactEntry<SidecarFact>>;
  /** Workloads by namespace. */
  workloads: Map<string, Array<FactEntry<WorkloadFact>>>;
  /** The workloads a selector Sidecar selects (those with unreadable labels are left out). */
  selected(s: SidecarFact): Array<FactEntry<WorkloadFact>>;
}

export function sidecarView(ws: WorkspaceIndex): SidecarView {
  const workloads = new Map<string, Array<FactEntry<WorkloadFact>>>();
  for (const w of ws.facts(WORKLOADS)) {
    const list = workloads.get(w.value.namespace);
    if (list) list.push(w);
    else workloads.set(w.value.namespace, [w]);
  }
  return {
    sidecars: ws.facts(SIDECARS),
    workloads,
    selected: (s) => (s.selector ? (workloads.get(s.namespace) ?? []).filter((w) => !w.value.labelsPartial && selects(s.selector!, w.value.labels)) : []),
  };
}
