/**
 * Istio Gateways as the gateway analyzers of istioctl read them (gateway.IngressGatewayPortAnalyzer,
 * ConflictingGatewayAnalyzer, CertificateAnalyzer): the workload selector, and per server the
 * port, bind, hosts and TLS certificate, each with its range. Gateway selectors pick pods in
 * every namespace (PILOT_SCOPE_GATEWAY_TO_NAMESPACE is off by default), so the workloads a
 * selector picks are looked up cluster-wide here.
 */
import type { ResourceDoc } from '../document/resource';
import { ISTIO_NETWORKING } from '../kinds';
import type { FactEntry, Indexer } from '../rule';
import type { Span } from '../types';
import { asMap, entries, get, getPair, keySpan, seqItems, span, str } from '../yaml/nodes';
import { anchorOf, isTemplated, mayMatch, namespaceOf, portNumber, readLabels, selects, valueAt, type Labels } from '../mtls/fact-read';
import type { ValueAt } from '../mtls/yaml-edit';
import type { WorkloadFact } from '../mtls/k8s-facts';

export interface GwTlsFact {
  credentialName?: ValueAt;
  serverCertificate?: ValueAt;
  privateKey?: ValueAt;
  /** The `tls` key. */
  at: Span;
}

export interface GwServerFact {
  port?: number;
  /** The `number` value, else the `port` key, else the server item. */
  portAt: Span;
  bind: string;
  hosts: ValueAt[];
  /** Some host is templated or not a scalar. */
  hostsPartial: boolean;
  tls?: GwTlsFact;
}

export interface GwFact {
  name: string;
  namespace: string;
  anchor: Span;
  /** `spec.selector` (empty: every pod). */
  selector: Labels;
  /** Selector values by key, with ranges (for did-you-mean fixes). */
  selectorValues: Record<string, ValueAt>;
  selectorPartial: boolean;
  /** The `selector` key. */
  selectorAt?: Span;
  servers: GwServerFact[];
}

function server(node: unknown, doc: ResourceDoc): GwServerFact | undefined {
  const m = asMap(node, doc.yaml);
  if (!m?.range) return undefined;
  const portMap = asMap(get(m, 'port', doc.yaml), doc.yaml);
  const numberNode = get(portMap, 'number', doc.yaml);
  const port = portNumber(numberNode, doc);
  const portPair = getPair(m, 'port');
  const portAt = span(numberNode) ?? (portPair && keySpan(portPair)) ?? { start: m.range[0], end: m.range[0] + 1 };
  const hosts: ValueAt[] = [];
  const hostItems = seqItems(get(m, 'hosts', doc.yaml), doc.yaml);
  for (const h of hostItems) {
    const v = valueAt(h, doc);
    if (v) hosts.push(v);
  }
  const tlsPair = getPair(m, 'tls');
  const tlsMap = asMap(tlsPair?.value, doc.yaml);
  const tlsValue = (key: string) => {
    const v = valueAt(get(tlsMap, key, doc.yaml), doc);
    return v && v.value !== '' ? { [key]: v } : {};
  };
  const tls = tlsPair && tlsMap ? { at: keySpan(tlsPair)!, ...tlsValue('credentialName'), ...tlsValue('serverCertificate'), ...tlsValue('privateKey') } : undefined;
  const bind = str(get(m, 'bind', doc.yaml), doc.yaml) ?? '';
  return { ...(port !== undefined ? { port } : {}), portAt, bind, hosts, hostsPartial: hosts.length !== hostItems.length || isTemplated(bind), ...(tls ? { tls } : {}) };
}

export const GATEWAY_SERVERS: Indexer<GwFact> = {
  key: 'traffic.gatewayServers',
  kinds: ['Gateway'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || !doc.name || isTemplated(doc.name) || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const selectorPair = getPair(spec, 'selector');
    const { labels, partial } = readLabels(selectorPair, doc);
    const selectorValues: Record<string, ValueAt> = {};
    for (const e of entries(selectorPair?.value, doc.yaml)) {
      const v = valueAt(e.value, doc);
      if (v) selectorValues[e.key] = v;
    }
    const servers: GwServerFact[] = [];
    for (const item of seqItems(get(spec, 'servers', doc.yaml), doc.yaml)) {
      const s = server(item, doc);
      if (s) servers.push(s);
    }
    const selectorAt = selectorPair ? keySpan(selectorPair) : undefined;
    return [{ name: doc.name, namespace, anchor: anchorOf(doc), selector: labels, selectorValues, selectorPartial: partial, ...(selectorAt ? { selectorAt } : {}), servers }];
  },
};

/** `namespace/name`: documents with the same key are one Gateway. */
export const gatewayKey = (g: GwFact): string => `${g.namespace}/${g.name}`;

/** Whether a workload's pods certainly carry the selector's labels; `maybe` when its labels are only partly known and do not contradict. */
export function selection(selector: Labels, w: WorkloadFact): 'yes' | 'no' | 'maybe' {
  if (!w.labelsPartial) return selects(selector, w.labels) ? 'yes' : 'no';
  return mayMatch(selector, w.labels) ? 'maybe' : 'no';
}

/** Annotation naming the injection templates; `gateway` makes a pod a gateway proxy (the istio/gateway chart). */
const INJECT_TEMPLATES = 'inject.istio.io/templates';

/**
 * A workload that runs an Istio gateway proxy: its pod template names the `gateway` injection
 * template, or declares the `istio-proxy` container itself (istioctl's and the old charts' gateways).
 */
export function isGatewayWorkload(w: WorkloadFact): boolean {
  const templates = w.annotations[INJECT_TEMPLATES];
  if (templates?.split(',').some((t) => t.trim() === 'gateway')) return true;
  return w.containers.some((c) => c.name === 'istio-proxy');
}

/** The workloads a Gateway selector picks, in any namespace. */
export function gatewayWorkloads(g: GwFact, workloads: ReadonlyArray<FactEntry<WorkloadFact>>): { yes: Array<FactEntry<WorkloadFact>>; maybe: boolean } {
  const yes: Array<FactEntry<WorkloadFact>> = [];
  let maybe = false;
  for (const w of workloads) {
    const s = selection(g.selector, w.value);
    if (s === 'yes') yes.push(w);
    else if (s === 'maybe') maybe = true;
  }
  return { yes, maybe };
}
