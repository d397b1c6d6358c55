/**
 * Readers for the TLS settings of one PeerAuthentication or DestinationRule, with the
 * nodes and ranges document rules need to report and fix. Pure AST reading: no
 * workspace facts here (those are in `facts.ts`).
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { ISTIO_NETWORKING, ISTIO_SECURITY } from '../kinds';
import type { ResourceDoc } from '../document/resource';
import { TEMPLATE_PLACEHOLDER } from '../document/template';
import { asMap, deref, entries, get, getPair, keySpan, lineEndAfter, lineInfo, seqItems, span, str } from '../yaml/nodes';
import type { Span, TextEdit } from '../types';

export const PA_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export const DR_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;

export const isPeerAuthentication = (doc: ResourceDoc): boolean => doc.group === ISTIO_SECURITY && doc.kind === 'PeerAuthentication';
export const isDestinationRule = (doc: ResourceDoc): boolean => doc.group === ISTIO_NETWORKING && doc.kind === 'DestinationRule';

export const specOf = (doc: ResourceDoc): YAMLMap | undefined => asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);

/**
 * End of the block a key opens: its own line plus every following line that is blank or
 * indented deeper than the key (a block value, comments inside it, masked template lines).
 * Returns the offset just past the last such line's newline (trailing blank lines excluded).
 */
export function blockExtentEnd(text: string, keyStart: number, includeTrailingBlank = false): number {
  const { lineStart } = lineInfo(text, keyStart);
  const keyCol = keyStart - lineStart;
  let end = lineEndAfter(text, keyStart);
  let pos = end;
  while (pos < text.length) {
    const next = lineEndAfter(text, pos);
    const line = text.slice(pos, next).replace(/\r?\n$/, '');
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (line.trim() === '') {
      pos = next;
      if (includeTrailingBlank) end = next;
      continue;
    }
    if (indent <= keyCol) break;
    end = next;
    pos = next;
  }
  return end;
}

/** Whether a Helm/Go template directive touches [start, end). Values produced by templates are unknown. */
export function templatedIn(doc: ResourceDoc, start: number, end: number): boolean {
  for (const t of doc.templates) if (t.start < end && t.end > start) return true;
  return false;
}

/** Whether the block opened by `pair` (key, value and deeper lines) contains a template directive. */
export function pairTemplated(doc: ResourceDoc, pair: Pair<unknown, unknown>): boolean {
  const k = keySpan(pair);
  if (!k) return false;
  const v = span(pair.value as Node);
  // Trailing blank lines count: a template directive alone on its line is masked to blanks.
  return templatedIn(doc, k.start, Math.max(blockExtentEnd(doc.text, k.start, true), v?.end ?? 0));
}

export function isTemplatedValue(node: Node | undefined, doc: ResourceDoc): boolean {
  const s = str(node, doc.yaml);
  return s !== undefined && s.includes(TEMPLATE_PLACEHOLDER);
}

/** A null (`key:` with nothing after it) or absent value. */
export function isNullish(node: Node | undefined): boolean {
  return node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
}

// ── PeerAuthentication ───────────────────────────────────────────────────────

export type SelectorState =
  /** No selector key: namespace- or mesh-wide. */
  | 'absent'
  /** `selector: {}`, `selector:` or empty/null `matchLabels`: also namespace- or mesh-wide. */
  | 'empty'
  /** Keys under `selector` but no `matchLabels` (labels written one level too high). */
  | 'noMatchLabels'
  /** Non-empty `matchLabels`: a workload policy. */
  | 'labels'
  /** Templated or not a mapping: nothing can be said. */
  | 'unknown';

export interface SelectorInfo {
  state: SelectorState;
  pair?: Pair<unknown, unknown>;
  matchLabels?: YAMLMap;
}

