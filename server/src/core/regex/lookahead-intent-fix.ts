/**
 * The faithful rewrite of a leading negative lookahead on a header: `^(?!X)Y` (PCRE: values
 * Y matches whose start X does not match) becomes `Y` plus, on the same match entry,
 * `withoutHeaders: {h: {regex: 'X.*'}}`. Under Envoy that entry matches exactly the values
 * the PCRE pattern meant: the header must be present (the `headers` condition), match Y in
 * full, and not start with X (the inverted `withoutHeaders` condition; its
 * treat_missing_header_as_empty never applies because the header is present). Route order
 * and destinations are untouched.
 *
 * Safe only when X and Y read the same in PCRE and RE2: literals, `.`, ASCII classes and
 * their repetitions (no Unicode classes, case folding or assertions), checked on the tree.
 */
import type { ResourceDoc } from '../document/resource';
import type { Fix, TextEdit } from '../types';
import { asMap, get, seqItems, span, entries } from '../yaml/nodes';
import { encodeScalar, valueEdits } from './match-edits';
import type { StringMatchSite } from './site';
import { parseRegex, walk, type RegexNode } from './syntax-tree';
import { groupEnd } from './regex-atoms';
import { buildNfa, Unsupported } from './automata/nfa';

export interface LookaheadSplit {
  /** The excluded start (the lookahead body). */
  excluded: string;
  /** The pattern without the lookahead. */
  rest: string;
  /** Pattern range the lookahead occupies. */
  start: number;
  end: number;
}

/** `^(?!X)Y` or `(?!X)Y` at the very start, with X and Y readable by the automata. */
export function splitLeadingLookahead(p: string): LookaheadSplit | undefined {
  const start = p.startsWith('^') ? 1 : 0;
  if (!p.startsWith('(?!', start)) return undefined;
  const end = groupEnd(p, start);
  if (end < 0) return undefined;
  const excluded = p.slice(start + 3, end - 1);
  const rest = p.slice(0, start) + p.slice(end);
  if (!excluded || !readable(excluded) || !readable(rest)) return undefined;
  return { excluded, rest, start, end };
}

function readable(p: string): boolean {
  try {
    buildNfa(p);
    return true;
  } catch (e) {
    if (e instanceof Unsupported) return false;
    throw e;
  }
}

/** Whether PCRE and RE2 read `p` the same on header values (no CR, LF or NUL in them). */
export function samePcreReading(p: string): boolean {
  const tree = parseRegex(p);
  if (!tree.ok) return false;
  let same = true;
  const check = (n: RegexNode) => {
    if (n.t === 'flags' || (n.t === 'group' && n.flags)) same = false;
    else if (n.t === 'assert' && !(n.kind === '^' && n.start === 0) && !(n.kind === '$' && n.end === p.length)) same = false;
    else if (n.t === 'class' && /\\[pP]|\[:/.test(p.slice(n.start, n.end))) same = false;
    else if (n.t === 'lit' && n.ch.codePointAt(0)! > 0x7f) same = false;
  };
  walk(tree.alts, (n) => check(n));
  return same;
}

/** The match entry (a block mapping under `http[].match[]`) holding `site`. */
function entryOf(doc: ResourceDoc, site: StringMatchSite) {
  const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
  for (const route of seqItems(get(spec, 'http', doc.yaml), doc.yaml)) {
    for (const m of seqItems(get(asMap(route, doc.yaml), 'match', doc.yaml), doc.yaml)) {
      const map = asMap(m, doc.yaml);
      const s = span(map);
      if (map && s && s.start <= site.matchSpan.start && site.matchSpan.end <= s.end) return { map, span: s };
    }
  }
  return undefined;
}

/**
 * The edits of the rewrite, or undefined when it cannot be written: not a header, a flow
 * mapping, or a `withoutHeaders` already on the entry (one condition per header name).
 */
export function withoutHeadersEdits(doc: ResourceDoc, site: StringMatchSite, split: LookaheadSplit): TextEdit[] | undefined {
  if (site.field !== 'header' || site.gatewayApi || site.name === undefined || site.semantics !== 'full') return undefined;
  const entry = entryOf(doc, site);
  if (!entry || doc.text[entry.span.start] === '{' || get(entry.map, 'withoutHeaders', doc.yaml)) return undefined;
  const pairs = entries(entry.map, doc.yaml);
  const last = pairs[pairs.length - 1];
  let lastEnd = span(last?.value as never)?.end;
  if (lastEnd === undefined) return undefined;
  // A block value's range runs through its line break: insert right after its last character.
  while (lastEnd > entry.span.start && /\s/.test(doc.text[lastEnd - 1])) lastEnd--;
  const lineStart = doc.text.lastIndexOf('\n', entry.span.start) + 1;
  const indent = ' '.repeat(entry.span.start - lineStart);
  const regex = encodeScalar(`${split.excluded}.*`, 'QUOTE_SINGLE', true);
  const name = encodeScalar(site.name, 'PLAIN', false);
  const value = valueEdits(doc, site, split.start, split.end, '');
  if (!regex || !name || !value) return undefined;
  const insert = `\n${indent}withoutHeaders:\n${indent}  ${name}:\n${indent}    regex: ${regex}`;
  return [...value, { start: lastEnd, end: lastEnd, newText: insert }];
}

/** The fix for a leading negative lookahead on a header, titled with what it writes. */
export function lookaheadIntentFix(doc: ResourceDoc, site: StringMatchSite): Fix | undefined {
  const split = splitLeadingLookahead(site.value);
  if (!split) return undefined;
  const edits = withoutHeadersEdits(doc, site, split);
  if (!edits) return undefined;
  const safe = samePcreReading(split.excluded) && samePcreReading(split.rest);
  const title = `Keep the exclusion: regex "${split.rest}" plus withoutHeaders ${site.name} regex "${split.excluded}.*" (${safe ? 'same routing' : 'review: syntax reads differently in RE2'})`;
  return { title, safe, edits };
}
