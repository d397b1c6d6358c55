/**
 * The scalar side of the fast YAML path: one-line quoted scalars, one-line flow sequences,
 * literal block scalars, and how every scalar gets its value (the same tag resolution as
 * `yaml`). `FastParser` (fast-yaml.ts) adds the block structure on top.
 */
import { YAMLParseError, isScalar, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { newMap, newScalar, newSeq, plainTag } from './fast-yaml-nodes';

export type Range = [number, number, number];

/** Thrown (never escapes `fastParse`) when the input leaves the supported subset. */
export const GIVE_UP: unique symbol = Symbol('give up');

const NL = 10;
const SPACE = 32;

/** Characters a supported plain scalar inside `[...]` may not contain. */
const FLOW_FORBIDDEN = new Set([...'[]{}#&*!|>\'"%@`']);

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/**
 * What may follow a backslash in a double-quoted scalar besides `DQ_ESCAPES`: the rest of
 * YAML's escapes (`\N \_ \L \P`, code points), and a line break. Left to `yaml`; any other
 * character is an invalid escape, reported here exactly as `yaml` reports it.
 */
const DQ_ESCAPES_LEFT_TO_YAML = new Set(['N', '_', 'L', 'P', 'x', 'u', 'U', '\n']);

export function giveUp(): never {
  throw GIVE_UP;
}

/** Reads scalars out of one document's text; subclasses read the structure around them. */
export abstract class ScalarReader {
  protected readonly n: number;
  /** Start of the first line not consumed yet. */
  protected next = 0;
  /** End of the line of the last one-line value read (`quoted`, `flow`, plain scalars). */
  protected lineEnd = 0;

  constructor(
    protected readonly s: string,
    protected readonly doc: Document.Parsed,
  ) {
    this.n = s.length;
  }

  /**
   * Records an error the way `yaml`'s composer does (same class, code, message and one-
   * character position), in the order it would: the errors yaml-syntax reports most (an
   * invalid escape, a duplicate key) need not send the whole document through `yaml`.
   */
  protected error(at: number, code: 'BAD_DQ_ESCAPE' | 'DUPLICATE_KEY', message: string): void {
    this.doc.errors.push(new YAMLParseError([at, at + 1], code, message));
  }

  /** End of the line holding `p` (index of its newline, or the text length). */
  protected eol(p: number): number {
    const i = this.s.indexOf('\n', p);
    return i === -1 ? this.n : i;
  }

  protected indentOf(lineStart: number): number {
    let i = lineStart;
    while (this.s.charCodeAt(i) === SPACE) i++;
    return i - lineStart;
  }

  protected scalar(value: string, range: Range, type: Scalar.Type, plain: boolean, atKey: boolean): Scalar {
    const tag = plain ? plainTag(value, atKey) : undefined;
    let node: Scalar;
    if (tag) {
      const res = tag.resolve(value, giveUp, this.doc.options);
      if (isScalar(res)) {
        node = res;
        node.range = range;
        node.source = value;
        node.type = type;
      } else node = newScalar(res, range, value, type);
    } else node = newScalar(value, range, value, type);
    if (tag?.format) node.format = tag.format;
    return node;
  }

  /** A one-line quoted scalar at `q`; sets `lineEnd`. */
  protected quoted(q: number): Scalar {
    const s = this.s;
    const double = s[q] === '"';
    let value = '';
    let i = q + 1;
    let from = i;
    for (;;) {
      if (i >= this.n) giveUp();
      const c = s[i];
      if (c === '\n') giveUp();
      if (double) {
        if (c === '"') break;
        if (c === '\\') {
          const next = s[i + 1];
          const rep = DQ_ESCAPES[next];
          if (rep !== undefined) value += s.slice(from, i) + rep;
          else if (next === undefined || DQ_ESCAPES_LEFT_TO_YAML.has(next)) giveUp();
          else {
            // `yaml` keeps an invalid escape as written, backslash included (`"\*"` is `\*`).
            this.error(i, 'BAD_DQ_ESCAPE', `Invalid escape sequence \\${next}`);
            value += s.slice(from, i + 2);
          }
          i += 2;
          from = i;
          continue;
        }
      } else if (c === "'") {
        if (s[i + 1] !== "'") break;
        value += s.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    value += s.slice(from, i);
    const close = i + 1;
    let j = close;
    while (s.charCodeAt(j) === SPACE) j++;
    if (j < this.n && s.charCodeAt(j) !== NL) giveUp();
    this.lineEnd = j;
    return this.scalar(value, [q, close, j < this.n ? j + 1 : j], double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', false, false);
  }

  /** `[a, "b", c]`, `[]` or `{}` on one line at `q`; sets `lineEnd`. */
  protected flow(q: number): YAMLSeq | YAMLMap {
    const s = this.s;
    const bracket = s[q] === '[';
    const node = bracket ? newSeq() : newMap();
    node.flow = true;
    let i = q + 1;
    const skip = () => {
      while (s.charCodeAt(i) === SPACE) i++;
    };
    skip();
    if (s[i] !== (bracket ? ']' : '}')) {
      if (!bracket) giveUp();
      for (;;) {
        const item = this.flowItem(i);
        i = item.range![2];
        (node as YAMLSeq).items.push(item);
        if (s[i] === ']') break;
        if (s[i] !== ',') giveUp();
        i++;
        skip();
        if (s[i] === ']') giveUp();
      }
    }
    const close = i + 1;
    let j = close;
    while (s.charCodeAt(j) === SPACE) j++;
    if (j < this.n && s.charCodeAt(j) !== NL) giveUp();
    node.range = [q, close, j < this.n ? j + 1 : j];
    this.lineEnd = j;
    return node;
  }

  /** One scalar item of a flow sequence at `i`; its range ends at the `,` or `]` after it. */
  protected flowItem(i: number): Scalar {
    const s = this.s;
    const c = s[i];
    if (c === '"' || c === "'") {
      // Reuse the block reader on a virtual line: find the closing quote first.
      const close = this.closingQuote(i);
      let j = close;
      while (s.charCodeAt(j) === SPACE) j++;
      if (s[j] !== ',' && s[j] !== ']') giveUp();
      const text = s.slice(i + 1, close - 1);
      let value: string;
      if (c === "'") value = text.replace(/''/g, "'");
      else {
        if (text.includes('\\')) giveUp();
        value = text;
      }
      return this.scalar(value, [i, close, j], c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', false, false);
    }
    if (c === '-' || c === '?' || c === ':' || FLOW_FORBIDDEN.has(c) || c === ',' || c === ' ' || c === '\n') giveUp();
    let j = i;
    while (j < this.n) {
      const d = s[j];
      if (d === ',' || d === ']') break;
      if (d === '\n' || FLOW_FORBIDDEN.has(d) || (d === ':' && (s[j + 1] === ' ' || s[j + 1] === ',' || s[j + 1] === ']'))) giveUp();
      j++;
    }
    let e = j;
    while (s.charCodeAt(e - 1) === SPACE) e--;
    return this.scalar(s.slice(i, e), [i, e, j], 'PLAIN', true, false);
  }

  /** Index just past the quote closing the one-line quoted scalar at `i`. */
  protected closingQuote(i: number): number {
    const s = this.s;
    const q = s[i];
    for (let j = i + 1; j < this.n; j++) {
      const c = s[j];
      if (c === '\n') giveUp();
      if (c === q) {
        if (q === "'" && s[j + 1] === "'") {
          j++;
          continue;
        }
        return j + 1;
      }
    }
    return giveUp();
  }

  /** A literal block scalar (`|`, `|-`, `|+`) whose indicator is at `q`, under a parent at column `indent`. */
  protected literal(q: number, indent: number): Scalar {
    const s = this.s;
    let h = q + 1;
    const chomp = s[h] === '-' || s[h] === '+' ? s[h++] : '';
    while (s.charCodeAt(h) === SPACE) h++;
    if (s.charCodeAt(h) !== NL) giveUp();
    let p = h + 1;
    let contentIndent = -1;
    let value = '';
    let pendingEmpty = 0;
    let contentEnd = p;
    while (p < this.n) {
      if (s.charCodeAt(p) === NL) {
        pendingEmpty++;
        p++;
        continue;
      }
      const ind = this.indentOf(p);
      const c = s.charCodeAt(p + ind);
      if (c === NL || p + ind >= this.n) giveUp();
      if (contentIndent === -1) {
        if (ind <= indent) giveUp();
        contentIndent = ind;
      }
      if (ind < contentIndent) {
        if (ind > indent) giveUp();
        break;
      }
      const eol = this.eol(p);
      if (eol >= this.n) giveUp();
      value += '\n'.repeat(pendingEmpty) + s.slice(p + contentIndent, eol) + '\n';
      pendingEmpty = 0;
      p = eol + 1;
      contentEnd = p;
    }
    if (contentIndent === -1) giveUp();
    let end = contentEnd;
    if (chomp === '-') value = value.slice(0, -1);
    else if (chomp === '+') {
      value += '\n'.repeat(pendingEmpty);
      end = contentEnd + pendingEmpty;
    }
    this.next = end;
    return this.scalar(value, [q, end, end], 'BLOCK_LITERAL', false, false);
  }
}