export function readSelector(doc: ResourceDoc): SelectorInfo {
  const pair = getPair(specOf(doc), 'selector');
  if (!pair) return { state: 'absent' };
  if (pairTemplated(doc, pair)) return { state: 'unknown', pair };
  const value = deref(pair.value, doc.yaml);
  if (isNullish(value)) return { state: 'empty', pair };
  if (!isMap(value)) return { state: 'unknown', pair };
  const mlPair = getPair(value, 'matchLabels');
  if (!mlPair) return { state: value.items.length ? 'noMatchLabels' : 'empty', pair };
  const ml = deref(mlPair.value, doc.yaml);
  if (isNullish(ml)) return { state: 'empty', pair };
  if (!isMap(ml)) return { state: 'unknown', pair };
  return { state: ml.items.length ? 'labels' : 'empty', pair, matchLabels: ml };
}

export interface PortEntry {
  /** The key as written. */
  key: string;
  pair: Pair<unknown, unknown>;
  keySpan: Span;
  value: Node | undefined;
  /** The port number when the key is an integer, else undefined. */
  port: number | undefined;
}

export interface PortLevel {
  pair: Pair<unknown, unknown>;
  value: Node | undefined;
  /** The mapping, when `portLevelMtls` is one. */
  map: YAMLMap | undefined;
  entries: PortEntry[];
}

export function readPortLevel(doc: ResourceDoc): PortLevel | undefined {
  const pair = getPair(specOf(doc), 'portLevelMtls');
  if (!pair) return undefined;
  const value = deref(pair.value, doc.yaml);
  const map = isMap(value) ? value : undefined;
  const list: PortEntry[] = [];
  for (const e of entries(map, doc.yaml)) {
    const ks = keySpan(e.pair);
    if (!ks) continue;
    const raw = (e.pair.key as Scalar).value;
    const port = typeof raw === 'number' && Number.isInteger(raw) ? raw : /^\d+$/.test(e.key) ? Number(e.key) : undefined;
    list.push({ key: e.key, pair: e.pair, keySpan: ks, value: e.value, port });
  }
  return { pair, value, map, entries: list };
}

// ── Mode values (PeerAuthentication mtls.mode, DestinationRule tls.mode) ──────

export interface ModeSite {
  api: 'pa' | 'dr';
  /** Human description of where it is: "spec.mtls", "port 8080", "subset v1, port 9080". */
  where: string;
  /** The `mtls`/`tls`/port-entry pair holding the settings. */
  holder: Pair<unknown, unknown>;
  /** The settings mapping (undefined when the holder's value is not a mapping). */
  settings: YAMLMap | undefined;
  modePair: Pair<unknown, unknown> | undefined;
  modeNode: Node | undefined;
}

function modeSite(api: ModeSite['api'], where: string, holder: Pair<unknown, unknown>, doc: ResourceDoc): ModeSite {
  const settings = asMap(holder.value, doc.yaml);
  const modePair = getPair(settings, 'mode');
  return { api, where, holder, settings, modePair, modeNode: modePair ? deref(modePair.value, doc.yaml) : undefined };
}

/** `spec.mtls` and every `spec.portLevelMtls.<port>` of a PeerAuthentication. */
export function paModeSites(doc: ResourceDoc): ModeSite[] {
  const out: ModeSite[] = [];
  const mtls = getPair(specOf(doc), 'mtls');
  if (mtls) out.push(modeSite('pa', 'spec.mtls', mtls, doc));
  for (const e of readPortLevel(doc)?.entries ?? []) out.push(modeSite('pa', `port ${e.key}`, e.pair, doc));
  return out;
}

