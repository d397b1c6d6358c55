/**
 * Workspace facts for the mTLS rules: what every PeerAuthentication, DestinationRule,
 * Service, workload and Namespace says about mutual TLS, as small plain objects (no AST),
 * cached per document by the engine. Ranges are relative to the document; edits that
 * fixes need are precomputed here while the AST is at hand.
 */
import { isPair, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import type { Indexer } from '../rule';
import type { Span, TextEdit } from '../types';
import { asMap, get, getIn, getPair, keySpan, seqItems, span, str, entries } from '../yaml/nodes';
import { anchorOf, isTemplated, layoutOf, namespaceOf, portNumber, readLabels, templatedBlock, valueAt, type DocLayout, type Labels } from './fact-read';
import { specOf } from './read';
import { insertFirstEntry, removeBlockPair, removeBlockSeqItem, replaceValue, type ValueAt } from './yaml-edit';

export * from './k8s-facts';
export type { Labels, DocLayout } from './fact-read';
export type { ValueAt } from './yaml-edit';

export const PEER_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export type PeerMode = (typeof PEER_MODES)[number];
export const TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;

// ── PeerAuthentication ───────────────────────────────────────────────────────

export interface PortModeFact {
  /** Workload (container) port. */
  port: number;
  /** undefined: invalid or templated mode. */
  mode: PeerMode | undefined;
  at?: ValueAt;
}

export interface PeerAuthnFact {
  apiVersion: string;
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** matchLabels; undefined for a namespace-/mesh-wide policy (no selector, `{}`, empty matchLabels). */
  selector: Labels | undefined;
  /** The `selector` pair, when written. */
  selectorAt?: Span;
  /** Labels are templated or unreadable: which workloads it selects is unknown. */
  selectorUnknown: boolean;
  /**
   * The policy-level mode: UNSET when not written; undefined when its effect is unknown
   * (templated, not a valid mode, or a port-level policy without selector, which the API rejects).
   */
  mode: PeerMode | undefined;
  modeAt?: ValueAt;
  /** The API server refuses it (portLevelMtls without a selector, a mode outside the enum): it never takes effect. */
  rejected?: boolean;
  ports: PortModeFact[];
  layout: DocLayout;
  /** The document holds Helm directives: it may be rendered conditionally. */
  templated: boolean;
  /** metadata.creationTimestamp when written (exported from a cluster): it decides which of competing policies applies. */
  createdAt?: string;
}

function peerMode(node: Node | undefined, doc: ResourceDoc): { mode: PeerMode | undefined; at?: ValueAt; invalid?: boolean } {
  if (node === undefined || str(node, doc.yaml) === undefined) return { mode: node === undefined || isNullScalar(node) ? 'UNSET' : undefined };
  const at = valueAt(node, doc);
  const mode = at && (PEER_MODES as readonly string[]).includes(at.value) ? (at.value as PeerMode) : undefined;
  // A written value outside the enum fails the CRD schema: the API server refuses the object.
  return { mode, at, ...(at && mode === undefined ? { invalid: true } : {}) };
}

const isNullScalar = (node: Node): boolean => (node as { value?: unknown }).value === null;

export const PEER_AUTHENTICATIONS: Indexer<PeerAuthnFact> = {
  key: 'mtls.peerAuthentications',
  kinds: ['PeerAuthentication'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (namespace === undefined) return [];
    const spec = specOf(doc);
    const selectorPair = getPair(spec, 'selector');
    const read = readLabels(getPair(asMap(selectorPair?.value, doc.yaml), 'matchLabels'), doc);
    const selectorUnknown = read.partial || templatedBlock(doc, selectorPair);
    const wide = !selectorUnknown && Object.keys(read.labels).length === 0;
    const { mode, at, invalid } = peerMode(get(asMap(get(spec, 'mtls', doc.yaml), doc.yaml), 'mode', doc.yaml), doc);
    let rejected = invalid === true;
    const ports: PortModeFact[] = [];
    const portLevel = get(spec, 'portLevelMtls', doc.yaml);
    for (const e of entries(portLevel, doc.yaml)) {
      const port = /^\d{1,5}$/.test(e.key) ? Number(e.key) : undefined;
      if (port === undefined || port < 1 || port > 65535) continue;
      const pm = peerMode(get(asMap(e.value, doc.yaml), 'mode', doc.yaml), doc);
      ports.push({ port, mode: pm.mode, at: pm.at });
      rejected ||= pm.invalid === true;
    }
    // portLevelMtls on a wide policy: ValidatePeerAuthentication and the CRD's CEL rule refuse the object.
    if (wide && portLevel !== undefined && !isNullScalar(portLevel)) rejected = true;
    const created = str(getIn(doc.root, ['metadata', 'creationTimestamp'], doc.yaml), doc.yaml);
    const selectorKey = selectorPair ? keySpan(selectorPair) : undefined;
    const selectorEnd = selectorPair ? span(selectorPair.value as Node)?.end : undefined;
    return [
      {
        apiVersion: doc.apiVersion,
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        selector: wide ? undefined : read.labels,
        selectorAt: selectorKey ? { start: selectorKey.start, end: Math.max(selectorKey.end, selectorEnd ?? 0) } : undefined,
        selectorUnknown,
        mode,
        modeAt: at,
        ...(rejected ? { rejected: true } : {}),
        ports,
        layout: layoutOf(doc),
        templated: doc.templates.length > 0,
        ...(created ? { createdAt: created } : {}),
      },
    ];
  },
};

// ── DestinationRule ──────────────────────────────────────────────────────────

/** Where a `tls` block sits: traffic policy of the host, of a port, of a subset, of a subset's port. */
export type TlsLevel = 'top' | 'port' | 'subset' | 'subset-port';

export interface DrTlsFact {
  level: TlsLevel;
  subset?: string;
  /** Service port (portLevelSettings.port.number). */
  port?: number;
  /** Mode as written; 'DISABLE' when `tls` has no mode (the API default); undefined when templated or unreadable. */
  mode: string | undefined;
  /** The mode is not written: DISABLE by default. */
  implicit: boolean;
  modeAt?: ValueAt;
  /** The `tls` key. */
  tlsKey: Span;
  /** Deletes the `tls` block (and containers it leaves empty); absent when not in block style. */
  remove?: TextEdit;
  /** Sets the mode to ISTIO_MUTUAL, keeping quoting and indentation. */
  setIstioMutual?: TextEdit;
  /** A port entry that keeps other settings once its `tls` is removed: its port then gets no tls at all (auto mTLS). */
  entryKept?: boolean;
}

export interface SubsetFact {
  name: string;
  labels: Labels;
  partial: boolean;
}

export interface DestinationRuleFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** undefined when missing or templated. */
  host: string | undefined;
  hostAt?: ValueAt;
  exportTo?: string[];
  /**
   * Ports with a portLevelSettings entry, with or without tls, per level (subset undefined: top).
   * GetPortLevelTrafficPolicy: such an entry replaces the whole policy for its port, tls included.
   */
  portEntries: Array<{ subset?: string; port: number }>;
  /** Has a workloadSelector: Istio keeps it private to its namespace's selected clients. */
  workloadSelector?: boolean;
  subsets: SubsetFact[];
  tls: DrTlsFact[];
}

