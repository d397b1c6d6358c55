/**
 * Maps indices of a decoded YAML scalar value back to offsets in the document text, so a
 * regex finding underlines the exact source characters of the offending token even when
 * the value was quoted, escaped, folded over lines or written as a block scalar.
 *
 * The decoders below mirror the `yaml` library's own scalar resolution (same folding and
 * escape rules) while recording, for every produced code unit, the source range it came
 * from. If a decode ever disagrees with the value `yaml` produced, the map degrades to a
 * clamped linear guess rather than pointing somewhere absurd.
 */
import type { Span } from '../types';
import type { ScalarStyle } from './site';

export interface SourceMap {
  /** Index into the value (0..length) -> document offset; `length` maps just past the last source char. */
  toSource(index: number): number;
  /** Source range covering value[start, end) (an empty range sits at toSource(start)). */
  sourceSpan(start: number, end: number): Span;
  /** False when the decode disagreed with the parser's value and the map is only approximate. */
  readonly exact: boolean;
}

/** Per produced code unit: source start and end (document offsets). */
interface Decoded {
  value: string;
  starts: number[];
  ends: number[];
}

class Builder {
  value = '';
  starts: number[] = [];
  ends: number[] = [];
  push(chars: string, start: number, end: number): void {
    for (let i = 0; i < chars.length; i++) {
      this.value += chars[i];
      this.starts.push(start);
      this.ends.push(end);
    }
  }
  done(): Decoded {
    return { value: this.value, starts: this.starts, ends: this.ends };
  }
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * Line folding shared by plain and single-quoted scalars: a single line break becomes a
 * space, each further empty line a newline; whitespace around breaks is dropped.
 * `from`/`to` are document offsets of the scalar's content (quotes excluded).
 */
function unfold(text: string, from: number, to: number, single: boolean): Decoded {
  const b = new Builder();
  // Emit one line's content [s, e), turning '' into ' ' in single-quoted scalars.
  const emit = (s: number, e: number) => {
    for (let i = s; i < e; i++) {
      if (single && text[i] === "'" && text[i + 1] === "'" && i + 1 < e) {
        b.push("'", i, i + 2);
        i++;
      } else b.push(text[i], i, i + 1);
    }
  };
  const lines: Array<{ s: number; e: number; brk: number }> = [];
  let s = from;
  for (let i = from; i < to; i++) {
    if (text[i] === '\n') {
      const e = i > s && text[i - 1] === '\r' ? i - 1 : i;
      lines.push({ s, e, brk: e });
      s = i + 1;
    }
  }
  if (!lines.length) {
    emit(from, to);
    return b.done();
  }
  const trimEnd = (ls: number, le: number) => {
    while (le > ls && isBlank(text[le - 1])) le--;
    return le;
  };
  const trimStart = (ls: number, le: number) => {
    while (ls < le && isBlank(text[ls])) ls++;
    return ls;
  };
  const first = lines[0];
  emit(first.s, trimEnd(first.s, first.e));
  let sep = ' ';
  let sepAt = first.brk;
  for (let k = 1; k < lines.length; k++) {
    const { s: ls0, e: le0, brk } = lines[k];
    const ls = trimStart(ls0, le0);
    const le = trimEnd(ls, le0);
    if (ls === le) {
      if (sep === '\n') b.push('\n', brk, brk + 1);
      else sep = '\n';
    } else {
      b.push(sep, sepAt, sepAt + 1);
      emit(ls, le);
      sep = ' ';
      sepAt = brk;
    }
  }
  b.push(sep, sepAt, sepAt + 1);
  emit(trimStart(s, to), to);
  return b.done();
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** Double-quoted scalar; `from`/`to` include the quotes. */
function doubleQuoted(text: string, from: number, to: number): Decoded {
  const b = new Builder();
  const last = text[to - 1] === '"' && to - from > 1 ? to - 1 : to;
  for (let i = from + 1; i < last; i++) {
    const ch = text[i];
    if (ch === '\r' && text[i + 1] === '\n') continue;
    if (ch === '\n') {
      let fold = '';
      let j = i;
      let c = text[j + 1];
      while (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        if (c === '\r' && text[j + 2] !== '\n') break;
        if (c === '\n') fold += '\n';
        j++;
        c = text[j + 1];
      }
      b.push(fold || ' ', i, i + 1);
      i = j;
    } else if (ch === '\\') {
      const next = text[i + 1];
      const simple = DQ_ESCAPES[next];
      if (simple !== undefined) {
        b.push(simple, i, i + 2);
        i++;
      } else if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        i += next === '\r' ? 2 : 1;
        while (isBlank(text[i + 1])) i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const n = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = text.substr(i + 2, n);
        const code = hex.length === n && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        let out: string;
        try {
          out = String.fromCodePoint(code);
        } catch {
          out = text.substr(i, n + 2);
        }
        b.push(out, i, i + 2 + n);
        i += n + 1;
      } else {
        // Not a YAML escape: the parser keeps both characters (and yaml-syntax reports it).
        b.push(ch, i, i + 1);
        if (next !== undefined && i + 1 < last) b.push(next, i + 1, i + 2);
        i++;
      }
    } else if (isBlank(ch)) {
      const ws = i;
      while (isBlank(text[i + 1])) i++;
      const after = text[i + 1];
      if (after !== '\n' && !(after === '\r' && text[i + 2] === '\n')) {
        for (let k = ws; k <= i; k++) b.push(text[k], k, k + 1);
      }
    } else {
      b.push(ch, i, i + 1);
    }
  }
  return b.done();
}

/**
 * Block scalar (`|`, `>`, with chomping/indentation indicators). The content indentation
 * depends on the parent's indentation, which the AST does not keep: candidates are tried
 * from the first content line's indentation down, and the one reproducing `expected` wins.
 */
function block(text: string, from: number, to: number, expected: string): Decoded | undefined {
  const headerEnd = text.indexOf('\n', from);
  if (headerEnd === -1 || headerEnd >= to) return undefined;
  const header = text.slice(from, headerEnd).replace(/\s*#.*$/, '').trim();
  const folded = header[0] === '>';
  const chomp = header.includes('-') ? '-' : header.includes('+') ? '+' : '';
  // Lines as [start of line, end of indentation, end of content (before \n)].
  const lines: Array<{ s: number; c: number; e: number }> = [];
  let s = headerEnd + 1;
  while (s <= to) {
    let nl = text.indexOf('\n', s);
    if (nl === -1 || nl > to) nl = to;
    let c = s;
    while (c < nl && text[c] === ' ') c++;
    lines.push({ s, c, e: nl });
    if (nl >= to) break;
    s = nl + 1;
  }
  const firstContent = lines.find((l) => l.e > l.c && !(l.e - l.c === 1 && text[l.c] === '\r'));
  const maxIndent = firstContent ? firstContent.c - firstContent.s : 0;
  for (let indent = maxIndent; indent >= 0; indent--) {
    const d = decodeBlock(text, lines, indent, folded, chomp);
    if (d.value === expected) return d;
  }
  return undefined;
}

function decodeBlock(
  text: string,
  lines: Array<{ s: number; c: number; e: number }>,
  trim: number,
  folded: boolean,
  chomp: string,
): Decoded {
  const b = new Builder();
  const contentOf = (l: { s: number; c: number; e: number }) => {
    const e = l.e > l.c && text[l.e - 1] === '\r' ? l.e - 1 : l.e;
    return { cs: l.c, ce: e };
  };
  const isEmpty = (l: { s: number; c: number; e: number }) => {
    const { cs, ce } = contentOf(l);
    return cs === ce;
  };
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (isEmpty(lines[i])) chompStart = i;
    else break;
  }
  if (chompStart === 0) return b.done();
  let contentStart = 0;
  while (contentStart < chompStart && isEmpty(lines[contentStart])) contentStart++;
  for (let i = lines.length - 1; i >= chompStart; i--) if (lines[i].c - lines[i].s > trim) chompStart = i + 1;
  const emitRange = (a: number, z: number) => {
    for (let k = a; k < z; k++) b.push(text[k], k, k + 1);
  };
  for (let i = 0; i < contentStart; i++) {
    emitRange(lines[i].s + Math.min(trim, lines[i].c - lines[i].s), lines[i].c);
    b.push('\n', lines[i].e, lines[i].e + 1);
  }
  let sep = '';
  let sepAt = 0;
  let prevMore = false;
  for (let i = contentStart; i < chompStart; i++) {
    const l = lines[i];
    const { cs, ce } = contentOf(l);
    const indentLen = l.c - l.s;
    const indentFrom = l.s + Math.min(trim, indentLen);
    const pushSep = (x: string) => b.push(x, sepAt, sepAt + 1);
    if (!folded) {
      if (sep) pushSep(sep);
      emitRange(indentFrom, cs);
      emitRange(cs, ce);
      sep = '\n';
    } else if (indentLen > trim || text[cs] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMore && sep === '\n') sep = '\n\n';
      if (sep) pushSep(sep);
      emitRange(indentFrom, cs);
      emitRange(cs, ce);
      sep = '\n';
      prevMore = true;
    } else if (cs === ce) {
      if (sep === '\n') b.push('\n', l.s, l.s + 1);
      else sep = '\n';
    } else {
      if (sep) pushSep(sep);
      emitRange(cs, ce);
      sep = ' ';
      prevMore = false;
    }
    sepAt = l.e;
  }
  if (chomp === '+') {
    let at = sepAt;
    for (let i = chompStart; i < lines.length; i++) {
      b.push('\n', at, at + 1);
      emitRange(lines[i].s + Math.min(trim, lines[i].c - lines[i].s), lines[i].c);
      at = lines[i].e;
    }
    if (!b.value.endsWith('\n')) b.push('\n', at, at + 1);
  } else if (chomp !== '-') {
    b.push('\n', sepAt, sepAt + 1);
  }
  return b.done();
}