/** Every `tls` of a DestinationRule: top-level, per port, per subset and per subset port. */
export function drTlsSites(doc: ResourceDoc): ModeSite[] {
  const out: ModeSite[] = [];
  const spec = specOf(doc);
  // An alias (`tls: *shared`) reaches the same settings twice: report them once.
  const seen = new Set<unknown>();
  const push = (site: ModeSite) => {
    const key = site.settings ?? site.holder;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(site);
  };
  const fromPolicy = (policy: Node | undefined, prefix: string) => {
    const p = asMap(policy, doc.yaml);
    if (!p) return;
    const tls = getPair(p, 'tls');
    if (tls) push(modeSite('dr', prefix || 'trafficPolicy', tls, doc));
    for (const item of seqItems(get(p, 'portLevelSettings', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const t = getPair(m, 'tls');
      if (!t) continue;
      const n = str(get(asMap(get(m, 'port', doc.yaml), doc.yaml), 'number', doc.yaml), doc.yaml);
      push(modeSite('dr', `${prefix ? `${prefix}, ` : ''}port ${n ?? '?'}`, t, doc));
    }
  };
  fromPolicy(get(spec, 'trafficPolicy', doc.yaml), '');
  for (const item of seqItems(get(spec, 'subsets', doc.yaml), doc.yaml)) {
    const m = asMap(item, doc.yaml);
    const name = str(get(m, 'name', doc.yaml), doc.yaml);
    fromPolicy(get(m, 'trafficPolicy', doc.yaml), `subset ${name ?? '?'}`);
  }
  return out;
}

/** The string value of a mode node, or undefined when it is null, templated or not a scalar. */
export function modeValue(site: ModeSite, doc: ResourceDoc): string | undefined {
  if (isNullish(site.modeNode) || !isScalar(site.modeNode) || isTemplatedValue(site.modeNode, doc)) return undefined;
  return str(site.modeNode, doc.yaml);
}

// ── Edits ────────────────────────────────────────────────────────────────────

/** Replacement text for a scalar keeping its quote style (plain, 'single', "double"). */
export function sameQuoting(doc: ResourceDoc, node: Node, value: string): TextEdit | undefined {
  const s = span(node);
  if (!s) return undefined;
  const q = doc.text[s.start];
  const quote = q === '"' || q === "'" ? q : '';
  return { start: s.start, end: s.end, newText: `${quote}${value}${quote}` };
}

/**
 * An edit deleting `pair` from `map`: in block style whole lines (the key's line and its
 * nested lines); in flow style the item and one separating comma. Undefined when the pair
 * shares its line with something else (e.g. `- key: v` as the first item of a list entry).
 */
export function removePairEdit(doc: ResourceDoc, map: YAMLMap, pair: Pair<unknown, unknown>): TextEdit | undefined {
  const k = keySpan(pair);
  if (!k) return undefined;
  const text = doc.text;
  if (map.flow) {
    const v = span(pair.value as Node);
    const end = Math.max(k.end, v?.end ?? k.end);
    const after = /^\s*,[ \t]*/.exec(text.slice(end));
    if (after) return { start: k.start, end: end + after[0].length, newText: '' };
    const before = /,\s*$/.exec(text.slice(Math.max(0, k.start - 200), k.start));
    return { start: before ? k.start - before[0].length : k.start, end, newText: '' };
  }
  const lines = pairLines(doc, pair);
  return lines && { ...lines, newText: '' };
}

/**
 * The whole lines a block-style pair occupies: from the start of the key's line to past the
 * last line of its value. Undefined when the key shares its line with something before it.
 */
export function pairLines(doc: ResourceDoc, pair: Pair<unknown, unknown>): Span | undefined {
  const k = keySpan(pair);
  if (!k) return undefined;
  const text = doc.text;
  const { lineStart } = lineInfo(text, k.start);
  if (text.slice(lineStart, k.start).trim() !== '') return undefined;
  let end = blockExtentEnd(text, k.start);
  // A flow collection or a quoted scalar may close on a line no deeper than its key.
  const v = deref(pair.value);
  const vs = span(v);
  if (vs && vs.end > end && (isScalar(v) || (isMap(v) && v.flow) || (isSeq(v) && v.flow))) end = lineEndAfter(text, vs.end);
  return { start: lineStart, end };
}

// ── Mode suggestions ─────────────────────────────────────────────────────────

export interface ModeGuess {
  mode: string;
  /** True when only letter case differs: the intent is certain. */
  caseOnly: boolean;
}

/** Words people write for a mode, mapped to the mode they mean (upper-cased, separators as `_`). */
const PA_SYNONYMS: Record<string, string> = {
  ENABLED: 'STRICT', ENABLE: 'STRICT', ON: 'STRICT', TRUE: 'STRICT', YES: 'STRICT', MTLS: 'STRICT', MUTUAL: 'STRICT',
  ISTIO_MUTUAL: 'STRICT', REQUIRED: 'STRICT', REQUIRE: 'STRICT',
  DISABLED: 'DISABLE', OFF: 'DISABLE', FALSE: 'DISABLE', NO: 'DISABLE', NONE: 'DISABLE', PLAINTEXT: 'DISABLE',
  OPTIONAL: 'PERMISSIVE', MIXED: 'PERMISSIVE', ALLOW: 'PERMISSIVE',
  INHERIT: 'UNSET', DEFAULT: 'UNSET',
};
const DR_SYNONYMS: Record<string, string> = {
  ENABLED: 'ISTIO_MUTUAL', ENABLE: 'ISTIO_MUTUAL', ON: 'ISTIO_MUTUAL', TRUE: 'ISTIO_MUTUAL', MTLS: 'ISTIO_MUTUAL',
  ISTIO: 'ISTIO_MUTUAL', ISTIO_MTLS: 'ISTIO_MUTUAL', STRICT: 'ISTIO_MUTUAL',
  DISABLED: 'DISABLE', OFF: 'DISABLE', FALSE: 'DISABLE', NO: 'DISABLE', NONE: 'DISABLE', PLAINTEXT: 'DISABLE',
  TLS: 'SIMPLE', ONE_WAY: 'SIMPLE', MUTUAL_TLS: 'MUTUAL',
};

/** Optimal-string-alignment distance (a transposition costs 1), small strings only. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The valid mode a wrong one most likely meant, or undefined when no guess is reasonable. */
export function guessMode(value: string, api: 'pa' | 'dr'): ModeGuess | undefined {
  const valid: readonly string[] = api === 'pa' ? PA_MODES : DR_TLS_MODES;
  const upper = value.trim().toUpperCase();
  if (valid.includes(upper)) return { mode: upper, caseOnly: upper === value.toUpperCase() };
  const norm = upper.replace(/[-\s.]+/g, '_');
  if (valid.includes(norm)) return { mode: norm, caseOnly: false };
  const syn = (api === 'pa' ? PA_SYNONYMS : DR_SYNONYMS)[norm];
  if (syn) return { mode: syn, caseOnly: false };
  if (norm.length > 40) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const m of valid) {
    const dist = editDistance(norm, m);
    if (dist < bestD) [best, bestD, tie] = [m, dist, false];
    else if (dist === bestD) tie = true;
  }
  return best && !tie && bestD <= Math.min(2, Math.floor(best.length / 3)) ? { mode: best, caseOnly: false } : undefined;
}

/** The document's indentation step (from the first nested block mapping of the root), default two spaces. */
export function indentStep(doc: ResourceDoc): string {
  for (const item of doc.root.items) {
    const v = deref(item.value, doc.yaml);
    if (!isMap(v) || v.flow || !v.items.length) continue;
    const k = keySpan(v.items[0] as Pair<unknown, unknown>);
    if (!k) continue;
    const { lineStart, indent } = lineInfo(doc.text, k.start);
    const parent = keySpan(item as Pair<unknown, unknown>);
    const parentCol = parent ? parent.start - lineInfo(doc.text, parent.start).lineStart : 0;
    if (lineStart + indent.length === k.start && indent.length > parentCol) return ' '.repeat(indent.length - parentCol);
  }
  return '  ';
}

/** The indentation of the line of `offset` when `offset` is the first non-blank character of it. */
export function ownLineIndent(doc: ResourceDoc, offset: number): string | undefined {
  const { lineStart, indent } = lineInfo(doc.text, offset);
  return lineStart + indent.length === offset ? indent : undefined;
}
