/**
 * Workspace facts for the traffic rules (istioctl analyze's VirtualService, DestinationRule
 * and Gateway analyzers): what a resource names and where, as small plain objects. Only
 * values a rule compares or reports on are kept; ranges are relative to the document.
 * Workloads and Namespaces come from the mTLS indexers (mtls/k8s-facts.ts).
 */
import { isSeq, type Node } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import { GATEWAY_API, ISTIO_NETWORKING } from '../kinds';
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { asMap, get, getIn, getPair, seqItems, span, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf, portNumber, readLabels, valueAt, type Labels } from '../mtls/fact-read';
import type { ValueAt } from '../mtls/yaml-edit';

const specOf = (doc: ResourceDoc) => asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);

/** Scalar strings of a sequence; undefined when the key is absent or not a sequence. */
function strings(node: Node | undefined, doc: ResourceDoc): string[] | undefined {
  if (!isSeq(node)) return undefined;
  return seqItems(node, doc.yaml).map((n) => str(n, doc.yaml) ?? '');
}

/** Scalars of a sequence with their ranges (templated or non-scalar items are left out). */
function valuesAt(node: Node | undefined, doc: ResourceDoc): ValueAt[] {
  const out: ValueAt[] = [];
  for (const n of seqItems(node, doc.yaml)) {
    const v = valueAt(n, doc);
    if (v) out.push(v);
  }
  return out;
}

/** A list some item of which is templated: what it holds is only partly known. */
const partlyTemplated = (list: readonly string[] | undefined): boolean => !!list?.some((s) => s === '' || isTemplated(s));

// ── Service ──────────────────────────────────────────────────────────────────

export interface SvcPortFact {
  port: number;
  name?: string;
  protocol?: string;
}

export interface SvcFact {
  name: string;
  namespace: string;
  type?: string;
  /** `networking.istio.io/exportTo` split on commas; undefined: exported everywhere. */
  exportTo?: string[];
  ports: SvcPortFact[];
  /** Some port is templated or unreadable: the port list is incomplete. */
  portsPartial: boolean;
}

export const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

