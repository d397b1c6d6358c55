/**
 * Text edits for regex fixes that respect how the value was written: ranges mapped through
 * quotes and escapes, new values encoded in the scalar's own style, and match-type changes
 * for both Istio (`regex:` key) and Gateway API (`type:` value, possibly absent).
 */
import type { ResourceDoc } from '../document/resource';
import type { Span, TextEdit } from '../types';
import { lineInfo } from '../yaml/nodes';
import type { MatchType, ScalarStyle, StringMatchSite } from './site';

/** Source range of value[start, end). */
export function sourceRange(site: Pick<StringMatchSite, 'toSource' | 'sourceSpan'>, start: number, end: number): Span {
  if (site.sourceSpan) return site.sourceSpan(start, end);
  return { start: site.toSource(start), end: site.toSource(end) };
}

/** The source text of a value piece as it must be written inside a scalar of `style`. */
export function encodeFragment(text: string, style: ScalarStyle): string | undefined {
  switch (style) {
    case 'QUOTE_DOUBLE':
      return text
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/\n/g, '\\n')
        .replace(/\t/g, '\\t')
        .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    case 'QUOTE_SINGLE':
      return text.includes('\n') ? undefined : text.replace(/'/g, "''");
    case 'PLAIN':
      // Inserted inside an existing plain scalar: only characters that cannot end or reinterpret it.
      return /[\n#]|: |[,[\]{}]/.test(text) ? undefined : text;
    default:
      return /\n/.test(text) ? undefined : text;
  }
}

/** Whether `value` can be written as a plain scalar and read back as the same string. */
function plainSafe(value: string, inFlow: boolean): boolean {
  if (!value || value.trim() !== value || /[\n\r\t]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /: |:$| #/.test(value)) return false;
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  return !NON_STRING_PLAIN.test(value);
}

/**
 * Plain scalars that do not resolve to strings: YAML 1.2 core schema, plus the YAML 1.1
 * booleans (`yes`, `on`, `n`…) that kubectl's parser still honours.
 */
const NON_STRING_PLAIN =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|=|<<)$/;

/**
 * A complete scalar holding `value`, in the style of the one it replaces. A plain scalar
 * that would change meaning (`200`, `a: b`, `*x`) becomes single-quoted; block scalars are
 * not rewritten (undefined).
 */
export function encodeScalar(value: string, style: ScalarStyle, inFlow: boolean): string | undefined {
  if (style === 'QUOTE_DOUBLE') return `"${encodeFragment(value, style)}"`;
  if (style === 'PLAIN' && plainSafe(value, inFlow)) return value;
  if (style === 'PLAIN' || style === 'QUOTE_SINGLE') return value.includes('\n') ? undefined : `'${value.replace(/'/g, "''")}'`;
  return undefined;
}

/** Block scalars are rare for patterns and their edits are fragile: fixes skip them. */
export const editableStyle = (site: Pick<StringMatchSite, 'style'>) => site.style !== 'BLOCK_LITERAL' && site.style !== 'BLOCK_FOLDED';

/** Edits replacing value[start, end) with `replacement`, written in the scalar's own style. */
export function valueEdits(doc: ResourceDoc, site: StringMatchSite, start: number, end: number, replacement: string): TextEdit[] | undefined {
  if (!editableStyle(site)) return undefined;
  if (site.style !== 'PLAIN') {
    const encoded = encodeFragment(replacement, site.style);
    if (encoded === undefined) return undefined;
    const at = sourceRange(site, start, end);
    return [{ start: at.start, end: at.end, newText: encoded }];
  }
  // A plain scalar is rewritten whole: the result may need quotes (`[`, ` #`, a number).
  return wholeValueEdits(doc, site, site.value.slice(0, start) + replacement + site.value.slice(end));
}

/** Edits replacing the whole value, in the scalar's own style (a plain one gets quotes when it needs them). */
export function wholeValueEdits(doc: ResourceDoc, site: StringMatchSite, newValue: string): TextEdit[] | undefined {
  if (!editableStyle(site)) return undefined;
  const scalar = encodeScalar(newValue, site.style, inFlowMapping(doc, site));
  if (scalar === undefined) return undefined;
  return [{ start: site.valueSpan.start, end: site.valueSpan.end, newText: scalar }];
}

/** Whether `yaml` reported an invalid escape (`"\d"`) inside the site's value: kubectl rejects such a file. */
export function hasInvalidEscape(doc: ResourceDoc, site: Pick<StringMatchSite, 'valueSpan' | 'style'>): boolean {
  if (site.style !== 'QUOTE_DOUBLE') return false;
  const { start, end } = site.valueSpan;
  return doc.errors.some((e) => e.code === 'BAD_DQ_ESCAPE' && e.pos[0] >= start && e.pos[0] < end);
}

/** Characters a single-quoted scalar cannot hold on one line (YAML allows only printable ones; a line break folds). */
export const NOT_SINGLE_QUOTABLE = /[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]/;

/**
 * Edits writing `newValue` as the whole value in a quoting that keeps the YAML valid. A
 * double-quoted value holding an invalid escape (`".\*"`, `"\d+"`) becomes single-quoted, where a
 * backslash is an ordinary character and a regex reads as written; when single quotes cannot
 * hold the value, it stays double-quoted with every backslash doubled.
 */
export function validValueEdits(doc: ResourceDoc, site: StringMatchSite, newValue: string): TextEdit[] | undefined {
  if (!hasInvalidEscape(doc, site)) return wholeValueEdits(doc, site, newValue);
  return [{ start: site.valueSpan.start, end: site.valueSpan.end, newText: quotedScalar(newValue) }];
}

/** `value` single-quoted (a regex reads as written there), or double-quoted with escapes when single quotes cannot hold it. */
export function quotedScalar(value: string): string {
  return NOT_SINGLE_QUOTABLE.test(value) ? `"${encodeFragment(value, 'QUOTE_DOUBLE')}"` : `'${value.replace(/'/g, "''")}'`;
}

/** Replaces a scalar word (a key or a `type` value) keeping its quotes. */
function replaceWord(text: string, span: Span, word: string): TextEdit {
  const written = text.slice(span.start, span.end);
  const q = written[0] === '"' || written[0] === "'" ? written[0] : '';
  return { start: span.start, end: span.end, newText: `${q}${word}${q}` };
}

const GATEWAY_TYPE: Record<MatchType, string> = { exact: 'Exact', prefix: 'PathPrefix', regex: 'RegularExpression' };

/** Whether the site's match mapping is written in flow style (`{regex: x}`). */
export function inFlowMapping(doc: ResourceDoc, site: StringMatchSite): boolean {
  return doc.text[site.matchSpan.start] === '{';
}

/**
 * Edits that turn the site into a `to` match, optionally with a new value (encoded in the
 * value's own style). Undefined when the value cannot be re-encoded (block scalars) or the
 * match type does not exist there (Gateway API has no prefix for headers).
 */
export function changeMatchType(doc: ResourceDoc, site: StringMatchSite, to: MatchType, newValue?: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  if (newValue !== undefined) {
    const value = wholeValueEdits(doc, site, newValue);
    if (!value) return undefined;
    // Also rewrites an unchanged value whose plain spelling was not a string (`regex: 2`).
    if (value[0].newText !== doc.text.slice(site.valueSpan.start, site.valueSpan.end)) edits.push(...value);
  }
  if (!site.gatewayApi) {
    edits.push(replaceWord(doc.text, site.typeSpan, to));
    return edits.sort((a, b) => a.start - b.start);
  }
  // A GRPCRoute method's service and method share one `type`: changing it is not local.
  if (site.field === 'grpcMethod' || (to === 'prefix' && site.field !== 'gatewayPath')) return undefined;
  const typeName = GATEWAY_TYPE[to];
  const written = doc.text.slice(site.typeSpan.start, site.typeSpan.end).replace(/^["']|["']$/g, '');
  // Without a `type`, the sites point at the `value` key: the type must be added.
  edits.push(written === 'value' && site.typeSpan.end <= site.valueSpan.start ? typeInsertion(doc, site, typeName) : replaceWord(doc.text, site.typeSpan, typeName));
  return edits.sort((a, b) => a.start - b.start);
}

/** Adds `type: T` before the key that `typeSpan` points at (the API default was implied). */
function typeInsertion(doc: ResourceDoc, site: StringMatchSite, typeName: string): TextEdit {
  const at = site.typeSpan.start;
  if (inFlowMapping(doc, site)) return { start: at, end: at, newText: `type: ${typeName}, ` };
  const { lineStart } = lineInfo(doc.text, at);
  const nl = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, newText: `type: ${typeName}${nl}${' '.repeat(at - lineStart)}` };
}
