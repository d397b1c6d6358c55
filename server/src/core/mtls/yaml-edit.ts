/**
 * Text edits the mTLS facts precompute while the AST is at hand, so workspace rules can
 * offer fixes from plain facts. Block-style removals take whole lines; anything that
 * shares its line with other content gets no removal (a fix that garbles YAML is worse
 * than no fix).
 */
import { isScalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { keySpan, lineEndAfter, lineInfo, span } from '../yaml/nodes';
import type { Span, TextEdit } from '../types';

export type Quote = '' | '"' | "'";

/** A scalar value with its range and quote style. */
export interface ValueAt extends Span {
  value: string;
  quote: Quote;
}

export function quoteOf(node: Node | undefined): Quote {
  if (!isScalar(node)) return '';
  return node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : '';
}

/** Replaces a scalar value, keeping its quote style. */
export function replaceValue(at: ValueAt, value: string): TextEdit {
  return { start: at.start, end: at.end, newText: `${at.quote}${value}${at.quote}` };
}

/** End of the last line a node occupies (past its newline). */
function endOfNodeLines(text: string, node: Node | undefined, fallback: number): number {
  const s = span(node);
  const end = s ? Math.max(s.end, fallback) : fallback;
  // Block collections end after their last newline already; scalars and flow collections do not.
  return end > 0 && text[end - 1] === '\n' ? end : lineEndAfter(text, end);
}

/** True when `offset` is the first non-blank character of its line. */
export function startsLine(text: string, offset: number): boolean {
  const { lineStart, indent } = lineInfo(text, offset);
  return lineStart + indent.length === offset;
}

/** Deletes a pair of a block mapping (its key line and everything nested under it). */
export function removeBlockPair(text: string, map: YAMLMap, pair: Pair<unknown, unknown>): TextEdit | undefined {
  const k = keySpan(pair);
  if (!k || map.flow || !startsLine(text, k.start)) return undefined;
  return { start: lineInfo(text, k.start).lineStart, end: endOfNodeLines(text, pair.value as Node, k.end), newText: '' };
}

/** Deletes an item (`- …`) of a block sequence. */
export function removeBlockSeqItem(text: string, seq: YAMLSeq, item: Node): TextEdit | undefined {
  const s = span(item);
  if (!s || seq.flow) return undefined;
  const { lineStart } = lineInfo(text, s.start);
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(lineStart, s.start))) return undefined;
  return { start: lineStart, end: endOfNodeLines(text, item, s.end), newText: '' };
}

/** Inserts `key: value` as the first entry of a mapping (block or flow). */
export function insertFirstEntry(text: string, map: YAMLMap, entry: string, eol: string): TextEdit | undefined {
  const s = span(map);
  if (!s) return undefined;
  if (map.flow) {
    const open = text.indexOf('{', s.start);
    if (open === -1 || open >= s.end) return undefined;
    return { start: open + 1, end: open + 1, newText: map.items.length ? `${entry}, ` : entry };
  }
  const first = map.items[0] as Pair<unknown, unknown> | undefined;
  const k = first ? keySpan(first) : undefined;
  if (!k || !startsLine(text, k.start)) return undefined;
  return { start: k.start, end: k.start, newText: `${entry}${eol}${lineInfo(text, k.start).indent}` };
}

/** The indentation step of a document: the first indented line under a top-level key; two spaces by default. */
export function indentStep(text: string): string {
  const m = /^[A-Za-z_"'][^\n]*:[ \t]*\r?\n([ ]+)[^\s#-]/m.exec(text);
  return m ? m[1] : '  ';
}