/** A step of the path from a `tls` pair up to the spec: the container and the entry holding the level below. */
type Step = { kind: 'pair'; map: YAMLMap; pair: Pair<unknown, unknown> } | { kind: 'item'; seq: YAMLSeq; item: Node };

const onlyKeys = (map: YAMLMap, keys: readonly string[]): boolean =>
  map.items.every((it) => isPair(it) && keys.includes(String((it.key as { value?: unknown })?.value)));

/**
 * Deletes the innermost step, climbing while the container would be left empty (or, for a
 * port entry, holding nothing but its `port`): `tls` → its port entry → portLevelSettings → trafficPolicy.
 */
function removal(text: string, steps: Step[], portEntry: boolean): TextEdit | undefined {
  let i = 0;
  for (; i < steps.length - 1; i++) {
    const s = steps[i];
    const flow = s.kind === 'pair' ? s.map.flow : s.seq.flow;
    const alone = s.kind === 'pair' ? s.map.items.length === 1 || (i === 0 && portEntry && onlyKeys(s.map, ['port', 'tls'])) : s.seq.items.length === 1;
    if (!alone || flow) break;
  }
  const s = steps[i];
  return s.kind === 'pair' ? removeBlockPair(text, s.map, s.pair) : removeBlockSeqItem(text, s.seq, s.item);
}

