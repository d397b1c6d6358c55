/**
 * A single left-to-right pass over a regex pattern that finds constructs RE2 does not have
 * (or reads differently) and says exactly where they are. Hand-written and linear: user
 * text never goes through a backtracking regex here.
 *
 * The scan follows RE2's tokenisation (what is an escape, where a character class ends,
 * what counts as a repetition) so that offsets after an odd construct stay right. It does
 * not judge validity otherwise; the real engines do that.
 */
import { longUnicodeName, UNSUPPORTED_ESCAPES } from './construct-names';
import type { ScanFinding, ScanKind } from './scan-findings';

export { UNSUPPORTED_ESCAPES, LONG_UNICODE_NAMES, longUnicodeName } from './construct-names';
export { isSilent, isUnsupported, type CompatKind, type ScanFinding, type ScanKind, type SilentKind, type UnsupportedKind } from './scan-findings';

const MAX_REPEAT = 1000;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
const isAsciiLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

class Scanner {
  readonly out: ScanFinding[] = [];
  private depth = 0;
  /** Whether the previous token can take a repetition operator. */
  private canRepeat = false;

  constructor(private readonly p: string) {}

  private inClass = false;

  private add(kind: ScanKind, start: number, end: number, detail?: string): void {
    const f: ScanFinding = { kind, start, end, text: this.p.slice(start, end), depth: this.depth };
    if (detail !== undefined) f.detail = detail;
    if (this.inClass) f.inClass = true;
    this.out.push(f);
  }

  /** Index of `ch` at or after `from`, or -1. */
  private find(ch: string, from: number): number {
    return this.p.indexOf(ch, from);
  }

  run(): ScanFinding[] {
    const p = this.p;
    let i = 0;
    while (i < p.length) {
      const c = p[i];
      if (c === '\\') {
        i = this.escape(i, false);
      } else if (c === '[') {
        i = this.charClass(i);
        this.canRepeat = true;
      } else if (c === '(') {
        i = this.group(i);
      } else if (c === ')') {
        if (this.depth > 0) this.depth--;
        this.canRepeat = true;
        i++;
      } else if (c === '|') {
        this.canRepeat = false;
        i++;
      } else if (c === '*' || c === '+' || c === '?') {
        i = this.afterRepeat(i, i + 1);
      } else if (c === '{') {
        i = this.brace(i);
      } else if (c === '^' || c === '$') {
        this.canRepeat = false;
        i++;
      } else {
        this.canRepeat = true;
        i++;
      }
    }
    return this.out;
  }

  /** After a repetition operator spanning [start, end): lazy `?` is fine, possessive `+` is not. */
  private afterRepeat(start: number, end: number): number {
    const wasAtom = this.canRepeat;
    this.canRepeat = false;
    if (!wasAtom) return end;
    const next = this.p[end];
    if (next === '+') {
      this.add('possessive', start, end + 1);
      return end + 1;
    }
    return next === '?' ? end + 1 : end;
  }

  /** `{n}`, `{n,}`, `{n,m}`: repetitions; `{,m}` is literal text in RE2; anything else a literal brace. */
  private brace(i: number): number {
    const p = this.p;
    let j = i + 1;
    const minStart = j;
    while (isDigit(p[j])) j++;
    const min = p.slice(minStart, j);
    let max: string | undefined;
    let comma = false;
    if (p[j] === ',') {
      comma = true;
      j++;
      const maxStart = j;
      while (isDigit(p[j])) j++;
      max = p.slice(maxStart, j);
    }
    if (p[j] !== '}') {
      this.canRepeat = true;
      return i + 1;
    }
    const end = j + 1;
    if (min === '') {
      if (comma && max) this.add('empty-min-repeat', i, end, max);
      this.canRepeat = true;
      return end;
    }
    const tooLarge = Number(min) > MAX_REPEAT || (max !== undefined && max !== '' && Number(max) > MAX_REPEAT);
    if (tooLarge && this.canRepeat) this.add('repeat-too-large', i, end, String(Math.max(Number(min), Number(max || 0))));
    return this.afterRepeat(i, end);
  }

