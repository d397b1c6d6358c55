/**
 * Small, allocation-light helpers for reading the `yaml` AST with exact ranges.
 * Aliases are resolved one step at a time (never expanded recursively), so alias
 * bombs cost nothing here.
 */
import * as yaml from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from '../types';

export type AnyNode = Node | null | undefined;

// `yaml`'s own type guards, read once: these helpers run for every key lookup of every rule,
// and a bundled CommonJS import is a getter call per use.
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

/** Follows an alias to its anchor (one step; anchors cannot point to aliases). */
export function deref(node: unknown, doc?: Document): Node | undefined {
  if (isAlias(node)) {
    if (!doc) return undefined;
    const target = node.resolve(doc);
    return target ?? undefined;
  }
  return (node as Node | null | undefined) ?? undefined;
}

export function asMap(node: unknown, doc?: Document): YAMLMap | undefined {
  const n = deref(node, doc);
  return isMap(n) ? n : undefined;
}

export function asSeq(node: unknown, doc?: Document): YAMLSeq | undefined {
  const n = deref(node, doc);
  return isSeq(n) ? n : undefined;
}

export function asScalar(node: unknown, doc?: Document): Scalar | undefined {
  const n = deref(node, doc);
  return isScalar(n) ? n : undefined;
}

/** The pair whose key is the scalar `key` (first one: duplicate keys are a yaml-syntax finding). */
export function getPair(map: YAMLMap | undefined, key: string): Pair<unknown, unknown> | undefined {
  if (!map) return undefined;
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isPair(item) || !isScalar(item.key)) continue;
    const k: unknown = item.key.value;
    // Almost every key is a string: compare it without going through String().
    if (typeof k === 'string' ? k === key : String(k) === key) return item;
  }
  return undefined;
}

/** Value node under `key` of `map`, aliases resolved. */
export function get(map: YAMLMap | undefined, key: string, doc?: Document): Node | undefined {
  const pair = getPair(map, key);
  return pair ? deref(pair.value, doc) : undefined;
}

/** Follows a path of map keys. */
export function getIn(node: unknown, path: readonly string[], doc?: Document): Node | undefined {
  let cur: Node | undefined = deref(node, doc);
  for (let i = 0; i < path.length; i++) {
    if (!isMap(cur)) return undefined;
    cur = get(cur, path[i], doc);
  }
  return cur;
}

/** The scalar's value as a string (numbers and booleans stringified), or undefined if not a scalar. */
export function str(node: unknown, doc?: Document): string | undefined {
  const s = asScalar(node, doc);
  if (!s || s.value === null || s.value === undefined) return undefined;
  return typeof s.value === 'string' ? s.value : String(s.value);
}

export function strIn(node: unknown, path: readonly string[], doc?: Document): string | undefined {
  return str(getIn(node, path, doc), doc);
}

/** Range of a node's value (excluding trailing comments/whitespace). */
export function span(node: Node | undefined | null): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** Range covering a pair's key and value. */
export function pairSpan(pair: Pair<unknown, unknown>): Span | undefined {
  const k = span(pair.key as Node);
  if (!k) return undefined;
  const v = span(pair.value as Node);
  return { start: k.start, end: v && v.end > k.start ? v.end : k.end };
}

export function keySpan(pair: Pair<unknown, unknown>): Span | undefined {
  return span(pair.key as Node);
}

/** Items of a sequence with aliases resolved. */
export function seqItems(node: unknown, doc?: Document): Node[] {
  const s = asSeq(node, doc);
  if (!s) return [];
  const out: Node[] = [];
  for (const it of s.items) {
    const n = deref(it, doc);
    if (n) out.push(n);
  }
  return out;
}

/** Pairs of a map whose keys are scalars, with the key as a string. */
export function entries(node: unknown, doc?: Document): Array<{ key: string; pair: Pair<unknown, unknown>; value: Node | undefined }> {
  const m = asMap(node, doc);
  if (!m) return [];
  const out: Array<{ key: string; pair: Pair<unknown, unknown>; value: Node | undefined }> = [];
  for (const item of m.items) {
    if (isPair(item) && isScalar(item.key)) out.push({ key: String(item.key.value), pair: item, value: deref(item.value, doc) });
  }
  return out;
}

/** Column (in code units) of the line that contains `offset`, and that line's indentation. */
export function lineInfo(text: string, offset: number): { lineStart: number; indent: string } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let i = lineStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return { lineStart, indent: text.slice(lineStart, i) };
}

/** The end of the line holding `offset`, including its newline ("\n" or "\r\n"). */
export function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The newline style used by the text. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
