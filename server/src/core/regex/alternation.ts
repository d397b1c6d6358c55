/**
 * Top-level alternation binds loosest: in `^.*\biPhone|Pixel\b.*$` the `^.*` belongs to the
 * first alternative only and the `.*$` to the last, so it reads "…iPhone" or "Pixel…", not
 * "contains iPhone or Pixel". Recognised when the first alternative opens with a wrapper
 * (start anchor or wildcard run) and the last one closes with one, and the wrappers are not
 * repeated on every alternative (`.*a.*|.*b.*` is written correctly).
 */
import { isWildcardRun, parseRegex, type RegexNode, type RegexTree } from './syntax-tree';

export interface LooseAlternation {
  /** The rewrite with the wrappers around a group: `^.*(?:\biPhone|Pixel\b).*$`. */
  grouped: string;
  /** The first and last alternatives as the engine reads them (`^.*\biPhone`, `Pixel\b.*$`). */
  first: string;
  last: string;
}

const isStart = (n: RegexNode) => n.t === 'assert' && (n.kind === '^' || n.kind === 'A');
const isEnd = (n: RegexNode) => n.t === 'assert' && (n.kind === '$' || n.kind === 'z');

/** Index just past the leading flags, start anchors and wildcard runs of `seq`. */
function leadEnd(seq: readonly RegexNode[]): { flags: number; end: number } {
  let i = 0;
  while (i < seq.length && seq[i].t === 'flags') i++;
  const flags = i;
  while (i < seq.length && (isStart(seq[i]) || isWildcardRun(seq[i]))) i++;
  return { flags, end: i };
}

/** Index of the first of the trailing wildcard runs and end anchors of `seq`. */
function trailStart(seq: readonly RegexNode[]): number {
  let i = seq.length;
  while (i > 0 && (isEnd(seq[i - 1]) || isWildcardRun(seq[i - 1]))) i--;
  return i;
}

/**
 * `full`: Envoy's whole-value match, where anchors change nothing and only wildcard runs count
 * as wrappers (`^/api|/web$` means exactly "/api" or "/web" either way); `search` and `replace`
 * find the pattern anywhere, where a misplaced anchor matters too.
 */
export function looseAlternation(pattern: string, semantics: 'full' | 'search' | 'replace', tree: RegexTree = parseRegex(pattern)): LooseAlternation | undefined {
  const alts = tree.alts;
  if (!tree.ok || alts.length < 2 || alts.some((a) => a.length === 0)) return undefined;
  const first = alts[0];
  const last = alts[alts.length - 1];
  const lead = leadEnd(first);
  const trail = trailStart(last);
  if (lead.end === lead.flags || trail === last.length) return undefined;
  if (semantics === 'full' && !(first.slice(lead.flags, lead.end).some(isWildcardRun) && last.slice(trail).some(isWildcardRun))) return undefined;
  // Each side must be missing somewhere: `.*a.*|b.*` ("contains a, or starts with b") may be meant.
  if (alts.every((a) => leadEnd(a).end > leadEnd(a).flags) || alts.every((a) => trailStart(a) < a.length)) return undefined;
  // Nothing left inside an alternative once its wrapper moves out (`.*|x.*`): not this mistake.
  if (lead.end >= first.length || trail === 0) return undefined;
  const startOf = (a: readonly RegexNode[]) => a[0].start;
  const endOf = (a: readonly RegexNode[]) => a[a.length - 1].end;
  const inner = alts.map((a, i) => {
    const from = i === 0 ? first[lead.end].start : startOf(a);
    const to = i === alts.length - 1 ? last[trail - 1].end : endOf(a);
    return pattern.slice(from, to);
  });
  const head = pattern.slice(0, first[lead.end].start);
  const tail = pattern.slice(last[trail].start);
  return {
    grouped: `${head}(?:${inner.join('|')})${tail}`,
    first: pattern.slice(startOf(first), endOf(first)),
    last: pattern.slice(startOf(last), endOf(last)),
  };
}
