/**
 * Kubernetes facts the mTLS model needs: Services (selector, port → targetPort),
 * workloads (pod template labels and annotations, hostNetwork, container ports, probes)
 * and Namespaces (injection labels).
 */
import type { YAMLMap } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import { WORKLOAD_KINDS } from '../kinds';
import type { Indexer } from '../rule';
import type { Span, TextEdit } from '../types';
import { asMap, get, getIn, getPair, seqItems, span, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf, portNumber, portRef, readLabels, valueAt, type Labels } from './fact-read';
import { specOf } from './read';
import { removeBlockPair, type ValueAt } from './yaml-edit';

// ── Service ──────────────────────────────────────────────────────────────────

export interface ServicePortFact {
  port: number;
  /** Container port number or name; undefined: same as `port`. */
  targetPort?: number | string;
  name?: string;
}

export interface ServiceFact {
  name: string;
  namespace: string;
  type?: string;
  /** undefined: no selector (endpoints managed elsewhere). */
  selector?: Labels;
  selectorPartial: boolean;
  ports: ServicePortFact[];
}

export const SERVICES: Indexer<ServiceFact> = {
  key: 'mtls.services',
  kinds: ['Service'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    const spec = specOf(doc);
    if (!doc.name || namespace === undefined) return [];
    const sel = readLabels(getPair(spec, 'selector'), doc);
    const ports: ServicePortFact[] = [];
    for (const item of seqItems(get(spec, 'ports', doc.yaml), doc.yaml)) {
      const port = portNumber(get(asMap(item), 'port', doc.yaml), doc);
      if (port === undefined) continue;
      const name = str(get(asMap(item), 'name', doc.yaml), doc.yaml);
      ports.push({ port, targetPort: portRef(get(asMap(item), 'targetPort', doc.yaml), doc), ...(name ? { name } : {}) });
    }
    const type = str(get(spec, 'type', doc.yaml), doc.yaml);
    const hasSelector = Object.keys(sel.labels).length > 0 || sel.partial;
    return [{ name: doc.name, namespace, ...(type ? { type } : {}), selector: hasSelector ? sel.labels : undefined, selectorPartial: sel.partial, ports }];
  },
};

// ── Workloads ────────────────────────────────────────────────────────────────

export const INJECT_KEY = 'sidecar.istio.io/inject';
export const REWRITE_PROBES_KEY = 'sidecar.istio.io/rewriteAppHTTPProbers';
export const DATAPLANE_MODE_KEY = 'istio.io/dataplane-mode';

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export type ProbeHandler = 'httpGet' | 'grpc' | 'tcpSocket' | 'exec';
const PROBE_KINDS: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_HANDLERS: readonly ProbeHandler[] = ['httpGet', 'grpc', 'tcpSocket', 'exec'];

export interface ProbeFact {
  probe: ProbeKind;
  handler: ProbeHandler;
  container: string | undefined;
  /** Container port number or name; undefined for exec or when unreadable. */
  port?: number | string;
  /** The handler key (`httpGet:`). */
  at: Span;
}

export interface ContainerFact {
  name: string | undefined;
  ports: Array<{ port: number; name?: string }>;
}

export interface WorkloadFact {
  kind: string;
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** Pod (template) labels. */
  labels: Labels;
  /** Some labels are templated or unreadable. */
  labelsPartial: boolean;
  /** Pod (template) annotations. */
  annotations: Labels;
  injectLabel?: ValueAt;
  injectAnnotation?: ValueAt;
  /** `hostNetwork: true` value. */
  hostNetwork?: Span;
  /** `sidecar.istio.io/rewriteAppHTTPProbers` annotation and the edit that deletes it. */
  rewriteProbes?: { at: ValueAt; remove?: TextEdit };
  containers: ContainerFact[];
  probes: ProbeFact[];
}

/** The pod template's metadata and spec. */
function podTemplate(doc: ResourceDoc): { metadata: YAMLMap | undefined; spec: YAMLMap | undefined } | undefined {
  const path = doc.kind === 'Pod' ? [] : doc.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
  const tpl = asMap(path.length ? getIn(doc.root, path, doc.yaml) : doc.root, doc.yaml);
  if (!tpl) return undefined;
  return { metadata: asMap(get(tpl, 'metadata', doc.yaml), doc.yaml), spec: asMap(get(tpl, 'spec', doc.yaml), doc.yaml) };
}

