/**
 * Patterns written in another syntax than RE2: Markdown-escaped wildcards (`.\*`), shell
 * globs (`*.example.com`) and JavaScript literals (`/Google/i`). Pure string logic; the
 * rules map the ranges found here (pattern indices) to document offsets.
 */
import type { MatchField } from './site';
import { parseRegex, sequences, type RegexNode, type RegexTree } from './syntax-tree';

/** The template placeholder the engine writes over Helm directives: such values are unknowable. */
export const TEMPLATED = '\u2591';

/** Fields whose values are URL paths or origins, where a glob star means "within one segment". */
const PATH_LIKE: ReadonlySet<MatchField> = new Set<MatchField>(['uri', 'gatewayPath', 'rewriteMatch', 'corsOrigin', 'authority']);

/** Fields where a leading `/` is an ordinary path character rather than a delimiter. */
const PATH_FIELDS: ReadonlySet<MatchField> = new Set<MatchField>(['uri', 'gatewayPath', 'rewriteMatch', 'grpcMethod']);

/**
 * Fields where a lone `regex: "*"` is Istio's "header is present" idiom: its route translation
 * turns that exact value into a presence match, and its webhook skips validating it for
 * `withoutHeaders`. (For `headers` the webhook compiles it, so there it is a real mistake.)
 * Gateway API header/query matches go through the same translation without any webhook check.
 */
const STAR_MEANS_PRESENT: ReadonlySet<MatchField> = new Set<MatchField>(['withoutHeader', 'gatewayHeader', 'gatewayQueryParam', 'grpcHeader']);

export const starMeansPresent = (field: MatchField): boolean => STAR_MEANS_PRESENT.has(field);

export interface PatternRange {
  start: number;
  end: number;
}

export interface EscapedWildcard extends PatternRange {
  /** Index of the backslash to delete. */
  backslash: number;
  /** The construct as written (`.\*`) and as meant (`.*`). */
  written: string;
  meant: string;
}

/**
 * `.\*`, `.\+`, `[^/]\*`: a wildcard atom followed by an escaped repetition operator, the
 * shape Markdown leaves behind when a regex is copied from rendered docs or chat.
 */
