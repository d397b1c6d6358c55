/**
 * Small readers shared by the mTLS indexers (and a few rules): label maps, scalars with ranges,
 * the namespace a resource lands in, and where to report about a whole resource.
 */
import { isScalar, type Node, type Pair } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import { TEMPLATE_PLACEHOLDER } from '../document/template';
import type { Config } from '../config';
import type { Span } from '../types';
import { asMap, deref, entries, eol, get, getIn, keySpan, span, str } from '../yaml/nodes';
import { blockExtentEnd, templatedIn } from './read';
import { indentStep, quoteOf, type ValueAt } from './yaml-edit';

export type Labels = Readonly<Record<string, string>>;

/** Where a document ends and how it is written, for fixes that append documents. */
export interface DocLayout {
  length: number;
  endsWithNewline: boolean;
  eol: string;
  indent: string;
}

export const isTemplated = (s: string | undefined): boolean => s !== undefined && s.includes(TEMPLATE_PLACEHOLDER);

export function layoutOf(doc: ResourceDoc): DocLayout {
  return { length: doc.text.length, endsWithNewline: doc.text.endsWith('\n'), eol: eol(doc.text), indent: indentStep(doc.text) };
}

/** A scalar with its range, or undefined when absent, null, not a scalar or templated. */
export function valueAt(node: Node | undefined, doc: ResourceDoc): ValueAt | undefined {
  if (!isScalar(node)) return undefined;
  const value = str(node, doc.yaml);
  const s = span(node);
  if (value === undefined || !s || isTemplated(value)) return undefined;
  return { value, start: s.start, end: s.end, quote: quoteOf(node) };
}

/**
 * The namespace the resource is applied to: metadata.namespace, else the configured
 * default. Undefined when the namespace is templated (Helm): its scope is unknown.
 */
export function namespaceOf(doc: ResourceDoc, config: Config): string | undefined {
  const raw = str(getIn(doc.root, ['metadata', 'namespace'], doc.yaml), doc.yaml);
  if (raw === undefined || raw === '') return config.defaultNamespace;
  return isTemplated(raw) ? undefined : raw;
}

/** The name value's range, else the kind value's, else the first character. */
export function anchorOf(doc: ResourceDoc): Span {
  return span(getIn(doc.root, ['metadata', 'name'], doc.yaml)) ?? span(get(doc.root, 'kind', doc.yaml)) ?? { start: 0, end: Math.min(1, doc.text.length) };
}

/**
 * Whether a Helm directive sits in the block a key opens (its line and every following line
 * that is blank or indented deeper). Directives alone on a line are masked to blanks, so
 * `labels:` followed by `{{- include … | nindent 4 }}` parses as empty: it is not.
 */
export function templatedBlock(doc: ResourceDoc, pair: Pair<unknown, unknown> | undefined): boolean {
  if (!pair || !doc.templates.length) return false;
  const k = keySpan(pair);
  return !!k && templatedIn(doc, k.start, blockExtentEnd(doc.text, k.start, true));
}

export interface LabelRead {
  labels: Record<string, string>;
  /** A key or value is templated or not a scalar: the map is only partly known. */
  partial: boolean;
}

/** The string map under `pair` (labels, annotations, matchLabels, selector). */
export function readLabels(pair: Pair<unknown, unknown> | undefined, doc: ResourceDoc): LabelRead {
  const labels: Record<string, string> = {};
  const node = pair ? deref(pair.value, doc.yaml) : undefined;
  let partial = templatedBlock(doc, pair) || (node !== undefined && !asMap(node, doc.yaml) && !(isScalar(node) && node.value === null));
  for (const e of entries(node, doc.yaml)) {
    const v = str(e.value, doc.yaml);
    if (v === undefined || isTemplated(v) || isTemplated(e.key)) partial = true;
    else labels[e.key] = v;
  }
  return { labels, partial };
}

/** An integer in 1–65535 from a scalar (number or digit string). */
export function portNumber(node: Node | undefined, doc: ResourceDoc): number | undefined {
  const s = str(node, doc.yaml);
  if (s === undefined || !/^\d{1,5}$/.test(s.trim())) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** A port given as a number or a name (Service targetPort, probe port). */
export function portRef(node: Node | undefined, doc: ResourceDoc): number | string | undefined {
  const n = portNumber(node, doc);
  if (n !== undefined) return n;
  const s = str(node, doc.yaml);
  return s !== undefined && s !== '' && !isTemplated(s) && !/^\d+$/.test(s) ? s : undefined;
}

/** Whether every label of `selector` is in `labels` with the same value. */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** Whether `selector` could still match pods known to carry at least `known` (no key contradicts). */
export function mayMatch(selector: Labels, known: Labels): boolean {
  for (const k in selector) if (k in known && known[k] !== selector[k]) return false;
  return true;
}

export function formatLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  return parts.length ? `{${parts.join(', ')}}` : '{}';
}
