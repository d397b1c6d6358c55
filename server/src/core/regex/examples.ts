/**
 * Candidate inputs for showing what a pattern matches: strings built from the pattern's own
 * pieces (a shortest instance, a fuller one, its literal text) and near misses around them
 * (wrapped, extended, truncated, case-flipped). Nothing here decides what matches: the hover
 * asks the real engine about each candidate.
 */
import type { MatchField } from './site';
import { parseRegex, type RegexNode } from './syntax-tree';

const MAX_CANDIDATES = 24;
const MAX_REPEAT = 8;

/**
 * One instance of the sequence: `choice` picks the alternative in every alternation, `full`
 * fills optional parts and wildcards (`.*` becomes text) instead of leaving them out.
 */
function render(seq: readonly RegexNode[], choice: number, full: boolean): string {
  let out = '';
  for (const n of seq) out += renderNode(n, choice, full);
  return out;
}

function renderNode(n: RegexNode, choice: number, full: boolean): string {
  switch (n.t) {
    case 'lit':
      return n.ch;
    case 'any':
      return 'x';
    case 'class':
      return n.sample;
    case 'group':
      return n.alts.length ? render(n.alts[choice % n.alts.length], choice, full) : '';
    case 'repeat': {
      const wide = n.max === Infinity && (n.node.t === 'any' || (n.node.t === 'class' && n.node.negated));
      if (full && wide) return n.node.t === 'any' ? 'abc' : renderNode(n.node, choice, full).repeat(3);
      const times = Math.min(MAX_REPEAT, full ? Math.max(n.min, 1) : n.min, n.max);
      return renderNode(n.node, choice, full).repeat(times);
    }
    default:
      return '';
  }
}

/** The literal characters of the pattern in order, ignoring everything else. */
function literalText(alts: readonly RegexNode[][]): string {
  let out = '';
  const visit = (seq: readonly RegexNode[]) => {
    for (const n of seq) {
      if (n.t === 'lit') out += n.ch;
      else if (n.t === 'group' && n.alts.length) visit(n.alts[0]);
      else if (n.t === 'repeat' && n.min > 0 && n.node.t === 'lit') out += n.node.ch;
    }
  };
  if (alts.length) visit(alts[0]);
  return out;
}

const flipCase = (s: string) => (s === s.toLowerCase() ? s.toUpperCase() : s.toLowerCase());

/** Candidate inputs in order of interest: likely matches first, then near misses. */
export function candidateInputs(pattern: string, field: MatchField, name?: string): string[] {
  const tree = parseRegex(pattern);
  const alts = tree.alts;
  const bases: string[] = [];
  for (let choice = 0; choice < Math.min(3, Math.max(1, maxAlternatives(alts))); choice++) {
    const seq = alts[choice % alts.length] ?? [];
    bases.push(render(seq, choice, false), render(seq, choice, true));
  }
  const literal = literalText(alts);
  bases.push(literal);
  const pathLike = field === 'uri' || field === 'gatewayPath' || field === 'rewriteMatch';
  const out: string[] = [...bases];
  // A realistic compound value around the literal text, for headers that carry one.
  if (literal && name && /^(user-agent|cookie|accept|accept-language|referer|x-forwarded-for)$/.test(name)) {
    out.push(name === 'cookie' ? `session=abc; ${literal}; theme=dark` : name === 'user-agent' ? `Mozilla/5.0 (compatible; ${literal}/1.0)` : `${literal}, other`);
  }
  for (const base of [bases[1], bases[0], literal]) {
    if (base === undefined) continue;
    if (pathLike) out.push(`${base}/more`, `/${base}`.replace(/^\/\//, '/'), `/prefix${base.startsWith('/') ? '' : '/'}${base}`);
    else out.push(`x${base}x`, `${base}x`, `x${base}`);
    out.push(flipCase(base), base.slice(0, -1));
  }
  out.push('');
  const seen = new Set<string>();
  return out.filter((s) => !/[\n\r]/.test(s) && s.length <= 200 && !seen.has(s) && (seen.add(s), true)).slice(0, MAX_CANDIDATES);
}

function maxAlternatives(alts: readonly RegexNode[][]): number {
  let max = alts.length;
  const visit = (seq: readonly RegexNode[]) => {
    for (const n of seq) {
      if (n.t === 'group') {
        max = Math.max(max, n.alts.length);
        n.alts.forEach(visit);
      } else if (n.t === 'repeat' && n.node.t === 'group') {
        max = Math.max(max, n.node.alts.length);
        n.node.alts.forEach(visit);
      }
    }
  };
  alts.forEach(visit);
  return max;
}
