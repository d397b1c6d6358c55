/**
 * Turns an engine's error (which names the offending text but not where it is) into a
 * position in the pattern. Both RE2 and Go report the token they stopped at; the same text
 * can occur several times, so candidates are confirmed by compiling the pattern up to and
 * including the candidate: parsing is left to right, so the prefix that ends with the real
 * culprit fails with the same error.
 */

export interface Location {
  offset: number;
  length: number;
}

/** End (exclusive) of the `\Q…\E` quote whose backslash is at i; an unclosed quote runs to the end. */
export function quoteEnd(p: string, i: number): number {
  const end = p.indexOf('\\E', i + 2);
  return end === -1 ? p.length : end + 2;
}

/**
 * Unbalanced parentheses as RE2 tokenises them (escapes, `\Q…\E` and classes skipped), and a
 * bracket expression left open at the end (`openBracket`).
 */
export function parenProblems(p: string): { unclosed?: number; unexpected?: number; openBracket?: number } {
  const open: number[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      i = p[i + 1] === 'Q' ? quoteEnd(p, i) : i + 2;
    } else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') {
        if (p[j] === '\\') j += 2;
        else if (p[j] === '[' && p[j + 1] === ':') {
          const end = p.indexOf(':]', j + 2);
          j = end === -1 ? j + 1 : end + 2;
        } else j++;
      }
      if (j >= p.length) return open.length ? { unclosed: open[open.length - 1], openBracket: i } : { openBracket: i };
      i = j + 1;
    } else if (c === '(') {
      open.push(i++);
    } else if (c === ')') {
      if (!open.length) return { unexpected: i };
      open.pop();
      i++;
    } else i++;
  }
  return open.length ? { unclosed: open[open.length - 1] } : {};
}

/**
 * First occurrence of `token` whose prefix reproduces the error (at most `maxTries`
 * confirmations; falls back to the first occurrence). A prefix must still fail the same way
 * with one more character: one that cuts a longer token (the `\x` of `\x41`) fails only
 * because it is cut. A token that occurs once needs no confirmation.
 */
export function locateToken(pattern: string, token: string, reproduces: (prefix: string) => boolean, maxTries = 6): Location | undefined {
  if (!token) return undefined;
  const first = pattern.indexOf(token);
  if (first === -1) return undefined;
  if (pattern.indexOf(token, first + 1) === -1) return { offset: first, length: token.length };
  let tries = 0;
  for (let i = first; i !== -1; i = pattern.indexOf(token, i + 1)) {
    if (tries++ >= maxTries) break;
    const end = i + token.length;
    if (reproduces(pattern.slice(0, end)) && (end === pattern.length || reproduces(pattern.slice(0, end + 1)))) return { offset: i, length: token.length };
  }
  return { offset: first, length: token.length };
}

/** Maps offsets of a rewritten pattern back to the pattern as written. */
export interface Rewritten {
  text: string;
  /** Rewritten index -> original index of the first source character behind it. */
  toOriginal(index: number): number;
  /** Rewritten index -> original index just past the source behind it (for range ends). */
  toOriginalEnd(index: number): number;
}

export function identity(text: string): Rewritten {
  return { text, toOriginal: (i) => i, toOriginalEnd: (i) => i + 1 };
}

/**
 * Builds a rewrite from pieces of the source (kept verbatim) and replacements, remembering
 * for every piece where it came from. Pieces, not characters, so long patterns stay cheap.
 */
export class RewriteBuilder {
  private readonly parts: string[] = [];
  /** Rewritten start, original start, length, and whether characters map one to one. */
  private readonly segs: Array<{ r: number; o: number; len: number; oEnd: number }> = [];
  private length = 0;
  constructor(private readonly source: string) {}

  private push(text: string, o: number, oEnd: number): void {
    if (!text) return;
    this.parts.push(text);
    this.segs.push({ r: this.length, o, len: text.length, oEnd });
    this.length += text.length;
  }
  keep(start: number, end: number): void {
    if (end > start) this.push(this.source.slice(start, end), start, end);
  }
  /** Inserts text that has no counterpart in the source; it maps to `at`. */
  insert(at: number, text: string): void {
    this.push(text, at, at);
  }
  /** Replaces source[start, end) by `by`: its first character maps to `start`, its last to `end - 1`. */
  replace(start: number, end: number, by: string): void {
    this.push(by, start, end);
  }
  done(): Rewritten {
    const text = this.parts.join('');
    const segs = this.segs;
    const n = this.source.length;
    const find = (i: number) => {
      let lo = 0;
      let hi = segs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segs[mid].r <= i) lo = mid;
        else hi = mid - 1;
      }
      return segs[lo];
    };
    const toOriginal = (i: number): number => {
      if (i < 0) return 0;
      if (i >= text.length) return n;
      const s = find(i);
      const k = i - s.r;
      if (s.oEnd - s.o === s.len) return s.o + k;
      return Math.min(s.o + k, Math.max(s.o, s.oEnd - 1));
    };
    const toOriginalEnd = (i: number): number => {
      if (i < 0) return 0;
      if (i >= text.length) return n;
      const s = find(i);
      const k = i - s.r;
      if (s.oEnd - s.o === s.len) return s.o + k + 1;
      // The last character of a replacement stands for the rest of what it replaced.
      return k === s.len - 1 ? Math.max(s.oEnd, s.o + 1) : Math.min(s.o + k + 1, Math.max(s.oEnd, s.o + 1));
    };
    return { text, toOriginal, toOriginalEnd };
  }
}