export function findEscapedWildcards(pattern: string, tree: RegexTree = parseRegex(pattern)): EscapedWildcard[] {
  const out: EscapedWildcard[] = [];
  for (const { seq } of sequences(tree.alts)) {
    for (let i = 1; i < seq.length; i++) {
      const cur = seq[i];
      const prev = seq[i - 1];
      if (cur.t !== 'lit' || !cur.escaped || (cur.ch !== '*' && cur.ch !== '+') || cur.end - cur.start !== 2) continue;
      if (prev.t !== 'any' && prev.t !== 'class') continue;
      out.push({ start: prev.start, end: cur.end, backslash: cur.start, written: pattern.slice(prev.start, cur.end), meant: pattern.slice(prev.start, prev.end) + cur.ch });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface GlobFinding {
  /** The glob stars, in pattern order. */
  stars: PatternRange[];
  /** The regex the glob stands for. */
  regex: string;
  /** True when the whole pattern reads as a glob (its dots were meant literally, too). */
  pureGlob: boolean;
}

const GLOB_SEPARATORS = new Set(['/', ':', '=', ',', ';', '@', '-']);

/**
 * A `*` used the shell way: first in the pattern (`*.svc`, which RE2 rejects), right after a
 * separator (`https://*.example.com`, `/api/*`: "zero or more slashes" in RE2), after a
 * word and before a dot (`api*.example.com`), or ending a word (`Mozilla*`).
 */
export function findGlob(pattern: string, field: MatchField, tree: RegexTree = parseRegex(pattern)): GlobFinding | undefined {
  if (pattern.includes(TEMPLATED)) return undefined;
  if (pattern === '*' && starMeansPresent(field)) return undefined;
  const stars: PatternRange[] = [];
  const inspect = (seq: readonly RegexNode[], topLevel: boolean) => {
    seq.forEach((node, i) => {
      if (node.t === 'badRepeat' && node.op === '*' && i === 0) {
        stars.push({ start: node.start, end: node.start + 1 });
        return;
      }
      if (node.t !== 'repeat' || node.op !== '*') return;
      const operand = node.node;
      if (operand.t !== 'lit' || operand.escaped) return;
      const next = seq[i + 1];
      const wordBefore = () => {
        let n = 0;
        for (let k = i - 1; k >= 0 && seq[k].t === 'lit' && /\w/.test((seq[k] as { ch: string }).ch); k--) n++;
        return n;
      };
      const glob =
        GLOB_SEPARATORS.has(operand.ch) ||
        (/\w/.test(operand.ch) && next?.t === 'any' && wordBefore() >= 1) ||
        (/\w/.test(operand.ch) && topLevel && next === undefined && wordBefore() >= 2);
      if (glob) stars.push({ start: node.opStart, end: node.opStart + 1 });
    });
  };
  for (const { seq, topLevel } of sequences(tree.alts)) inspect(seq, topLevel);
  if (!stars.length) return undefined;
  // In a pure glob every star is a glob star, even one after a dot (`*.example.*`).
  const pureGlob = isPureGlob(pattern);
  if (pureGlob) {
    stars.length = 0;
    for (let i = pattern.indexOf('*'); i !== -1; i = pattern.indexOf('*', i + 1)) stars.push({ start: i, end: i + 1 });
  }
  stars.sort((a, b) => a.start - b.start);
  const wildcard = (at: number) => (at === pattern.length - 1 || !PATH_LIKE.has(field) ? '.*' : '[^/]*');
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (stars.some((s) => s.start === i)) regex += wildcard(i);
    else if (pureGlob && c === '.') regex += '\\.';
    else regex += c;
  }
  return { stars, regex, pureGlob };
}

/**
 * No regex syntax besides stars and dots: the author wrote a glob, dots included. A `.*`
 * is read as regex unless the pattern opens with a star (which no regex can).
 */
function isPureGlob(pattern: string): boolean {
  if (/[\\[\]()|+?^${}]/.test(pattern)) return false;
  return !pattern.includes('.*') || pattern.startsWith('*');
}

export interface SlashDelimited {
  body: string;
  flags: string;
  /** The RE2 spelling: inline flags + body. */
  regex: string;
  /** JavaScript flags with no RE2 counterpart, dropped by the rewrite. */
  dropped: string;
}

const INLINE_FLAGS: Record<string, string> = { i: 'i', s: 's', m: 'm' };

/**
 * A JavaScript regex literal pasted as a pattern: `/Google/i`, `/^\/api\//`. The body of a
 * real literal escapes its inner slashes, which tells it apart from a path like `/api/`;
 * on path fields a literal also needs flags or JavaScript-looking anchors to count.
 */
export function findSlashDelimited(pattern: string, field: MatchField, name?: string): SlashDelimited | undefined {
  if (pattern.includes(TEMPLATED)) return undefined;
  const m = /^\/([\s\S]+)\/([a-z]*)$/.exec(pattern);
  if (!m) return undefined;
  const [, body, flags] = m;
  if (!/^[dgimsuvy]*$/.test(flags) || new Set(flags).size !== flags.length) return undefined;
  if (hasUnescapedSlash(body)) return undefined;
  const pathValued = PATH_FIELDS.has(field) || (name !== undefined && /path|ur[il]/i.test(name));
  if (pathValued && !flags && !/^\^|(^|[^\\])\$$|\\\//.test(body)) return undefined;
  const inline = [...flags].filter((f) => INLINE_FLAGS[f]).join('');
  const dropped = [...flags].filter((f) => !INLINE_FLAGS[f]).join('');
  return { body, flags, regex: (inline ? `(?${inline})` : '') + body, dropped };
}

function hasUnescapedSlash(body: string): boolean {
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return true;
  }
  return false;
}

/**
 * Whether the pattern was written in a foreign syntax (Markdown escape, glob, JavaScript
 * literal). The intent rules leave such patterns to the rule that explains the syntax.
 */
export function hasForeignSyntax(pattern: string, field: MatchField, name?: string, tree: RegexTree = parseRegex(pattern)): boolean {
  return findEscapedWildcards(pattern, tree).length > 0 || findGlob(pattern, field, tree) !== undefined || findSlashDelimited(pattern, field, name) !== undefined;
}
