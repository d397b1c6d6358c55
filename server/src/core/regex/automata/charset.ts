/**
 * Sets of code points as sorted, disjoint, non-adjacent inclusive ranges `[lo0, hi0, lo1, hi1, …]`,
 * and the classes RE2 builds from them: Perl and POSIX classes, Unicode categories and scripts,
 * and simple case folding (RE2's `(?i)` folds along CaseFolding.txt's C and S mappings, which is
 * exactly ECMAScript's `/iu` canonicalisation, so the fold orbits are derived from the JS engine).
 *
 * The universe is every Unicode scalar value: surrogates never occur in the UTF-8 Envoy matches.
 */

export type Ranges = readonly number[];

export const MAX_CP = 0x10ffff;
export const UNIVERSE: Ranges = Object.freeze([0, 0xd7ff, 0xe000, MAX_CP]);
export const NEWLINE = 0x0a;

/** Normalises arbitrary (possibly overlapping, unsorted) pairs, clipping surrogates out. */
export function normalize(pairs: number[]): number[] {
  const list: Array<[number, number]> = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const lo = pairs[i];
    const hi = pairs[i + 1];
    if (lo > hi) continue;
    // Surrogates are not scalar values.
    if (lo < 0xd800 && hi >= 0xd800) {
      list.push([lo, 0xd7ff]);
      if (hi > 0xdfff) list.push([0xe000, hi]);
    } else if (lo >= 0xd800 && lo <= 0xdfff) {
      if (hi > 0xdfff) list.push([0xe000, hi]);
    } else list.push([lo, hi]);
  }
  list.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of list) {
    const n = out.length;
    // Adjacent across the surrogate gap counts as adjacent too.
    if (n && (lo <= out[n - 1] + 1 || (out[n - 1] === 0xd7ff && lo === 0xe000))) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

export const union = (a: Ranges, b: Ranges): number[] => normalize([...a, ...b]);

export function complement(a: Ranges): number[] {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_CP) out.push(next, MAX_CP);
  return normalize(out);
}

export const minus = (a: Ranges, b: Ranges): number[] => complement(union(complement(a), b));

