/**
 * Prepares a pattern for re2-wasm so that compiling it is cheap and the verdict is Envoy's.
 *
 * Why: this RE2 build compiles at roughly 25 µs per program instruction, and Unicode classes,
 * `.` and counted repetitions multiply instructions (`\pL{50}` takes seconds, `\pL{100}`
 * exhausts the module). Syntax errors come from RE2's parser, which never looks at how big
 * an atom's program is. So the pattern is judged in two parts:
 * - its structure, with every class-like atom replaced by a one-instruction stand-in and
 *   repetition counts shrunk (when RE2's nested-repetition limit is safely met), and
 * - each distinct bracket expression and Unicode class on its own (cached by the engine).
 * The first error in parse order wins, as in RE2.
 *
 * It also emulates what RE2 2024 (Envoy) accepts and RE2 2020 (re2-wasm) does not:
 * `(?<name>…)` groups and non-ASCII letters in group names.
 */
import { quoteEnd, RewriteBuilder, type Rewritten } from './error-location';

/** Something to check on its own: a bracket expression or a `\p{…}` class. */
export interface AtomCheck {
  kind: 'bracket' | 'unicode';
  /** Original pattern offsets of the atom. */
  start: number;
  end: number;
  /** What to compile (bracket with cheap stand-ins inside), mapped back to the original. */
  prepared: Rewritten;
  /** Unicode classes found inside a bracket, each checked by name. */
  unicode: Array<{ start: number; end: number; text: string }>;
}

export interface Prepared {
  structure: Rewritten;
  atoms: AtomCheck[];
}

const WORD = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
const MAX_REPEAT_PRODUCT = 1000;
/** The one-instruction stand-in for a class or `.`: a letter that is no hex or octal digit, so it never completes an escape before it. */
const STAND_IN = 'z';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** Characters with no syntax role outside brackets (surrogates excluded: RE2 judges their UTF-8). */
const isPlain = (c: string | undefined) => {
  if (c === undefined || '\\.[](){}|*+?^$'.includes(c)) return false;
  const code = c.charCodeAt(0);
  return code < 0xd800 || code > 0xdfff;
};

/** End (exclusive) of `\p…`/`\P…` starting at i, or of `\x{…}`/`\Q…\E` etc.; i points at the backslash. */
function escapeEnd(p: string, i: number): number {
  const e = p[i + 1];
  if (e === undefined) return i + 1;
  if ((e === 'p' || e === 'P' || e === 'x') && p[i + 2] === '{') {
    const close = p.indexOf('}', i + 3);
    return close === -1 ? p.length : close + 1;
  }
  if (e === 'p' || e === 'P') return Math.min(p.length, i + 3);
  // RE2 reads the two characters after `\x` whatever they are (an error names all four).
  if (e === 'x') return Math.min(p.length, i + 4);
  let j = i + 2;
  // Octal escapes own their digits: they must never be folded into a literal run.
  if (e >= '0' && e <= '7') while (j < i + 4 && p[j] !== undefined && p[j] >= '0' && p[j] <= '7') j++;
  return j;
}

/** End of the bracket expression opening at i (exclusive), or -1 when it never closes. */
export function bracketEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') {
    if (p[j] === '\\') j = escapeEnd(p, j);
    else if (p[j] === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      j = close === -1 ? j + 1 : close + 2;
    } else j++;
  }
  return j < p.length ? j + 1 : -1;
}

/**
 * End of what starts at i and holds no group or repetition syntax: an escape, a `\Q…\E`
 * quote or a bracket expression (unclosed ones run to the end). -1 when none starts there.
 */
function opaqueEnd(p: string, i: number): number {
  if (p[i] === '\\') return p[i + 1] === 'Q' ? quoteEnd(p, i) : escapeEnd(p, i);
  if (p[i] !== '[') return -1;
  const end = bracketEnd(p, i);
  return end === -1 ? p.length : end;
}

/**
 * The group name at `(?` (index i) that RE2 2024 accepts and RE2 2020 does not: `(?<name>`,
 * or `(?P<name>` with non-ASCII letters. `close` is the index of its `>`.
 */
