/**
 * What a pattern appears to intend versus what Envoy's whole-value match does with it.
 * Pure string logic shared by the intent rules and the regex hover; positions are indices
 * into the pattern (or, for `regexLookingConstruct`, into the exact/prefix value).
 */
import type { MatchField } from './site';
import { closesWithWildcard, isDotStar, literalOf, opensWithWildcard, parseRegex, type RegexNode, type RegexTree } from './syntax-tree';
import { hasForeignSyntax, TEMPLATED, type PatternRange } from './shape';
import { looseAlternation } from './alternation';

export interface PatternContext {
  field: MatchField;
  /** Header / query parameter name (headers lower-cased). */
  name?: string;
  semantics: 'full' | 'replace' | 'search';
}

/** Headers whose values are lists or long compound strings: a bare fragment never equals them. */
const COMPOUND_HEADERS: ReadonlySet<string> = new Set([
  'user-agent', 'cookie', 'referer', 'accept-language', 'accept-encoding', 'x-forwarded-for', 'forwarded', 'via', 'cache-control', 'baggage',
]);

/** Headers that are sometimes one token (`application/json`) but never a bare word. */
const WORD_IS_FRAGMENT_HEADERS: ReadonlySet<string> = new Set(['accept', 'authorization', 'content-type', 'origin']);

const HEADER_FIELDS: ReadonlySet<MatchField> = new Set<MatchField>(['header', 'withoutHeader', 'gatewayHeader', 'grpcHeader']);
const URI_FIELDS: ReadonlySet<MatchField> = new Set<MatchField>(['uri', 'gatewayPath']);

export type FullMatchProblem =
  /** `^/api/v2`: the caret reads as "starts with", yet the end is anchored too. */
  | { kind: 'startOnly'; at: PatternRange; rest: string; literal?: string }
  /** `\.jpg$`: the dollar reads as "ends with", yet the start is anchored too. */
  | { kind: 'endOnly'; at: PatternRange; rest: string }
  /** `Google` for user-agent: a piece of a longer value, compared with all of it. */
  | { kind: 'fragment'; at: PatternRange; contains: string; open: string; close: string }
  /** `health` for a path: request paths start with `/`, so it can never match. */
  | { kind: 'pathWithoutSlash'; at: PatternRange; contains: string; open: string; close: string }
  /** `example\.com` for a CORS origin: origins always carry their scheme. */
  | { kind: 'originWithoutScheme'; at: PatternRange; suggestion: string; open: string };

const skipFlags = (seq: readonly RegexNode[]): number => {
  let i = 0;
  while (i < seq.length && seq[i].t === 'flags') i++;
  return i;
};

const isStartAnchor = (n: RegexNode | undefined) => n?.t === 'assert' && (n.kind === '^' || n.kind === 'A');
const isEndAnchor = (n: RegexNode | undefined) => n?.t === 'assert' && (n.kind === '$' || n.kind === 'z');
const hasAnchor = (seq: readonly RegexNode[]) => seq.some((n) => n.t === 'assert' && n.kind !== 'b' && n.kind !== 'B');

/** `.*(?:a|b).*` for alternations, `.*ab.*` otherwise, with what to add on each side. */
function containsForm(pattern: string, tree: RegexTree): { contains: string; open: string; close: string } {
  const [open, close] = tree.alts.length > 1 ? ['.*(?:', ').*'] : ['.*', '.*'];
  return { contains: open + pattern + close, open, close };
}

/**
 * Why a full-match pattern will not do what it appears to intend, or undefined when it
 * looks deliberate. Only judges patterns it can read and that use plain RE2 syntax.
 */
