/**
 * The exact code-point set of one RE2 class written in a pattern: `[...]`, `\d`, `\pL`,
 * `\p{Greek}`, `\P{^L}`, `[[:alpha:]]`, with `(?i)` folding applied as RE2 applies it
 * (members folded before a `^` negation). Undefined for anything this reader is not sure of;
 * the caller then answers "unknown" rather than guess.
 */
import { complement, fold, normalize, PERL, POSIX, unicodeClass, union, type Ranges } from './charset';

const CONTROL: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };

interface Item {
  set: number[];
  /** A single character (a range endpoint candidate). */
  cp?: number;
  end: number;
}

function hexEscape(p: string, i: number): { cp: number; end: number } | undefined {
  const m = /^\\x(?:\{([0-9A-Fa-f]{1,8})\}|([0-9A-Fa-f]{2}))/.exec(p.slice(i, i + 14));
  if (!m) return undefined;
  const cp = parseInt(m[1] ?? m[2], 16);
  return cp > 0x10ffff ? undefined : { cp, end: i + m[0].length };
}

/** `\pL`, `\p{Greek}`, `\P{^Lu}` starting at i (the backslash). */
function unicodeEscape(p: string, i: number, foldCase: boolean): Item | undefined {
  const negatedP = p[i + 1] === 'P';
  let name: string;
  let end: number;
  if (p[i + 2] === '{') {
    const close = p.indexOf('}', i + 3);
    if (close < 0) return undefined;
    name = p.slice(i + 3, close);
    end = close + 1;
  } else {
    name = p[i + 2] ?? '';
    end = i + 3;
  }
  let negated = negatedP;
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  const base = unicodeClass(name);
  if (!base) return undefined;
  // RE2 folds the class and then negates it (parse.cc AddUGroup with FoldCase).
  const set = foldCase ? fold(base) : [...base];
  return { set: negated ? complement(set) : set, end };
}

/** One escape `\…` at i, in or out of a bracket class. */
function escapeItem(p: string, i: number, foldCase: boolean): Item | undefined {
  const c = p[i + 1];
  if (c === undefined) return undefined;
  const perl = PERL[c.toLowerCase()];
  if (perl && 'dswDSW'.includes(c)) {
    const set = foldCase ? fold(perl) : [...perl];
    return { set: c === c.toUpperCase() ? complement(set) : set, end: i + 2 };
  }
  if (c === 'p' || c === 'P') return unicodeEscape(p, i, foldCase);
  if (c === 'x') {
    const h = hexEscape(p, i);
    return h && { set: [h.cp, h.cp], cp: h.cp, end: h.end };
  }
  if (CONTROL[c] !== undefined) return { set: [CONTROL[c], CONTROL[c]], cp: CONTROL[c], end: i + 2 };
  // Octal escapes and anything alphanumeric: not worth the risk of reading wrongly.
  if (/[0-9A-Za-z]/.test(c)) return undefined;
  const cp = p.codePointAt(i + 1)!;
  return { set: [cp, cp], cp, end: i + 1 + String.fromCodePoint(cp).length };
}

/** The set of the class written at p[start, end). */
export function classSet(p: string, start: number, end: number, foldCase: boolean): Ranges | undefined {
  if (p[start] === '\\') {
    const item = escapeItem(p, start, foldCase);
    return item && item.end === end ? normalize(item.set) : undefined;
  }
  if (p[start] !== '[') return undefined;
  let i = start + 1;
  const negated = p[i] === '^';
  if (negated) i++;
  let members: number[] = [];
  let first = true;
  while (i < end - 1 && (p[i] !== ']' || first)) {
    first = false;
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i, i + 12));
    if (posix) {
      const base = POSIX[posix[2]];
      if (!base) return undefined;
      const set = foldCase ? fold(base) : [...base];
      members = union(members, posix[1] ? complement(set) : set);
      i += posix[0].length;
      continue;
    }
    const lo = atomAt(p, i, foldCase);
    if (!lo) return undefined;
    i = lo.end;
    if (p[i] === '-' && p[i + 1] !== ']' && lo.cp !== undefined && i + 1 < end - 1) {
      const hi = atomAt(p, i + 1, foldCase);
      if (!hi || hi.cp === undefined || hi.cp < lo.cp) return undefined;
      members.push(lo.cp, hi.cp);
      i = hi.end;
      continue;
    }
    members.push(...lo.set);
  }
  if (i !== end - 1 || p[i] !== ']') return undefined;
  let set = normalize(members);
  if (foldCase) set = fold(set);
  return negated ? complement(set) : set;
}

function atomAt(p: string, i: number, foldCase: boolean): Item | undefined {
  if (p[i] === '\\') return escapeItem(p, i, foldCase);
  const cp = p.codePointAt(i);
  if (cp === undefined) return undefined;
  return { set: [cp, cp], cp, end: i + String.fromCodePoint(cp).length };
}