function rewriteProbes(doc: ResourceDoc, metadata: YAMLMap | undefined): WorkloadFact['rewriteProbes'] {
  const annotationsPair = getPair(metadata, 'annotations');
  const annotations = asMap(annotationsPair?.value, doc.yaml);
  const pair = getPair(annotations, REWRITE_PROBES_KEY);
  const at = pair ? valueAt(pair.value as never, doc) : undefined;
  if (!at || !annotations || !annotationsPair || !metadata) return undefined;
  // The only annotation: drop the whole `annotations:` key rather than leave it null.
  const remove = annotations.items.length === 1 ? removeBlockPair(doc.text, metadata, annotationsPair) : removeBlockPair(doc.text, annotations, pair!);
  return { at, ...(remove ? { remove } : {}) };
}

function containersOf(doc: ResourceDoc, spec: YAMLMap | undefined): { containers: ContainerFact[]; probes: ProbeFact[] } {
  const containers: ContainerFact[] = [];
  const probes: ProbeFact[] = [];
  for (const item of seqItems(get(spec, 'containers', doc.yaml), doc.yaml)) {
    const c = asMap(item, doc.yaml);
    if (!c) continue;
    const name = str(get(c, 'name', doc.yaml), doc.yaml);
    const ports: ContainerFact['ports'] = [];
    for (const p of seqItems(get(c, 'ports', doc.yaml), doc.yaml)) {
      const port = portNumber(get(asMap(p), 'containerPort', doc.yaml), doc);
      const portName = str(get(asMap(p), 'name', doc.yaml), doc.yaml);
      if (port !== undefined) ports.push({ port, ...(portName ? { name: portName } : {}) });
    }
    containers.push({ name, ports });
    for (const probe of PROBE_KINDS) {
      const pm = asMap(get(c, probe, doc.yaml), doc.yaml);
      for (const handler of PROBE_HANDLERS) {
        const hp = getPair(pm, handler);
        const at = hp ? span(hp.key as never) : undefined;
        if (!hp || !at) continue;
        const port = handler === 'exec' ? undefined : portRef(get(asMap(hp.value, doc.yaml), 'port', doc.yaml), doc);
        probes.push({ probe, handler, container: name, ...(port !== undefined ? { port } : {}), at });
      }
    }
  }
  return { containers, probes };
}

export const WORKLOADS: Indexer<WorkloadFact> = {
  key: 'mtls.workloads',
  kinds: WORKLOAD_KINDS,
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    const tpl = podTemplate(doc);
    if (namespace === undefined || !tpl) return [];
    const labelsPair = getPair(tpl.metadata, 'labels');
    const labels = readLabels(labelsPair, doc);
    const annotationsPair = getPair(tpl.metadata, 'annotations');
    const annotations = asMap(annotationsPair?.value, doc.yaml);
    const injectLabel = valueAt(get(asMap(labelsPair?.value, doc.yaml), INJECT_KEY, doc.yaml), doc);
    const injectAnnotation = valueAt(get(annotations, INJECT_KEY, doc.yaml), doc);
    const hostNetworkNode = get(tpl.spec, 'hostNetwork', doc.yaml);
    const hostNetwork = str(hostNetworkNode, doc.yaml) === 'true' ? span(hostNetworkNode) : undefined;
    const rp = rewriteProbes(doc, tpl.metadata);
    return [
      {
        kind: doc.kind,
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        labels: labels.labels,
        labelsPartial: labels.partial,
        annotations: readLabels(annotationsPair, doc).labels,
        ...(injectLabel ? { injectLabel } : {}),
        ...(injectAnnotation ? { injectAnnotation } : {}),
        ...(hostNetwork ? { hostNetwork } : {}),
        ...(rp ? { rewriteProbes: rp } : {}),
        ...containersOf(doc, tpl.spec),
      },
    ];
  },
};

// ── Namespaces ───────────────────────────────────────────────────────────────

export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';

export interface NamespaceFact {
  name: string;
  labels: Labels;
  labelsPartial: boolean;
  anchor: Span;
}

export const NAMESPACES: Indexer<NamespaceFact> = {
  key: 'mtls.namespaces',
  kinds: ['Namespace'],
  extract(doc) {
    if (!doc.name || isTemplated(doc.name)) return [];
    const { labels, partial } = readLabels(getPair(asMap(get(doc.root, 'metadata', doc.yaml), doc.yaml), 'labels'), doc);
    return [{ name: doc.name, labels, labelsPartial: partial, anchor: anchorOf(doc) }];
  },
};
