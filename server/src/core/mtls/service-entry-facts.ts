/**
 * ServiceEntry facts: the hosts a ServiceEntry adds to Istio's registry and where they live
 * (MESH_EXTERNAL: outside the mesh, no sidecar; MESH_INTERNAL, the default: inside it).
 */
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { asMap, get, getPair, seqItems, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf, readLabels, type Labels } from './fact-read';
import { specOf } from './read';

export interface ServiceEntryFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** Hosts as written, lower-cased; templated ones left out. */
  hosts: string[];
  /** A host is templated: which hosts it adds is unknown. */
  hostsUnknown: boolean;
  location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  /** workloadSelector.labels: the WorkloadEntries (and pods) behind the hosts; undefined when absent or unreadable. */
  workloadSelector?: Labels;
}

export const SERVICE_ENTRIES: Indexer<ServiceEntryFact> = {
  key: 'mtls.serviceEntries',
  kinds: ['ServiceEntry'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    const spec = specOf(doc);
    if (namespace === undefined || !spec) return [];
    const written = seqItems(get(spec, 'hosts', doc.yaml), doc.yaml).map((n) => str(n, doc.yaml));
    const hosts = written.filter((h): h is string => h !== undefined && !isTemplated(h)).map((h) => h.trim().toLowerCase());
    const location = str(get(spec, 'location', doc.yaml), doc.yaml) === 'MESH_EXTERNAL' ? 'MESH_EXTERNAL' : 'MESH_INTERNAL';
    const sel = readLabels(getPair(asMap(get(spec, 'workloadSelector', doc.yaml), doc.yaml), 'labels'), doc);
    const workloadSelector = !sel.partial && Object.keys(sel.labels).length ? sel.labels : undefined;
    return [{ name: doc.name, namespace, anchor: anchorOf(doc), hosts, hostsUnknown: hosts.length !== written.length, location, ...(workloadSelector ? { workloadSelector } : {}) }];
  },
};

/** A WorkloadEntry: a VM or other non-Kubernetes endpoint registered in the mesh. */
export interface WorkloadEntryFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  labels: Labels;
  serviceAccount?: string;
  /** The security.istio.io/tlsMode label, which overrides what serviceAccount implies. */
  tlsModeLabel?: string;
}

export const WORKLOAD_ENTRIES: Indexer<WorkloadEntryFact> = {
  key: 'mtls.workloadEntries',
  kinds: ['WorkloadEntry'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    const spec = specOf(doc);
    if (namespace === undefined || !spec) return [];
    const { labels } = readLabels(getPair(spec, 'labels'), doc);
    const serviceAccount = str(get(spec, 'serviceAccount', doc.yaml), doc.yaml)?.trim();
    const tlsModeLabel = labels['security.istio.io/tlsMode'];
    return [{ name: doc.name, namespace, anchor: anchorOf(doc), labels, ...(serviceAccount ? { serviceAccount } : {}), ...(tlsModeLabel ? { tlsModeLabel } : {}) }];
  },
};

/**
 * Whether a WorkloadEntry runs a sidecar, as getTLSModeFromWorkloadEntry decides
 * (pilot/pkg/serviceregistry/serviceentry/conversion.go): the security.istio.io/tlsMode label
 * when set, else "istio" when a serviceAccount is given, else plaintext (no sidecar).
 */
export function workloadEntryHasSidecar(we: WorkloadEntryFact): boolean {
  if (we.tlsModeLabel !== undefined) return we.tlsModeLabel === 'istio';
  return we.serviceAccount !== undefined;
}