export function contains(a: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < a[2 * mid]) hi = mid - 1;
    else if (cp > a[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export const single = (cp: number): number[] => normalize([cp, cp]);

// ── case folding ─────────────────────────────────────────────────────────────

/**
 * Every code point that folds with another, ascending (`codes`), and for each the index of
 * the next member of its orbit (`next`; following it comes back round). Typed arrays: the
 * few thousand entries stay out of the garbage-collected heap a Map of arrays would fill.
 */
interface Orbits {
  codes: Int32Array;
  next: Int32Array;
}

let orbits: Orbits | undefined;
/** The table half built by `prepareCaseFoldingStep` (the idle warm-up), finished by whoever needs it first. */
let building: Generator<void, Orbits> | undefined;

/**
 * Two characters /iu canonicalises alike (a back-reference compares canonicalised
 * characters). One pattern for every pair: a pattern per code point left thousands of
 * compiled regexps in V8's caches (over a megabyte, freed only by memory-reducing GCs).
 */
const SAME_UNDER_IU = /^(.)\1$/isu;

/** Cased code points read per step of building the table (a step takes a few milliseconds). */
const CASED_PER_STEP = 500;

/** Builds the table, pausing (yield) between planes and between batches of cased code points. */
function* orbitSteps(): Generator<void, Orbits> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  // Only code points whose case mappings differ from themselves can fold with another.
  const runs = /(?:\p{Changes_When_Casemapped})+/gu;
  const found: number[] = [];
  for (const plane of SCANNED_PLANES) {
    rangesInPlane(plane, runs, found);
    yield;
  }
  if (matchesEmptyPlanes(runs)) found.push(EMPTY_PLANES[0], EMPTY_PLANES[1]);
  const cased = normalize(found);
  let read = 0;
  for (let i = 0; i < cased.length; i += 2) {
    for (let c = cased[i]; c <= cased[i + 1]; c++) {
      const s = String.fromCodePoint(c);
      for (const t of [s.toLowerCase(), s.toUpperCase()]) {
        const d = t.codePointAt(0)!;
        if (t.length !== String.fromCodePoint(d).length || d === c) continue;
        // toLowerCase/toUpperCase include Turkish-style and full mappings that simple case
        // folding (what RE2 and /iu use) does not: keep only pairs /iu agrees are the same.
        if (SAME_UNDER_IU.test(s + t)) join(c, d);
      }
      if (++read % CASED_PER_STEP === 0) yield;
    }
  }
  const groups = new Map<number, number[]>();
  for (const c of parent.keys()) {
    const r = find(c);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(c);
  }
  const cycles = [...groups.values()].filter((g) => g.length > 1);
  const codes = Int32Array.from(cycles.flat().sort((x, y) => x - y));
  const at = new Map<number, number>();
  codes.forEach((c, k) => at.set(c, k));
  const next = new Int32Array(codes.length);
  for (const g of cycles) g.forEach((c, k) => (next[at.get(c)!] = at.get(g[(k + 1) % g.length])!));
  return { codes, next };
}

/** One step of building the table; true once it is built. */
function buildStep(): boolean {
  if (orbits) return true;
  building ??= orbitSteps();
  const step = building.next();
  if (!step.done) return false;
  orbits = step.value;
  building = undefined;
  return true;
}

function foldOrbits(): Orbits {
  while (!buildStep());
  return orbits!;
}

/**
 * Builds the case-folding table now (a few tens of milliseconds) rather than at the first `(?i)` pattern.
 */
export function prepareCaseFolding(): void {
  foldOrbits();
}

/**
 * One step (a few milliseconds) of building the case-folding table, for the language
 * server's idle warm-up: a message that arrives meanwhile waits for one step, not for the
 * whole table (which took 60-80 ms at once). True once the table is built; an unfinished
 * one is finished by the first `(?i)` pattern that needs it.
 */
export function prepareCaseFoldingStep(): boolean {
  return buildStep();
}

/** `set` closed under simple case folding. */
export function fold(set: Ranges): number[] {
  const extra: number[] = [];
  const { codes, next } = foldOrbits();
  for (let k = 0; k < codes.length; k++) {
    if (!contains(set, codes[k])) continue;
    let j = k;
    do {
      extra.push(codes[j], codes[j]);
      j = next[j];
    } while (j !== k);
  }
  return extra.length ? union(set, extra) : [...set];
}

// ── named classes ────────────────────────────────────────────────────────────

const r = (...cps: Array<string | number>): number[] => {
  const out: number[] = [];
  for (const x of cps) {
    if (typeof x === 'number') out.push(x, x);
    else if (x.length === 3 && x[1] === '-') out.push(x.codePointAt(0)!, x.codePointAt(2)!);
    else for (const ch of x) out.push(ch.codePointAt(0)!, ch.codePointAt(0)!);
  }
  return normalize(out);
};

export const PERL: Readonly<Record<string, Ranges>> = {
  d: r('0-9'),
  s: r('\t', '\n', '\f', '\r', ' '),
  w: r('0-9', 'A-Z', 'a-z', '_'),
};

export const POSIX: Readonly<Record<string, Ranges>> = {
  alnum: r('0-9', 'A-Z', 'a-z'),
  alpha: r('A-Z', 'a-z'),
  ascii: r('\x00-\x7f'),
  blank: r('\t', ' '),
  cntrl: r('\x00-\x1f', 0x7f),
  digit: r('0-9'),
  graph: r('!-~'),
  lower: r('a-z'),
  print: r(' -~'),
  punct: r('!-/', ':-@', '[-`', '{-~'),
  space: r('\t', '\n', '\v', '\f', '\r', ' '),
  upper: r('A-Z'),
  word: r('0-9', 'A-Z', 'a-z', '_'),
  xdigit: r('0-9', 'A-F', 'a-f'),
};

/** ASCII word characters: what RE2's \b looks at. */
export const WORD = PERL.w;

const unicodeCache = new Map<string, Ranges>();

/**
 * A Unicode class RE2 knows (`L`, `Lu`, `Greek`, `Any`), from the JS engine's Unicode tables.
 * Undefined when the name is unknown (RE2 rejects it) or the JS tables lack it.
 */
export function unicodeClass(name: string): Ranges | undefined {
  const cached = unicodeCache.get(name);
  if (cached) return cached;
  let result: Ranges | undefined;
  if (name === 'Any') result = UNIVERSE;
  else if (/^[A-Z][a-z]?$/.test(name) || /^[A-Z][A-Za-z_]+$/.test(name)) {
    let re: RegExp | undefined;
    try {
      re = name.length <= 2 ? new RegExp(`\\p{General_Category=${name}}`, 'u') : new RegExp(`\\p{Script=${name}}`, 'u');
    } catch {
      re = undefined;
    }
    if (re) result = Object.freeze(normalize(codePointRanges(new RegExp(`${re.source}+`, 'gu'))));
  }
  // Only names RE2 knows are kept (a finite set): unknown names typed in an editor would grow it without bound.
  if (result) unicodeCache.set(name, result);
  return result;
}

/**
 * Planes scanned code point by code point. Planes 4-13 hold no assigned character in any
 * Unicode version so far: one probe decides each of them as a whole.
 */
const SCANNED_PLANES = [0, 1, 2, 3, 14, 15, 16];
const EMPTY_PLANES: readonly [number, number] = [0x40000, 0xdffff];

/**
 * One scanned plane as a string of its code points in order (surrogates left out). Built per
 * use and not kept: the planes weigh 1.7 MB together and classes are computed once each.
 */
function planeText(plane: number): string {
  const units = new Uint16Array(plane === 0 ? 0xf800 : 0x20000);
  let n = 0;
  for (let c = plane << 16; c < (plane + 1) << 16; c++) {
    if (c < 0x10000) {
      if (c < 0xd800 || c > 0xdfff) units[n++] = c;
    } else {
      units[n++] = 0xd800 + ((c - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
    }
  }
  return new TextDecoder('utf-16le').decode(units);
}

/** Adds to `out` the ranges of one plane's scalar values a global, Unicode-mode regex of runs (`\p{L}+`) matches. */
function rangesInPlane(plane: number, runs: RegExp, out: number[]): void {
  // Each plane on its own, so no run is read across a gap in the scanned text.
  const cp = (i: number) => (plane === 0 ? (i < 0xd800 ? i : i + 0x800) : (plane << 16) + i / 2);
  for (const m of planeText(plane).matchAll(runs)) out.push(cp(m.index!), cp(m.index! + m[0].length) - 1);
}

/** Whether the regex matches in the planes no character is assigned in (decided by one probe). */
const matchesEmptyPlanes = (runs: RegExp): boolean => new RegExp(runs.source, 'u').test(String.fromCodePoint(EMPTY_PLANES[0]));

/** Ranges of the scalar values a global, Unicode-mode regex of runs (`\p{L}+`) matches. */
function codePointRanges(runs: RegExp): number[] {
  const out: number[] = [];
  for (const plane of SCANNED_PLANES) rangesInPlane(plane, runs, out);
  if (matchesEmptyPlanes(runs)) out.push(EMPTY_PLANES[0], EMPTY_PLANES[1]);
  return out;
}