  /** An escape outside or inside a class; returns the index after it. */
  private escape(i: number, inClass: boolean): number {
    const p = this.p;
    const e = p[i + 1];
    this.canRepeat = true;
    if (e === undefined) return i + 1;
    if (!inClass && e >= '1' && e <= '9') {
      // \1-\7 followed by an octal digit is an octal escape in RE2; otherwise a backreference.
      if (isOctal(e) && e !== '8' && isOctal(p[i + 2])) {
        let j = i + 2;
        while (j < i + 4 && isOctal(p[j])) j++;
        return j;
      }
      let j = i + 1;
      while (isDigit(p[j])) j++;
      this.add('backreference', i, j, p.slice(i + 1, j));
      return j;
    }
    if (e === '0') {
      let j = i + 2;
      while (j < i + 4 && isOctal(p[j])) j++;
      return j;
    }
    if (e === 'Q' && !inClass) {
      const close = p.indexOf('\\E', i + 2);
      return close === -1 ? p.length : close + 2;
    }
    if (e === 'x') {
      if (p[i + 2] === '{') {
        const close = this.find('}', i + 3);
        return close === -1 ? p.length : close + 1;
      }
      let j = i + 2;
      while (j < i + 4 && isHex(p[j])) j++;
      return j;
    }
    if (e === 'p' || e === 'P') {
      if (p[i + 2] === '{') {
        const close = this.find('}', i + 3);
        if (close === -1) return p.length;
        const name = p.slice(i + 3, close);
        const verdict = longUnicodeName(name);
        if (verdict.long) this.add('long-unicode-name', i, close + 1, name);
        return close + 1;
      }
      return Math.min(p.length, i + 3);
    }
    if (e === 'k' && !inClass) {
      const open = p[i + 2];
      const closer = open === '<' ? '>' : open === "'" ? "'" : open === '{' ? '}' : undefined;
      if (closer) {
        const close = this.find(closer, i + 3);
        const end = close === -1 ? i + 3 : close + 1;
        this.add('named-backreference', i, end, close === -1 ? undefined : p.slice(i + 3, close));
        return end;
      }
      this.add('named-backreference', i, i + 2);
      return i + 2;
    }
    if (e === 'g' && !inClass) {
      const open = p[i + 2];
      if (open === '<' || open === "'") {
        const close = this.find(open === '<' ? '>' : "'", i + 3);
        const end = close === -1 ? i + 3 : close + 1;
        this.add('recursion', i, end);
        return end;
      }
      let j = i + 2;
      if (open === '{') {
        const close = this.find('}', i + 3);
        j = close === -1 ? i + 3 : close + 1;
      } else {
        if (p[j] === '-' || p[j] === '+') j++;
        while (isDigit(p[j])) j++;
      }
      this.add('backreference', i, j);
      return j;
    }
    if (e === 'c') {
      const end = isAsciiLetter(p[i + 2]) || (p[i + 2] !== undefined && '@[\\]^_?'.includes(p[i + 2])) ? i + 3 : i + 2;
      this.add('control-escape', i, end, p[i + 2]);
      return end;
    }
    if (e === 'u') {
      let end = i + 2;
      if (p[i + 2] === '{') {
        const close = this.find('}', i + 3);
        end = close === -1 ? i + 3 : close + 1;
      } else {
        while (end < i + 6 && isHex(p[end])) end++;
      }
      this.add('unicode-escape', i, end);
      return end;
    }
    if (e === 'C' && !inClass) {
      this.add('any-byte', i, i + 2);
      return i + 2;
    }
    if (e === 'v') {
      this.add('vertical-tab', i, i + 2);
      return i + 2;
    }
    if (e in UNSUPPORTED_ESCAPES && !(inClass && (e === 'G' || e === 'Z' || e === 'K' || e === 'X'))) {
      let end = i + 2;
      if ((e === 'o' || e === 'N') && p[i + 2] === '{') {
        const close = this.find('}', i + 3);
        end = close === -1 ? i + 3 : close + 1;
      }
      this.add('escape', i, end, e);
      if (e === 'G' || e === 'Z' || e === 'K') this.canRepeat = false;
      return end;
    }
    // Two-character escapes RE2 may or may not accept: the engines judge those.
    return i + 2;
  }

  /** `[...]` as RE2 reads it: the class ends at the first unescaped `]` after the first position. */
  private charClass(i: number): number {
    this.inClass = true;
    try {
      return this.charClassBody(i);
    } finally {
      this.inClass = false;
    }
  }

