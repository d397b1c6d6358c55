/**
 * Just enough RE2 reading to prove small rewrites equivalent: single-character atoms with
 * the set of characters they match, the repetition after them, and where a group ends.
 * Anything this does not understand yields no set, and callers then offer no safe fix.
 */

/** A set of code points: union of ranges, or its complement. */
export interface CharSet {
  ranges: Array<[number, number]>;
  negated: boolean;
}

export interface Atom {
  start: number;
  end: number;
  /** Characters the atom matches, when it is one character from a known set. */
  set?: CharSet;
}

export interface Quantifier {
  end: number;
  min: number;
}

const DIGIT: Array<[number, number]> = [[48, 57]];
const WORD: Array<[number, number]> = [[48, 57], [65, 90], [95, 95], [97, 122]];
// RE2's \s: \t \n \f \r and space (no \v).
const SPACE: Array<[number, number]> = [[9, 10], [12, 13], [32, 32]];

const one = (c: number): CharSet => ({ ranges: [[c, c]], negated: false });

function perlClass(letter: string): CharSet | undefined {
  switch (letter) {
    case 'd': return { ranges: DIGIT, negated: false };
    case 'D': return { ranges: DIGIT, negated: true };
    case 'w': return { ranges: WORD, negated: false };
    case 'W': return { ranges: WORD, negated: true };
    case 's': return { ranges: SPACE, negated: false };
    case 'S': return { ranges: SPACE, negated: true };
    default: return undefined;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, f: 12, a: 7 };

/** An escape at i: the character it stands for, or a Perl class. */
function escapeAt(p: string, i: number): { end: number; code?: number; set?: CharSet } {
  const e = p[i + 1];
  if (e === undefined) return { end: i + 1 };
  if (SIMPLE_ESCAPES[e] !== undefined) return { end: i + 2, code: SIMPLE_ESCAPES[e] };
  const perl = perlClass(e);
  if (perl) return { end: i + 2, set: perl };
  if (e === 'x') {
    if (p[i + 2] === '{') {
      const close = p.indexOf('}', i + 3);
      const hex = close === -1 ? '' : p.slice(i + 3, close);
      return /^[0-9A-Fa-f]{1,6}$/.test(hex) ? { end: close + 1, code: parseInt(hex, 16) } : { end: i + 2 };
    }
    const hex = p.slice(i + 2, i + 4);
    return /^[0-9A-Fa-f]{2}$/.test(hex) ? { end: i + 4, code: parseInt(hex, 16) } : { end: i + 2 };
  }
  // Escaped punctuation is the character itself.
  if (!/[A-Za-z0-9]/.test(e)) return { end: i + 2, code: e.codePointAt(0)! };
  return { end: i + 2 };
}

/** A bracket expression of literals, ranges and \d\w\s: its set (undefined if anything else appears). */
function bracketAt(p: string, i: number): Atom | undefined {
  let j = i + 1;
  const negated = p[j] === '^';
  if (negated) j++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  const readChar = (): { code?: number; set?: CharSet; ok: boolean } => {
    if (p[j] === '\\') {
      const e = escapeAt(p, j);
      j = e.end;
      return { code: e.code, set: e.set, ok: e.code !== undefined || (e.set !== undefined && !e.set.negated) };
    }
    if (p[j] === '[') return { ok: false };
    const code = p.codePointAt(j)!;
    j += code > 0xffff ? 2 : 1;
    return { code, ok: true };
  };
  while (j < p.length && (p[j] !== ']' || first)) {
    first = false;
    const lo = readChar();
    if (!lo.ok) return undefined;
    if (lo.set) {
      ranges.push(...lo.set.ranges);
      continue;
    }
    if (p[j] === '-' && p[j + 1] !== ']' && j + 1 < p.length) {
      j++;
      const hi = readChar();
      if (!hi.ok || hi.code === undefined || lo.code === undefined || hi.code < lo.code) return undefined;
      ranges.push([lo.code, hi.code]);
    } else if (lo.code !== undefined) ranges.push([lo.code, lo.code]);
  }
  if (p[j] !== ']') return undefined;
  return { start: i, end: j + 1, set: { ranges, negated } };
}

/**
 * The atom starting at i (one character, escape or bracket expression). `dot`: also read
 * `.` (any character but newline, as RE2 does without the s flag).
 */
export function atomAt(p: string, i: number, dot = true): Atom | undefined {
  const c = p[i];
  if (c === undefined) return undefined;
  if (c === '[') return bracketAt(p, i) ?? { start: i, end: i + 1 };
  if (c === '\\') {
    const e = escapeAt(p, i);
    if (e.set) return { start: i, end: e.end, set: e.set };
    if (e.code !== undefined) return { start: i, end: e.end, set: one(e.code) };
    return { start: i, end: e.end };
  }
  if (c === '.') return dot ? { start: i, end: i + 1, set: { ranges: [[10, 10]], negated: true } } : { start: i, end: i + 1 };
  if ('()|*+?{}^$'.includes(c)) return undefined;
  const code = p.codePointAt(i)!;
  return { start: i, end: i + (code > 0xffff ? 2 : 1), set: one(code) };
}

/** The single-character atom that ends right where the repetition at `quantStart` begins. */
export function atomBefore(p: string, quantStart: number): Atom | undefined {
  let i = 0;
  let last: Atom | undefined;
  while (i < quantStart) {
    const c = p[i];
    if (c === '(' || c === ')' || c === '|' || c === '^' || c === '$') {
      last = undefined;
      i++;
      continue;
    }
    const q = quantifierAt(p, i);
    if (q) {
      last = undefined;
      i = q.end;
      continue;
    }
    const a = atomAt(p, i);
    if (!a) {
      last = undefined;
      i++;
      continue;
    }
    last = a;
    i = a.end;
  }
  return last && last.end === quantStart ? last : undefined;
}

/** A repetition operator at i (with its lazy/possessive suffix), or undefined. */
export function quantifierAt(p: string, i: number): Quantifier | undefined {
  const c = p[i];
  let end: number;
  let min: number;
  if (c === '*' || c === '?') {
    end = i + 1;
    min = 0;
  } else if (c === '+') {
    end = i + 1;
    min = 1;
  } else if (c === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(p.slice(i, i + 24));
    if (!m) return undefined;
    end = i + m[0].length;
    min = Number(m[1]);
  } else return undefined;
  if (p[end] === '?' || p[end] === '+') end++;
  return { end, min };
}

export const isOptionalQuantifier = (q: Quantifier | undefined): boolean => q !== undefined && q.min === 0;

function overlaps(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  return a.some(([lo, hi]) => b.some(([l2, h2]) => lo <= h2 && l2 <= hi));
}

/** Every code point of `inner` lies in `outer`. */
function within(inner: Array<[number, number]>, outer: Array<[number, number]>): boolean {
  return inner.every(([lo, hi]) => {
    let at = lo;
    const sorted = [...outer].sort((x, y) => x[0] - y[0]);
    for (const [l2, h2] of sorted) if (l2 <= at && h2 >= at) at = h2 + 1;
    return at > hi;
  });
}

/** No character is in both sets. */
export function disjoint(a: CharSet, b: CharSet): boolean {
  if (a.negated && b.negated) return false;
  if (!a.negated && !b.negated) return !overlaps(a.ranges, b.ranges);
  const [pos, neg] = a.negated ? [b, a] : [a, b];
  return within(pos.ranges, neg.ranges);
}

/** Index just after the `)` closing the group opened at `open`, or -1. */
export function groupEnd(p: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      if (p[i + 1] === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        i = end === -1 ? p.length : end + 2;
      } else i += 2;
    } else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}
