/**
 * The Istio annotations of a resource, the way istioctl's annotations.K8sAnalyzer sees them
 * (istio/istio pkg/config/analysis/analyzers/annotations/annotations.go): the metadata of
 * Namespaces, Services, Pods and Deployments. A cluster holds the Pods that workloads create, so
 * the pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob is read as
 * a Pod. The registry (names, the resource types each applies to, deprecation) is generated from
 * istio/api: registry.gen.ts.
 */
import type { YAMLMap } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import type { Span } from '../types';
import { asMap, entries, get, getIn, getPair, keySpan, span, str } from '../yaml/nodes';
import { isTemplated, readLabels, type Labels } from '../mtls/fact-read';
import { ISTIO_ANNOTATIONS, ISTIO_LABELS, type RegistryEntry } from './registry.gen';

/** The kinds a rule reads (their own metadata, or their pod template). */
export const ANNOTATED_KINDS = ['Namespace', 'Service', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

export interface AnnotationEntry {
  key: string;
  keyAt: Span;
  /** undefined when templated or not a scalar. */
  value?: string;
  valueAt?: Span;
  /** The resource type istioctl sees it on: Namespace, Service, Pod or Deployment (pod templates are Pods). */
  on: string;
  /** Whether it sits in a pod template (not the resource's own metadata). */
  template: boolean;
  /** The labels of the same metadata; `labelsPartial` when some are templated. */
  labels: Labels;
  labelsPartial: boolean;
  /** Every key of the same `annotations` mapping (a rename onto one of them would duplicate it). */
  siblings: ReadonlySet<string>;
}

/**
 * Istio's annotation namespace (annotations.go `istioAnnotation`): the part before the first "/"
 * ends with "istio.io", plus the one Kubernetes annotation Istio documents.
 */
export function isIstioAnnotation(key: string): boolean {
  return key === 'kubernetes.io/ingress.class' || key.split('/')[0].endsWith('istio.io');
}

/** Set by istiod, the injector or a controller: istioctl never reports them (maturity.AlwaysIgnoredAnnotations). */
export const ALWAYS_IGNORED: ReadonlySet<string> = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

const byName = (list: readonly RegistryEntry[]) => new Map(list.map((e) => [e.name, e]));
export const ANNOTATIONS: ReadonlyMap<string, RegistryEntry> = byName(ISTIO_ANNOTATIONS);
export const LABELS: ReadonlyMap<string, RegistryEntry> = byName(ISTIO_LABELS);

/** Resource types an entry applies to, as the analyzer names them (undefined: any resource). */
export function appliesTo(def: RegistryEntry): readonly string[] | undefined {
  return def.resources.includes('Any') ? undefined : def.resources;
}

function metadataBlocks(doc: ResourceDoc): Array<{ metadata: YAMLMap | undefined; on: string; template: boolean }> {
  const own = { metadata: asMap(get(doc.root, 'metadata', doc.yaml), doc.yaml), template: false };
  const core = doc.group === '' && doc.version === 'v1';
  if (core && (doc.kind === 'Namespace' || doc.kind === 'Service' || doc.kind === 'Pod')) return [{ ...own, on: doc.kind }];
  const workload = (doc.group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(doc.kind)) || (doc.group === 'batch' && ['Job', 'CronJob'].includes(doc.kind));
  if (!workload) return [];
  const path = doc.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] : ['spec', 'template', 'metadata'];
  const pod = { metadata: asMap(getIn(doc.root, path, doc.yaml), doc.yaml), on: 'Pod', template: true };
  return doc.kind === 'Deployment' ? [{ ...own, on: 'Deployment' }, pod] : [pod];
}

function read(doc: ResourceDoc): AnnotationEntry[] {
  const out: AnnotationEntry[] = [];
  for (const { metadata, on, template } of metadataBlocks(doc)) {
    const annotations = getPair(metadata, 'annotations');
    if (!annotations) continue;
    const { labels, partial } = readLabels(getPair(metadata, 'labels'), doc);
    const all = entries(annotations.value, doc.yaml);
    const siblings = new Set(all.map((e) => e.key));
    for (const e of all) {
      const keyAt = keySpan(e.pair);
      if (!keyAt || isTemplated(e.key) || !isIstioAnnotation(e.key)) continue;
      const value = str(e.value, doc.yaml);
      const valueAt = span(e.value);
      const known = value !== undefined && !isTemplated(value);
      out.push({ key: e.key, keyAt, ...(known ? { value } : {}), ...(known && valueAt ? { valueAt } : {}), on, template, labels, labelsPartial: partial, siblings });
    }
  }
  return out;
}

/** The Istio-namespace annotations of a document (computed once per document for the four rules). */
export function istioAnnotationsOf(doc: ResourceDoc): readonly AnnotationEntry[] {
  return doc.memo(read, () => read(doc));
}