export const SVC: Indexer<SvcFact> = {
  key: 'traffic.services',
  kinds: ['Service'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== '' || !doc.name || isTemplated(doc.name) || namespace === undefined) return [];
    const spec = specOf(doc);
    const ann = str(getIn(doc.root, ['metadata', 'annotations', EXPORT_TO_ANNOTATION], doc.yaml), doc.yaml);
    const exportTo = ann?.trim() ? ann.split(',').map((s) => s.trim()) : undefined;
    const ports: SvcPortFact[] = [];
    let portsPartial = !!getPair(spec, 'ports') && !isSeq(get(spec, 'ports', doc.yaml));
    for (const item of seqItems(get(spec, 'ports', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const port = portNumber(get(m, 'port', doc.yaml), doc);
      if (port === undefined) {
        portsPartial = true;
        continue;
      }
      const name = str(get(m, 'name', doc.yaml), doc.yaml);
      const protocol = str(get(m, 'protocol', doc.yaml), doc.yaml);
      ports.push({ port, ...(name ? { name } : {}), ...(protocol ? { protocol } : {}) });
    }
    const type = str(get(spec, 'type', doc.yaml), doc.yaml);
    return [{ name: doc.name, namespace, ...(type ? { type } : {}), ...(exportTo ? { exportTo } : {}), ports, portsPartial: portsPartial || partlyTemplated(exportTo) }];
  },
};

// ── ServiceEntry ─────────────────────────────────────────────────────────────

export interface SeFact {
  name: string | undefined;
  namespace: string;
  hosts: string[];
  exportTo?: string[];
  ports: Array<{ number: number; protocol?: string; name?: string }>;
  portsPartial: boolean;
}

export const SERVICE_ENTRIES: Indexer<SeFact> = {
  key: 'traffic.serviceEntries',
  kinds: ['ServiceEntry'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined) return [];
    const spec = specOf(doc);
    const hosts = (strings(get(spec, 'hosts', doc.yaml), doc) ?? []).filter((h) => h && !isTemplated(h));
    const exportTo = strings(get(spec, 'exportTo', doc.yaml), doc);
    const ports: SeFact['ports'] = [];
    let portsPartial = false;
    for (const item of seqItems(get(spec, 'ports', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const number = portNumber(get(m, 'number', doc.yaml), doc);
      if (number === undefined) {
        portsPartial = true;
        continue;
      }
      const protocol = str(get(m, 'protocol', doc.yaml), doc.yaml);
      const name = str(get(m, 'name', doc.yaml), doc.yaml);
      ports.push({ number, ...(protocol ? { protocol } : {}), ...(name ? { name } : {}) });
    }
    return [{ name: doc.name, namespace, hosts, ...(exportTo ? { exportTo } : {}), ports, portsPartial: portsPartial || partlyTemplated(exportTo) }];
  },
};

// ── Gateway (Istio and Kubernetes Gateway API) ───────────────────────────────

export interface GatewayFact {
  api: 'istio' | 'kubernetes';
  name: string;
  namespace: string;
  /** Istio: every server's hosts as written (`ns/host` included); Kubernetes: listener hostnames, `*` for a listener without one. */
  hosts: string[];
  /** Some host is templated: matching is unknown. */
  hostsPartial: boolean;
}

export const GATEWAYS: Indexer<GatewayFact> = {
  key: 'traffic.gateways',
  kinds: ['Gateway'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (!doc.name || isTemplated(doc.name) || namespace === undefined) return [];
    const spec = specOf(doc);
    const hosts: string[] = [];
    let hostsPartial = false;
    if (doc.group === ISTIO_NETWORKING) {
      for (const server of seqItems(get(spec, 'servers', doc.yaml), doc.yaml)) {
        const list = strings(get(asMap(server, doc.yaml), 'hosts', doc.yaml), doc) ?? [];
        hostsPartial ||= partlyTemplated(list);
        hosts.push(...list);
      }
      return [{ api: 'istio', name: doc.name, namespace, hosts, hostsPartial }];
    }
    if (doc.group !== GATEWAY_API) return [];
    for (const listener of seqItems(get(spec, 'listeners', doc.yaml), doc.yaml)) {
      const h = str(get(asMap(listener, doc.yaml), 'hostname', doc.yaml), doc.yaml);
      hostsPartial ||= h !== undefined && isTemplated(h);
      hosts.push(h ? h : '*');
    }
    return [{ api: 'kubernetes', name: doc.name, namespace, hosts, hostsPartial }];
  },
};

// ── DestinationRule ──────────────────────────────────────────────────────────

export interface DrSubsetFact {
  name: string;
  labels: Labels;
  /** Labels are templated or unreadable. */
  partial: boolean;
  at: Span;
}

export interface DrFact {
  name: string | undefined;
  namespace: string;
  host?: string;
  exportTo?: string[];
  subsets: DrSubsetFact[];
  /** A subset name is templated: the list is incomplete. */
  subsetsPartial: boolean;
}

export const DRS: Indexer<DrFact> = {
  key: 'traffic.destinationRules',
  kinds: ['DestinationRule'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined) return [];
    const spec = specOf(doc);
    const hostAt = valueAt(get(spec, 'host', doc.yaml), doc);
    const exportTo = strings(get(spec, 'exportTo', doc.yaml), doc);
    const subsets: DrSubsetFact[] = [];
    let subsetsPartial = false;
    for (const item of seqItems(get(spec, 'subsets', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const name = valueAt(get(m, 'name', doc.yaml), doc);
      if (!name) {
        subsetsPartial = true;
        continue;
      }
      const { labels, partial } = readLabels(getPair(m, 'labels'), doc);
      subsets.push({ name: name.value, labels, partial, at: { start: name.start, end: name.end } });
    }
    return [{ name: doc.name, namespace, ...(hostAt ? { host: hostAt.value } : {}), ...(exportTo ? { exportTo } : {}), subsets, subsetsPartial }];
  },
};

// ── VirtualService ───────────────────────────────────────────────────────────

export type RouteSection = 'http' | 'tcp' | 'tls' | 'mirror';

export interface DestinationFact {
  section: RouteSection;
  host?: ValueAt;
  subset?: ValueAt;
  port?: number;
  /** The `port:` value (`number: 999`'s number) or, without one, the `destination` key. */
  portAt?: Span;
  /** The `destination:` / `mirror:` key. */
  at: Span;
}

export interface VsFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  exportTo?: string[];
  hosts: ValueAt[];
  /** `spec.gateways`; undefined when not written (the mesh gateway only). */
  gateways?: ValueAt[];
  /** Some gateway or host entry is templated. */
  partial: boolean;
  destinations: DestinationFact[];
}

function destination(node: Node | undefined, keyAt: Span | undefined, section: RouteSection, doc: ResourceDoc): DestinationFact | undefined {
  const m = asMap(node, doc.yaml);
  if (!m || !keyAt) return undefined;
  const host = valueAt(get(m, 'host', doc.yaml), doc);
  const subset = valueAt(get(m, 'subset', doc.yaml), doc);
  const portNode = get(asMap(get(m, 'port', doc.yaml), doc.yaml), 'number', doc.yaml);
  const port = portNumber(portNode, doc);
  const portAt = span(portNode);
  return { section, at: keyAt, ...(host ? { host } : {}), ...(subset ? { subset } : {}), ...(port !== undefined ? { port } : {}), ...(portAt ? { portAt } : {}) };
}

const keyAt = (map: ReturnType<typeof asMap>, key: string): Span | undefined => span(getPair(map, key)?.key as Node | undefined);

function destinations(spec: ReturnType<typeof asMap>, doc: ResourceDoc): DestinationFact[] {
  const out: DestinationFact[] = [];
  for (const section of ['http', 'tcp', 'tls'] as const) {
    for (const rule of seqItems(get(spec, section, doc.yaml), doc.yaml)) {
      const rm = asMap(rule, doc.yaml);
      for (const route of seqItems(get(rm, 'route', doc.yaml), doc.yaml)) {
        const d = destination(get(asMap(route, doc.yaml), 'destination', doc.yaml), keyAt(asMap(route, doc.yaml), 'destination'), section, doc);
        if (d) out.push(d);
      }
      if (section !== 'http') continue;
      const mirror = destination(get(rm, 'mirror', doc.yaml), keyAt(rm, 'mirror'), 'mirror', doc);
      if (mirror) out.push(mirror);
      for (const item of seqItems(get(rm, 'mirrors', doc.yaml), doc.yaml)) {
        const im = asMap(item, doc.yaml);
        const d = destination(get(im, 'destination', doc.yaml), keyAt(im, 'destination'), 'mirror', doc);
        if (d) out.push(d);
      }
    }
  }
  return out;
}

export const VIRTUAL_SERVICES: Indexer<VsFact> = {
  key: 'traffic.virtualServices',
  kinds: ['VirtualService'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined) return [];
    const spec = specOf(doc);
    const hostsNode = get(spec, 'hosts', doc.yaml);
    const gatewaysNode = get(spec, 'gateways', doc.yaml);
    const hosts = valuesAt(hostsNode, doc);
    const gateways = isSeq(gatewaysNode) ? valuesAt(gatewaysNode, doc) : undefined;
    const partial = hosts.length !== seqItems(hostsNode, doc.yaml).length || (gateways !== undefined && gateways.length !== seqItems(gatewaysNode, doc.yaml).length);
    const exportTo = strings(get(spec, 'exportTo', doc.yaml), doc);
    return [
      {
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        ...(exportTo ? { exportTo } : {}),
        hosts,
        ...(gateways ? { gateways } : {}),
        partial: partial || partlyTemplated(exportTo),
        destinations: destinations(spec, doc),
      },
    ];
  },
};
