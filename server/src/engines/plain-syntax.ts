/**
 * Patterns both engines accept, provably, from their text alone: no engine call needed.
 *
 * Why: a first open of a big file meets a few dozen distinct patterns, and each costs a
 * call into RE2's WebAssembly and a parse in re2js while their code is still cold (about
 * 30 ms of a 2,000-document open, measured by stubbing the engines). Most of them are
 * made of nothing but literals, `.`, simple classes, groups, alternatives, anchors and
 * `* + ?`: the part of the syntax where RE2 and Go's regexp have always agreed and which
 * neither can reject below the size limits.
 *
 * The grammar, ASCII only, at most MAX_LENGTH characters and MAX_DEPTH nested groups:
 * - literals: printable characters other than `\ . [ ] ( ) | * + ? { } ^ $`;
 * - `.`, `^`, `$`, `|`, and `(…)` groups with no `(?` of any kind;
 * - escapes of punctuation from ESCAPED, and `\d \D \w \W \s \S`;
 * - classes `[…]` / `[^…]`, not empty, of class literals (printable, other than
 *   `\ [ ] ^ -`), ascending ranges `a-z` between two of them, the same escapes, and `-`
 *   first or last;
 * - one `*`, `+` or `?` after a literal, `.`, an escape, a class or a group.
 * Anything else (flags, `{n}`, `\b`, `\p{…}`, lazy or stacked quantifiers, non-ASCII…)
 * goes to the engines as before, and so does every pattern when this returns false.
 * test/engines/plain-syntax.test.ts checks it against both real engines.
 */

/** Longest pattern proved here (far below the program-size limits of either engine). */
const MAX_LENGTH = 1000;
/** Deepest group nesting proved here (Go's parser stops at 1,000). */
const MAX_DEPTH = 100;

function table(pred: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = pred(c) ? 1 : 0;
  return t;
}

const isPrintable = (c: number) => c >= 0x20 && c < 0x7f;
const chars = (s: string) => new Set([...s].map((ch) => ch.charCodeAt(0)));

const META = chars('\\.[]()|*+?{}^$');
const LITERAL = table((c) => isPrintable(c) && !META.has(c));
const CLASS_META = chars('\\[]^-');
const CLASS_LITERAL = table((c) => isPrintable(c) && !CLASS_META.has(c));
/** What may follow a backslash: punctuation both engines take literally, and the Perl classes. */
const ESCAPED = table((c) => chars('.\\/-*+?()[]{}|^$').has(c) || chars('dDwWsS').has(c));

const BACKSLASH = 0x5c;
const DASH = 0x2d;
const CLOSE_BRACKET = 0x5d;

/** Index of the `]` closing the class that opens at `i`, or -1 when the class leaves the grammar. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p.charCodeAt(j) === 0x5e) j++; // ^
  const first = j;
  // The last single literal, which a `-` may make the start of a range (-1: none).
  let rangeStart = -1;
  for (; j < p.length; j++) {
    const c = p.charCodeAt(j);
    if (c === CLOSE_BRACKET) return j > first ? j : -1;
    if (c === BACKSLASH) {
      const d = p.charCodeAt(j + 1);
      if (!(d < 128 && ESCAPED[d] === 1)) return -1;
      j++;
      rangeStart = -1;
    } else if (c === DASH) {
      if (j === first || p.charCodeAt(j + 1) === CLOSE_BRACKET) {
        rangeStart = -1;
        continue;
      }
      const end = p.charCodeAt(j + 1);
      if (rangeStart === -1 || !(end < 128 && CLASS_LITERAL[end] === 1) || end < rangeStart) return -1;
      j++;
      rangeStart = -1;
    } else if (c < 128 && CLASS_LITERAL[c] === 1) rangeStart = c;
    else return -1;
  }
  return -1;
}

/** True when both RE2 and Go's regexp certainly accept `pattern` (see the grammar above). */
export function provablyValid(pattern: string): boolean {
  const n = pattern.length;
  if (n === 0 || n > MAX_LENGTH) return false;
  let depth = 0;
  // Whether the last item is one a quantifier may follow.
  let repeatable = false;
  for (let i = 0; i < n; i++) {
    const c = pattern.charCodeAt(i);
    switch (c) {
      case BACKSLASH: {
        const d = pattern.charCodeAt(i + 1);
        if (!(d < 128 && ESCAPED[d] === 1)) return false;
        i++;
        repeatable = true;
        break;
      }
      case 0x28: // (
        if (pattern.charCodeAt(i + 1) === 0x3f || ++depth > MAX_DEPTH) return false; // (?
        repeatable = false;
        break;
      case 0x29: // )
        if (--depth < 0) return false;
        repeatable = true;
        break;
      case 0x2a: // *
      case 0x2b: // +
      case 0x3f: // ?
        if (!repeatable) return false;
        repeatable = false;
        break;
      case 0x5b: // [
        i = classEnd(pattern, i);
        if (i === -1) return false;
        repeatable = true;
        break;
      case 0x2e: // .
        repeatable = true;
        break;
      case 0x7c: // |
      case 0x5e: // ^
      case 0x24: // $
        repeatable = false;
        break;
      default:
        if (!(c < 128 && LITERAL[c] === 1)) return false;
        repeatable = true;
    }
  }
  return depth === 0;
}
