/**
 * Telemetry resources as istioctl's telemetry analyzers read them (istio/istio
 * pkg/config/analysis/analyzers/telemetry): the selector (`spec.selector` present at all, its
 * matchLabels), whether it targets a Gateway or Service through targetRef(s), and its
 * accessLogging entries. Documents with the same namespace and name are one resource.
 */
import type { FactEntry, Indexer, WorkspaceIndex } from '../rule';
import type { Span } from '../types';
import { asMap, get, getIn, getPair, keySpan, seqItems, span, str } from '../yaml/nodes';
import type { Pair } from 'yaml';
import { anchorOf, namespaceOf, readLabels, selects, mayMatch, templatedBlock, type Labels } from '../mtls/fact-read';
import { WORKLOADS, type WorkloadFact } from '../mtls/k8s-facts';
import { knownMeshValue } from '../mtls/mesh-settings';
import { fileName } from '../mtls/describe';

export interface AccessLogFact {
  /** The entry (its first key), where IST0157 is reported. */
  at: Span;
  /** `providers` absent or empty. */
  noProviders: boolean;
  /** `disabled: true`. */
  disabled: boolean;
}

export interface TelemetryFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** `spec.selector` is written and not null (the analyzers' `Selector != nil`). */
  hasSelector: boolean;
  matchLabels: Labels;
  /** matchLabels templated or unreadable. */
  partial: boolean;
  /** The `selector` key. */
  selectorAt?: Span;
  /** targetRef / targetRefs: the policy attaches to a Gateway or Service, not to the namespace. */
  targeted: boolean;
  accessLogging: AccessLogFact[];
  /** `tracing[].providers[].name` values, each with its range. */
  tracingProviders: Array<{ name: string; at: Span }>;
}

export const TELEMETRIES: Indexer<TelemetryFact> = {
  key: 'telemetry.telemetries',
  kinds: ['Telemetry'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== 'telemetry.istio.io' || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const selectorPair = getPair(spec, 'selector');
    // `selector:` with no value is a nil Selector, like no key at all; `selector: {}` is not.
    const selector = asMap(getIn(spec, ['selector'], doc.yaml), doc.yaml);
    const { labels, partial } = readLabels(getPair(selector, 'matchLabels'), doc);
    const selectorAt = selectorPair ? keySpan(selectorPair) : undefined;
    const accessLogging: AccessLogFact[] = [];
    for (const item of seqItems(get(spec, 'accessLogging', doc.yaml), doc.yaml)) {
      const entry = asMap(item, doc.yaml);
      const at = entry?.items.length ? keySpan(entry.items[0] as never) : span(item);
      if (!at) continue;
      // A Helm directive in the entry (providers from values): what it holds is unknown.
      const templated = entry?.items.some((p) => templatedBlock(doc, p as Pair<unknown, unknown>)) ?? true;
      const noProviders = !templated && !seqItems(get(entry, 'providers', doc.yaml), doc.yaml).length;
      accessLogging.push({ at, noProviders, disabled: str(get(entry, 'disabled', doc.yaml), doc.yaml) === 'true' });
    }
    const tracingProviders: TelemetryFact['tracingProviders'] = [];
    for (const item of seqItems(get(spec, 'tracing', doc.yaml), doc.yaml)) {
      for (const p of seqItems(get(asMap(item, doc.yaml), 'providers', doc.yaml), doc.yaml)) {
        const nameNode = get(asMap(p, doc.yaml), 'name', doc.yaml);
        const name = str(nameNode, doc.yaml);
        const at = span(nameNode);
        if (name !== undefined && at) tracingProviders.push({ name, at });
      }
    }
    return [
      {
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        hasSelector: !!selector,
        matchLabels: labels,
        partial,
        ...(selectorAt ? { selectorAt } : {}),
        targeted: !!getPair(spec, 'targetRef') || !!getPair(spec, 'targetRefs'),
        accessLogging,
        tracingProviders,
      },
    ];
  },
};

export const TELEMETRY_INDEXERS = [TELEMETRIES, WORKLOADS] as const;

/** One resource per namespace/name (the same resource written in two files counts once). */
export const telemetryKey = (t: FactEntry<TelemetryFact>): string => (t.value.name ? `${t.value.namespace}/${t.value.name}` : `${t.doc.uri}#${t.doc.index}`);

/** How another Telemetry is named in a message: its name and file. */
export const describeTelemetry = (t: FactEntry<TelemetryFact>): string => `"${t.value.name ?? '?'}" (${fileName(t.doc.uri)})`;

export interface TelemetryView {
  telemetries: ReadonlyArray<FactEntry<TelemetryFact>>;
  /** Workloads (pod templates and Pods) by namespace. */
  workloads: Map<string, Array<FactEntry<WorkloadFact>>>;
  /** Workloads a selector Telemetry selects for sure (those with templated labels are left out). */
  selected(t: TelemetryFact): Array<FactEntry<WorkloadFact>>;
  /** Whether a workload of the namespace has or may have (templated labels) the selector's labels. */
  mayBeSelected(t: TelemetryFact): boolean;
}

/** Selects on matchLabels: telemetry.SelectorAnalyzer skips a Telemetry whose matchLabels are empty. */
export const selectsByLabels = (t: TelemetryFact): boolean => Object.keys(t.matchLabels).length > 0 && !t.partial;

export function telemetryView(ws: WorkspaceIndex): TelemetryView {
  const workloads = new Map<string, Array<FactEntry<WorkloadFact>>>();
  for (const w of ws.facts(WORKLOADS)) {
    const list = workloads.get(w.value.namespace);
    if (list) list.push(w);
    else workloads.set(w.value.namespace, [w]);
  }
  const inNs = (t: TelemetryFact) => workloads.get(t.namespace) ?? [];
  return {
    telemetries: ws.facts(TELEMETRIES),
    workloads,
    selected: (t) => (selectsByLabels(t) ? inNs(t).filter((w) => !w.value.labelsPartial && selects(t.matchLabels, w.value.labels)) : []),
    mayBeSelected: (t) => inNs(t).some((w) => (w.value.labelsPartial ? mayMatch(t.matchLabels, w.value.labels) : selects(t.matchLabels, w.value.labels))),
  };
}

/**
 * meshConfig.defaultProviders.accessLogging, which telemetry.ProviderAnalyzer reads before IST0157,
 * or undefined while the files cannot tell (knownMeshValue).
 */
export function meshDefaultAccessLogProviders(ws: WorkspaceIndex): readonly string[] | undefined {
  return knownMeshValue(ws, (s) => s.accessLogProviders)?.split(',').filter(Boolean);
}