function emulatedName(p: string, i: number): { angle: boolean; nameStart: number; close: number; chars: string[] } | undefined {
  const angle = p[i + 2] === '<' && p[i + 3] !== '=' && p[i + 3] !== '!';
  const pnamed = p[i + 2] === 'P' && p[i + 3] === '<';
  const nameStart = i + (angle ? 3 : 4);
  const close = angle || pnamed ? p.indexOf('>', nameStart) : -1;
  const name = close === -1 ? '' : p.slice(nameStart, close);
  const chars = [...name];
  if (!name || !chars.every((ch) => WORD.test(ch)) || !(angle || chars.some((ch) => ch.charCodeAt(0) > 127))) return undefined;
  return { angle, nameStart, close, chars };
}

/** A repetition `{n}`, `{n,}`, `{n,m}` at i: its end and bounds, or undefined (literal brace). */
function repeatAt(p: string, i: number): { end: number; min: number; max: number | undefined; comma: boolean } | undefined {
  let j = i + 1;
  const s = j;
  while (isDigit(p[j])) j++;
  if (j === s) return undefined;
  const min = Number(p.slice(s, j));
  let max: number | undefined = min;
  let comma = false;
  if (p[j] === ',') {
    comma = true;
    j++;
    const ms = j;
    while (isDigit(p[j])) j++;
    max = j === ms ? undefined : Number(p.slice(ms, j));
  }
  return p[j] === '}' ? { end: j + 1, min, max, comma } : undefined;
}

/**
 * The largest product of nested counted repetitions (what RE2 limits to 1000). Only an
 * approximation of RE2's walk, used one way: counts are shrunk only when this is small.
 */
function maxRepeatProduct(p: string): number {
  const frames: number[] = [1];
  let last = 1;
  let worst = 1;
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    const skipped = opaqueEnd(p, i);
    if (skipped !== -1) {
      i = skipped;
      last = 1;
    } else if (c === '(') {
      frames.push(1);
      i++;
    } else if (c === ')') {
      last = frames.length > 1 ? frames.pop()! : 1;
      frames[frames.length - 1] = Math.max(frames[frames.length - 1], last);
      i++;
    } else if (c === '{') {
      const r = repeatAt(p, i);
      if (!r) {
        i++;
        last = 1;
        continue;
      }
      const n = Math.max(r.min, r.max ?? r.min);
      const product = last * Math.max(1, n);
      worst = Math.max(worst, product);
      frames[frames.length - 1] = Math.max(frames[frames.length - 1], product);
      last = product;
      i = r.end;
    } else {
      last = 1;
      i++;
    }
  }
  return Math.max(worst, ...frames);
}

/** Cheap stand-ins inside a bracket: Unicode and negated Perl classes become `\d`, `^` goes. */
function prepareBracket(p: string, start: number, end: number): AtomCheck {
  const b = new RewriteBuilder(p.slice(start, end));
  const unicode: AtomCheck['unicode'] = [];
  const local = (i: number) => i - start;
  let j = start + 1;
  b.keep(0, 1);
  if (p[j] === '^') j++;
  let kept = local(j);
  while (j < end - 1) {
    if (p[j] === '\\') {
      const e = escapeEnd(p, j);
      const letter = p[j + 1];
      if (letter === 'p' || letter === 'P') {
        unicode.push({ start: j, end: e, text: p.slice(j, e) });
        b.keep(kept, local(j));
        b.replace(local(j), local(e), '\\d');
        kept = local(e);
      } else if (letter === 'S' || letter === 'W' || letter === 'D') {
        b.keep(kept, local(j));
        b.replace(local(j), local(e), '\\d');
        kept = local(e);
      }
      j = e;
    } else if (p[j] === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      j = close === -1 || close >= end ? j + 1 : close + 2;
    } else j++;
  }
  b.keep(kept, end - start);
  return { kind: 'bracket', start, end, prepared: b.done(), unicode };
}