/** Decodes the scalar written at `span` of `text`; undefined if the decode cannot be trusted. */
export function decodeScalar(text: string, span: Span, style: ScalarStyle, expected: string): Decoded | undefined {
  const { start, end } = span;
  let d: Decoded | undefined;
  switch (style) {
    case 'PLAIN':
      d = unfold(text, start, end, false);
      break;
    case 'QUOTE_SINGLE': {
      const close = end - start > 1 && text[end - 1] === "'" ? end - 1 : end;
      d = unfold(text, start + 1, close, true);
      break;
    }
    case 'QUOTE_DOUBLE':
      d = doubleQuoted(text, start, end);
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      d = block(text, start, end, expected);
      break;
  }
  return d && d.value === expected ? d : undefined;
}

/** Where the content of a scalar starts (after the opening quote or block header). */
function contentStart(text: string, span: Span, style: ScalarStyle): number {
  if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') return Math.min(span.start + 1, span.end);
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', span.start);
    if (nl === -1 || nl >= span.end) return span.end;
    let i = nl + 1;
    while (i < span.end && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r')) i++;
    return i;
  }
  return span.start;
}

/**
 * Builds the map lazily: sites are collected for every parsed document, but only the few
 * with findings ever ask for a position.
 */
export function createSourceMap(text: string, span: Span, style: ScalarStyle, value: string): SourceMap {
  let decoded: Decoded | undefined;
  let tried = false;
  const get = () => {
    if (!tried) {
      tried = true;
      decoded = decodeScalar(text, span, style, value);
    }
    return decoded;
  };
  const base = contentStart(text, span, style);
  const limit = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' ? Math.max(base, span.end - 1) : span.end;
  const approx = (i: number) => Math.max(base, Math.min(base + i, limit));
  const toSource = (index: number): number => {
    const d = get();
    if (!d) return approx(index);
    const n = d.value.length;
    if (n === 0) return base;
    if (index <= 0) return d.starts[0];
    if (index >= n) return d.ends[n - 1];
    return d.starts[index];
  };
  return {
    toSource,
    sourceSpan(start: number, end: number): Span {
      const d = get();
      if (!d || end <= start || d.value.length === 0) {
        const at = toSource(start);
        return { start: at, end: d ? at : Math.max(at, approx(end)) };
      }
      const n = d.value.length;
      const s = d.starts[Math.max(0, Math.min(start, n - 1))];
      const e = d.ends[Math.max(0, Math.min(end, n) - 1)];
      return { start: s, end: Math.max(s, e) };
    },
    get exact() {
      return get() !== undefined;
    },
  };
}