export function fullMatchProblem(pattern: string, ctx: PatternContext, tree: RegexTree = parseRegex(pattern)): FullMatchProblem | undefined {
  // A GRPCRoute service/method is spliced into "/service/method" by Istio: anchors and ends mean something else there.
  if (ctx.semantics !== 'full' || ctx.field === 'grpcMethod' || !tree.ok || !pattern || pattern.includes(TEMPLATED)) return undefined;
  if (hasForeignSyntax(pattern, ctx.field, ctx.name, tree)) return undefined;
  if (tree.alts.length === 1) {
    const seq = tree.alts[0];
    const lead = skipFlags(seq);
    const first = seq[lead];
    const last = seq[seq.length - 1];
    if (isStartAnchor(first) && !isEndAnchor(last)) {
      const body = seq.slice(lead + 1);
      if (body.length && !closesWithWildcard([body]) && !opensWithWildcard([body])) {
        const rest = pattern.slice(0, first.start) + pattern.slice(first.end);
        return { kind: 'startOnly', at: { start: first.start, end: first.end }, rest, literal: literalOf(body) };
      }
    }
    if (isEndAnchor(last) && !isStartAnchor(first)) {
      const body = seq.slice(lead, -1);
      if (body.length && !opensWithWildcard([body]) && !closesWithWildcard([body])) {
        return { kind: 'endOnly', at: { start: last.start, end: last.end }, rest: pattern.slice(0, last.start) + pattern.slice(last.end) };
      }
    }
  }
  if (tree.alts.some(hasAnchor)) return undefined;
  // `.*iPhone|Android.*` is not "exactly that": `|` binds loosest (regex-alternation-precedence explains it).
  if (looseAlternation(pattern, ctx.semantics, tree)) return undefined;
  const whole = { start: 0, end: pattern.length };
  if (HEADER_FIELDS.has(ctx.field) && ctx.name && isFragmentFor(ctx.name, pattern, tree)) {
    return { kind: 'fragment', at: whole, ...containsForm(pattern, tree) };
  }
  if (URI_FIELDS.has(ctx.field) && tree.alts.every((seq) => startsWithNonSlashLiteral(seq))) {
    return { kind: 'pathWithoutSlash', at: whole, ...containsForm(pattern, tree) };
  }
  if (ctx.field === 'corsOrigin' && tree.alts.every((seq) => lacksScheme(seq))) {
    const open = tree.alts.length > 1 ? 'https://(?:' : 'https://';
    return { kind: 'originWithoutScheme', at: whole, suggestion: open + pattern + (tree.alts.length > 1 ? ')' : ''), open };
  }
  return undefined;
}

function isFragmentFor(header: string, pattern: string, tree: RegexTree): boolean {
  if (opensWithWildcard(tree.alts) || closesWithWildcard(tree.alts)) return false;
  if (COMPOUND_HEADERS.has(header)) return true;
  if (WORD_IS_FRAGMENT_HEADERS.has(header)) {
    const literal = tree.alts.length === 1 ? literalOf(tree.alts[0]) : undefined;
    return literal !== undefined && /^[\w.+-]+$/.test(literal);
  }
  return false;
}

/** Starts with literal text that cannot begin `http://`/`https://` (nor is the `null` origin). */
function lacksScheme(seq: readonly RegexNode[]): boolean {
  let lead = '';
  for (let i = skipFlags(seq); i < seq.length; i++) {
    const n = seq[i];
    if (n.t !== 'lit') break;
    lead += n.ch;
  }
  const l = lead.toLowerCase();
  return lead !== '' && !l.startsWith('http') && !'https://'.startsWith(l) && literalOf(seq) !== 'null';
}

function startsWithNonSlashLiteral(seq: readonly RegexNode[]): boolean {
  const first = seq[skipFlags(seq)];
  return first?.t === 'lit' && first.ch !== '/';
}

export interface PlainEquivalent {
  kind: 'exact' | 'prefix';
  literal: string;
}

/**
 * The exact or prefix match a regex is equivalent to under full match: a literal
 * (`GET`, `^/health$`) is an exact match, a literal followed by `.*` (`/api/.*`) a prefix.
 * Patterns with flags, alternation or anything else are not.
 */