function tlsFact(doc: ResourceDoc, level: TlsLevel, steps: Step[], extra: { subset?: string; port?: number }, eol: string): DrTlsFact | undefined {
  const first = steps[0];
  if (first.kind !== 'pair') return undefined;
  const tlsKey = keySpan(first.pair);
  const tls = asMap(first.pair.value, doc.yaml);
  if (!tlsKey || !tls) return undefined; // `tls:` null or not a mapping: no TLS settings.
  const modeNode = get(tls, 'mode', doc.yaml);
  const implicit = modeNode === undefined || isNullScalar(modeNode);
  const modeAt = implicit ? undefined : valueAt(modeNode, doc);
  return {
    level,
    ...extra,
    mode: implicit ? 'DISABLE' : modeAt?.value,
    implicit,
    modeAt,
    tlsKey,
    remove: removal(doc.text, steps, level === 'port' || level === 'subset-port'),
    setIstioMutual: modeAt ? replaceValue(modeAt, 'ISTIO_MUTUAL') : modeNode === undefined ? insertFirstEntry(doc.text, tls, 'mode: ISTIO_MUTUAL', eol) : undefined,
  };
}

/** The `tls` blocks of the traffic policy under `owner` (the spec or a subset): its own and its port-level ones. */
function policyTls(doc: ResourceDoc, owner: YAMLMap, subset: string | undefined, eol: string, portEntries: DestinationRuleFact['portEntries']): DrTlsFact[] {
  const policyPair = getPair(owner, 'trafficPolicy');
  const policy = asMap(policyPair?.value, doc.yaml);
  if (!policy || !policyPair) return [];
  const out: DrTlsFact[] = [];
  const policyStep: Step = { kind: 'pair', map: owner, pair: policyPair };
  const tlsPair = getPair(policy, 'tls');
  if (tlsPair) {
    const f = tlsFact(doc, subset === undefined ? 'top' : 'subset', [{ kind: 'pair', map: policy, pair: tlsPair }, policyStep], { subset }, eol);
    if (f) out.push(f);
  }
  const plsPair = getPair(policy, 'portLevelSettings');
  const pls = get(policy, 'portLevelSettings', doc.yaml);
  if (!plsPair || !isSeq(pls)) return out;
  for (const item of seqItems(pls, doc.yaml)) {
    const m = asMap(item, doc.yaml);
    const port = portNumber(get(asMap(get(m, 'port', doc.yaml), doc.yaml), 'number', doc.yaml), doc);
    if (m && port !== undefined) portEntries.push({ ...(subset !== undefined ? { subset } : {}), port });
    const t = getPair(m, 'tls');
    if (!m || !t) continue;
    if (port === undefined) continue;
    const steps: Step[] = [{ kind: 'pair', map: m, pair: t }, { kind: 'item', seq: pls, item: m }, { kind: 'pair', map: policy, pair: plsPair }, policyStep];
    const f = tlsFact(doc, subset === undefined ? 'port' : 'subset-port', steps, { subset, port }, eol);
    if (f) out.push(onlyKeys(m, ['port', 'tls']) ? f : { ...f, entryKept: true });
  }
  return out;
}

export const DESTINATION_RULES: Indexer<DestinationRuleFact> = {
  key: 'mtls.destinationRules',
  kinds: ['DestinationRule'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    const spec = specOf(doc);
    if (namespace === undefined || !spec) return [];
    const { eol } = layoutOf(doc);
    const hostAt = valueAt(get(spec, 'host', doc.yaml), doc);
    const exportToNode = get(spec, 'exportTo', doc.yaml);
    const exportTo = isSeq(exportToNode) ? seqItems(exportToNode, doc.yaml).map((n) => str(n, doc.yaml) ?? '') : undefined;
    const portEntries: DestinationRuleFact['portEntries'] = [];
    const tls = policyTls(doc, spec, undefined, eol, portEntries);
    const subsets: SubsetFact[] = [];
    for (const item of seqItems(get(spec, 'subsets', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const name = str(get(m, 'name', doc.yaml), doc.yaml);
      if (!m || name === undefined || isTemplated(name)) continue;
      const { labels, partial } = readLabels(getPair(m, 'labels'), doc);
      subsets.push({ name, labels, partial });
      tls.push(...policyTls(doc, m, name, eol, portEntries));
    }
    return [
      {
        name: doc.name,
        namespace,
        anchor: anchorOf(doc),
        host: hostAt?.value,
        hostAt,
        exportTo,
        portEntries,
        ...(get(spec, 'workloadSelector', doc.yaml) !== undefined ? { workloadSelector: true } : {}),
        subsets,
        tls,
      },
    ];
  },
};