/** Splits a pattern into a cheap structure and the atoms to check on their own. */
export function prepareForRe2(p: string): Prepared {
  const b = new RewriteBuilder(p);
  const atoms: AtomCheck[] = [];
  // Only counted repetitions are shrunk: without a brace there is nothing to decide.
  const shrink = !p.includes('{') || maxRepeatProduct(p) <= MAX_REPEAT_PRODUCT;
  let kept = 0;
  const swap = (start: number, end: number, by: string) => {
    b.keep(kept, start);
    b.replace(start, end, by);
    kept = end;
  };
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const letter = p[i + 1];
      if (letter === 'Q') {
        i = quoteEnd(p, i);
        continue;
      }
      const end = escapeEnd(p, i);
      if (letter === 'p' || letter === 'P') {
        const text = p.slice(i, end);
        atoms.push({ kind: 'unicode', start: i, end, prepared: { text, toOriginal: (k) => i + k, toOriginalEnd: (k) => i + k + 1 }, unicode: [{ start: i, end, text }] });
        swap(i, end, STAND_IN);
      } else if (letter !== undefined && 'dDsSwW'.includes(letter)) {
        swap(i, end, STAND_IN);
      }
      i = end;
    } else if (c === '.') {
      swap(i, i + 1, STAND_IN);
      i++;
    } else if (c === '[') {
      const end = bracketEnd(p, i);
      if (end === -1) break; // RE2 reports the missing `]` on the structure itself.
      atoms.push(prepareBracket(p, i, end));
      swap(i, end, '[a]');
      i = end;
    } else if (c === '{') {
      const r = repeatAt(p, i);
      if (!r) {
        i++;
        continue;
      }
      if (shrink && r.min <= MAX_REPEAT_PRODUCT && (r.max === undefined || (r.max <= MAX_REPEAT_PRODUCT && r.max >= r.min))) {
        const min = Math.min(r.min, 1);
        const max = r.max === undefined ? undefined : Math.max(min, Math.min(r.max, 2));
        swap(i, r.end, r.comma ? `{${min},${max ?? ''}}` : `{${min}}`);
      }
      i = r.end;
    } else if (c === '(' && p[i + 1] === '?') {
      const named = emulatedName(p, i);
      if (named) {
        b.keep(kept, i + 2);
        if (named.angle) b.insert(i + 2, 'P');
        b.keep(i + 2, named.nameStart);
        let at = named.nameStart;
        for (const ch of named.chars) {
          if (ch.charCodeAt(0) > 127) b.replace(at, at + ch.length, 'x');
          else b.keep(at, at + 1);
          at += ch.length;
        }
        kept = named.close;
        i = named.close + 1;
      } else if (p[i + 2] === 'P') {
        // A name RE2 2020 judges itself (it looks for the `>`): kept as written, up to there.
        const close = p.indexOf('>', i + 3);
        i = close === -1 ? p.length : close + 1;
      } else {
        // Flags (`(?i)`, `(?s-m:`) are judged character by character, and an error names the
        // character RE2 stops at: all kept as written, up to and including that character.
        i += 2;
        while (i < p.length && 'imsU-'.includes(p[i])) i++;
        if (i < p.length) i++;
      }
    } else if (isPlain(c) && p[i - 1] === '{') {
      // After a literal `{`, characters are kept: `x*{2,x}` must not become the repetition `x*{2,}`.
      while (isPlain(p[i])) i++;
    } else if (isPlain(c) && isPlain(p[i + 1])) {
      // A run of ordinary characters parses like one character (and costs one instruction).
      let j = i + 1;
      while (isPlain(p[j])) j++;
      swap(i, j, c);
      i = j;
    } else i++;
  }
  b.keep(kept, p.length);
  return { structure: b.done(), atoms };
}

/** Only the named-group emulation, for matching (where the real atoms matter). */
export function namedGroupsForRe2(p: string): string {
  if (!p.includes('(?')) return p;
  const out: string[] = [];
  let kept = 0;
  let i = 0;
  while (i < p.length) {
    const skipped = opaqueEnd(p, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    const groupHeader = p[i] === '(' && p[i + 1] === '?';
    const named = groupHeader ? emulatedName(p, i) : undefined;
    if (named) {
      out.push(p.slice(kept, i), '(?P<', named.chars.map((ch) => (ch.charCodeAt(0) > 127 ? 'x' : ch)).join(''));
      kept = named.close;
      i = named.close;
    } else i += groupHeader ? 2 : 1;
  }
  out.push(p.slice(kept));
  return out.join('');
}