export function plainEquivalent(pattern: string, ctx: PatternContext, tree: RegexTree = parseRegex(pattern)): PlainEquivalent | undefined {
  if (ctx.semantics !== 'full' || !tree.ok || tree.alts.length !== 1 || pattern.includes(TEMPLATED)) return undefined;
  if (fullMatchProblem(pattern, ctx, tree) || hasForeignSyntax(pattern, ctx.field, ctx.name, tree)) return undefined;
  let seq = tree.alts[0];
  const anchoredStart = isStartAnchor(seq[0]);
  const anchoredEnd = isEndAnchor(seq[seq.length - 1]);
  if (anchoredStart) seq = seq.slice(1);
  if (anchoredEnd) seq = seq.slice(0, -1);
  const literal = literalOf(seq);
  if (literal !== undefined && literal !== '') return seesWholeLiteral(ctx, literal) ? { kind: 'exact', literal } : undefined;
  if (!anchoredEnd && seq.length > 1 && isDotStar(seq[seq.length - 1])) {
    const head = literalOf(seq.slice(0, -1));
    if (head && seesWholeLiteral(ctx, head)) return { kind: 'prefix', literal: head };
  }
  return undefined;
}

/** Fields Envoy matches as a request path: `Matchers::PathMatcher::match` strips the query and fragment first. */
const PATH_FIELDS: ReadonlySet<MatchField> = new Set<MatchField>(['uri', 'gatewayPath']);

/**
 * Whether a path match can ever see `literal`. Envoy's route matchers for `prefix`, `path` and
 * `safe_regex` all go through `Matchers::PathMatcher::match` (source/common/common/matchers.cc),
 * which removes the query string and fragment (`Http::PathUtil::removeQueryAndFragment`)
 * before comparing. A literal holding `?` or `#` therefore never matches in any of the three
 * forms: rewriting one dead match into another is no advice (the route never matches).
 */
function seesWholeLiteral(ctx: PatternContext, literal: string): boolean {
  return !PATH_FIELDS.has(ctx.field) || !/[?#]/.test(literal);
}

export interface RegexLooking extends PatternRange {
  construct: string;
  /** What the construct means as a regex, for the message. */
  meaning: string;
}

const REGEX_LOOKS: Array<{ re: RegExp; meaning: string }> = [
  { re: /\.[*+]\??/, meaning: 'any run of characters' },
  { re: /^\^(?=.)/, meaning: 'a start anchor' },
  { re: /\(\?[imsU]+\)/, meaning: 'an inline flag' },
  { re: /\\[dDwWsSbB.\/]/, meaning: 'a regex escape' },
  { re: /\[[^\]\s]+\](?:[*+?]|\{\d+(?:,\d*)?\})?/, meaning: 'a character class' },
  { re: /\([^()]*\|[^()]*\)/, meaning: 'an alternation' },
  { re: /(?<=[^\\\s])\$$/, meaning: 'an end anchor' },
];

/**
 * The first piece of an exact/prefix value that only makes sense as a regex. A character
 * class counts only with a range, a negation or a repetition (`[a-z]`, `[^/]`, `[0-9]+`).
 */
export function regexLookingConstruct(value: string): RegexLooking | undefined {
  if (value.includes(TEMPLATED)) return undefined;
  let best: RegexLooking | undefined;
  for (const { re, meaning } of REGEX_LOOKS) {
    const m = re.exec(value);
    if (!m) continue;
    if (meaning === 'a character class' && !/^\[\^|.-.|\][*+?{]/.test(m[0])) continue;
    if (!best || m.index < best.start) best = { start: m.index, end: m.index + m[0].length, construct: m[0], meaning };
  }
  return best;
}

export interface DollarReference extends PatternRange {
  written: string;
  /** Group number, when numbered (`$1`, `${1}`). */
  group?: number;
}

/** `$1`, `${1}`, `$name`, `${name}` in a regex_rewrite substitution (RE2 only knows `\1`). */
export function dollarReferences(substitution: string): DollarReference[] {
  const out: DollarReference[] = [];
  const re = /\$\$|\$\{(\w+)\}|\$(\d+|[A-Za-z_]\w*)/g;
  for (let m = re.exec(substitution); m; m = re.exec(substitution)) {
    if (m[0] === '$$') continue;
    const ref = m[1] ?? m[2];
    out.push({ start: m.index, end: m.index + m[0].length, written: m[0], ...(/^\d+$/.test(ref) ? { group: Number(ref) } : {}) });
  }
  return out;
}

/** Whether the pattern already turns on case-insensitivity for all of it (`(?i)…`, `(?is)…`). */
export function startsCaseInsensitive(pattern: string): boolean {
  return /^\(\?[a-zA-Z]*i[a-zA-Z]*\)/.test(pattern);
}