  private charClassBody(i: number): number {
    const p = this.p;
    let j = i + 1;
    if (p[j] === '^') j++;
    if (p[j] === ']') j++;
    while (j < p.length && p[j] !== ']') {
      const c = p[j];
      if (c === '\\') {
        j = this.escape(j, true);
      } else if (c === '[') {
        const n = p[j + 1];
        if (n === ':') {
          const close = p.indexOf(':]', j + 2);
          if (close !== -1) {
            j = close + 2;
            continue;
          }
          j++;
        } else if (n === '.' || n === '=') {
          const close = p.indexOf(n + ']', j + 2);
          this.add('posix-collating', j, close === -1 ? j + 2 : close + 2, n);
          // RE2 reads `[` and the rest as members; the `]` of `.]` closes the class.
          j += 2;
        } else {
          this.add('nested-class', j, j + 1);
          j++;
        }
      } else if (c === '&' && p[j + 1] === '&') {
        this.add('class-set-operation', j, j + 2);
        // `&&[^…]`: the `[` belongs to the same operation; one finding is enough.
        j += p[j + 2] === '[' && p[j + 3] !== ':' ? 3 : 2;
      } else {
        j++;
      }
    }
    return Math.min(p.length, j + 1);
  }

  /** `(`, `(?...`, `(*VERB)`. */
  private group(i: number): number {
    const p = this.p;
    this.canRepeat = false;
    if (p[i + 1] === '*') {
      const close = this.find(')', i + 2);
      const end = close === -1 ? i + 2 : close + 1;
      this.add('pcre-verb', i, end);
      return end;
    }
    if (p[i + 1] !== '?') {
      this.depth++;
      return i + 1;
    }
    const a = p[i + 2];
    const b = p[i + 3];
    const open = (kind: ScanKind, end: number, detail?: string) => {
      this.add(kind, i, end, detail);
      this.depth++;
      return end;
    };
    if (a === '=') return open('lookahead', i + 3);
    if (a === '!') return open('negative-lookahead', i + 3);
    if (a === '<' && b === '=') return open('lookbehind', i + 4);
    if (a === '<' && b === '!') return open('negative-lookbehind', i + 4);
    if (a === '<') {
      const close = this.find('>', i + 3);
      const name = close === -1 ? '' : p.slice(i + 3, close);
      // Only well-formed ASCII names are a compatibility question; anything else is a syntax error.
      if (!/^[A-Za-z0-9_]+$/.test(name)) {
        this.depth++;
        return i + 3;
      }
      return open('angle-named-group', close + 1, name);
    }
    if (a === "'") {
      const close = this.find("'", i + 3);
      return open('quoted-named-group', close === -1 ? i + 3 : close + 1, close === -1 ? undefined : p.slice(i + 3, close));
    }
    if (a === 'P') {
      if (b === '<') {
        this.depth++;
        const close = this.find('>', i + 4);
        return close === -1 ? i + 4 : close + 1;
      }
      if (b === '=' || b === '>') {
        const close = this.find(')', i + 4);
        const end = close === -1 ? i + 4 : close + 1;
        this.add(b === '=' ? 'named-backreference' : 'recursion', i, end, close === -1 ? undefined : p.slice(i + 4, close));
        this.canRepeat = true;
        return end;
      }
    }
    if (a === '>') return open('atomic-group', i + 3);
    if (a === '|') return open('branch-reset', i + 3);
    if (a === '(') {
      const close = this.find(')', i + 3);
      return open('conditional', close === -1 ? i + 3 : close + 1);
    }
    if (a === '#') {
      // PCRE comments end at the first `)`; nothing inside is special.
      const close = this.find(')', i + 3);
      const end = close === -1 ? p.length : close + 1;
      this.add('comment-group', i, end);
      return end;
    }
    if (a === 'R' || a === '&' || isDigit(a) || ((a === '+' || a === '-') && isDigit(b))) {
      const close = this.find(')', i + 2);
      const end = close === -1 ? i + 3 : close + 1;
      this.add('recursion', i, end);
      this.canRepeat = true;
      return end;
    }
    // Inline flags: RE2 knows i, m, s and U (and `-` to clear them).
    let j = i + 2;
    let bad = '';
    while (j < p.length && (isAsciiLetter(p[j]) || p[j] === '-' || p[j] === '^')) {
      if (!'imsU-'.includes(p[j])) bad += p[j];
      j++;
    }
    if (p[j] === ')' || p[j] === ':') {
      const scoped = p[j] === ':';
      if (bad) this.add('inline-flag', i, j + 1, bad);
      if (scoped) this.depth++;
      return j + 1;
    }
    this.depth++;
    return i + 2;
  }
}

/** Every PCRE/JS/Java-only or differently-read construct in `pattern`, in pattern order. */
export function scanPattern(pattern: string): ScanFinding[] {
  return new Scanner(pattern).run();
}
