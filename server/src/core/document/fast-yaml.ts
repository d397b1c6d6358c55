/**
 * A fast path for the YAML that big generated files are made of (`helm template`,
 * `kustomize build`): block mappings and sequences, one-line plain and quoted scalars,
 * literal block scalars, one-line flow sequences of scalars and empty flow mappings,
 * leading comments. It builds the very nodes `yaml`'s composer builds — same classes,
 * values, ranges, `type`, `source`, `spaceBefore`, `commentBefore` — roughly ten times
 * faster, because it skips the lexer → CST → composer pipeline.
 *
 * It gives up (returns undefined) on anything outside that subset or anything that could
 * be an error: trailing or inner comments, anchors, aliases, tags, tabs, CR, multi-line
 * plain or quoted scalars, folded scalars, quoted keys, duplicate keys, bad indentation.
 * The caller then runs `yaml` itself, so errors and exotic input keep `yaml`'s exact
 * behaviour. A document accepted here is one `yaml` parses without errors or warnings;
 * `fast-yaml.test.ts` checks the equivalence node by node on the benchmark corpus, on
 * hand-written edge cases and on random mutations.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, type Schema } from 'yaml';

/** The options `parseChunk` gives `yaml`; the fast path must agree with them. */
export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

type Node = Scalar | YAMLMap | YAMLSeq;
type Range = [number, number, number];

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** Thrown (never escapes `fastParse`) when the input leaves the supported subset. */
const GIVE_UP: unique symbol = Symbol('give up');

const NL = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/** Characters no supported document contains anywhere (tabs, CR, other controls, BOM, NEL, LS, PS). */
const UNSUPPORTED_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** A document marker after the first line: only the splitter's input has those. */
const INNER_MARKER = /\n(?:---|\.\.\.)(?=[ \n]|$)/;

/** First characters a plain scalar may not start with in block context (handled ones included). */
const BLOCK_INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
/** Characters a supported plain scalar inside `[...]` may not contain. */
const FLOW_FORBIDDEN = new Set([...'[]{}#&*!|>\'"%@`']);

/**
 * The tests of `yaml`'s core schema (null, bool, int, float), in order. When the schema has
 * exactly these, a plain scalar can only resolve to a non-string if it starts with a digit,
 * a sign, a dot or `~`, or is a four- or five-letter null/true/false spelling; everything
 * else is a string without trying the tests. A different schema disables that shortcut.
 */
const CORE_TESTS = [
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
];
const CORE_SHORTCUT = (() => {
  const tags = new Document(undefined, PARSE_OPTIONS).schema.tags as unknown as ScalarTag[];
  const tests = tags.filter((t) => t.default === true && t.test).map((t) => t.test!.source);
  return tests.length === CORE_TESTS.length && tests.every((t, i) => t === CORE_TESTS[i]) && tags.every((t) => t.default !== 'key');
})();

/** Whether a plain scalar may resolve to something other than a string (see CORE_TESTS). */
function mayBeTyped(value: string): boolean {
  if (!CORE_SHORTCUT || value === '') return true;
  const c = value.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x7e) return true; // 0-9 + - . ~
  if (c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54) return value.length === 4; // n N t T: null, true
  if (c === 0x66 || c === 0x46) return value.length === 5; // f F: false
  return false;
}

/**
 * `yaml` tags every node with a non-enumerable own property (`Symbol.for('yaml.node.type')`)
 * set by `Object.defineProperty` in its constructors, which is most of the cost of building
 * a node. Here the tag sits on a prototype between the node and its class instead: the node
 * is still an instance of that class, `isScalar`/`isMap`/… answer the same, and its own
 * enumerable properties are exactly the ones the composer sets.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const tagged = <T extends object>(proto: T, type: string): T => Object.create(proto, { [NODE_TYPE]: { value: Symbol.for(type) } }) as T;
const SCALAR_PROTO = tagged(Scalar.prototype, 'yaml.scalar');
const PAIR_PROTO = tagged(Pair.prototype, 'yaml.pair');
const MAP_PROTO = tagged(YAMLMap.prototype, 'yaml.map');
const SEQ_PROTO = tagged(YAMLSeq.prototype, 'yaml.seq');

/** Falls back to the constructors if a future `yaml` stops recognising tagged prototypes. */
const TAGGING_WORKS = isScalar(Object.create(SCALAR_PROTO)) && isPair(Object.create(PAIR_PROTO)) &&
  isMap(Object.create(MAP_PROTO)) && isSeq(Object.create(SEQ_PROTO));

function newScalar(value: unknown): Scalar {
  if (!TAGGING_WORKS) return new Scalar(value);
  const node = Object.create(SCALAR_PROTO) as Scalar;
  node.value = value;
  return node;
}

function newPair(key: Scalar, value: unknown): Pair {
  if (!TAGGING_WORKS) return new Pair(key, value);
  const pair = Object.create(PAIR_PROTO) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

/**
 * A collection as `yaml`'s constructor makes it: `schema` is a non-enumerable own property.
 * (Shared prototypes keep every map of every document on one hidden class, which keeps the
 * rules' property reads monomorphic.)
 */
function newCollection<T extends YAMLMap | YAMLSeq>(proto: T, schema: Schema, make: (schema: Schema) => T): T {
  if (!TAGGING_WORKS) return make(schema);
  const c = Object.create(proto) as T;
  Object.defineProperty(c, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
  c.items = [];
  return c;
}

const newMap = (schema: Schema) => newCollection(MAP_PROTO, schema, (s) => new YAMLMap(s));
const newSeq = (schema: Schema) => newCollection(SEQ_PROTO, schema, (s) => new YAMLSeq(s));

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

interface Peek {
  start: number;
  indent: number;
  blank: boolean;
}

function giveUp(): never {
  throw GIVE_UP;
}

class FastParser {
  private readonly n: number;
  private readonly tags: readonly ScalarTag[];
  /** Start of the first line not consumed yet. */
  private next = 0;
  /** Whether the last leaf read was an empty value (`yaml` then ends the document at it). */
  private lastEmpty = false;
  /** The result of the last `peek` (reused: read its fields before peeking again). */
  private readonly nx: Peek = { start: 0, indent: 0, blank: false };

  constructor(
    private readonly s: string,
    private readonly doc: Document.Parsed,
  ) {
    this.n = s.length;
    this.tags = doc.schema.tags as unknown as ScalarTag[];
  }

  parse(): void {
    const s = this.s;
    let p = 0;
    const marker = s.startsWith('---');
    if (marker) {
      if (s.charCodeAt(3) !== NL) giveUp();
      p = 4;
    }
    const comments: string[] = [];
    while (p < this.n && s.charCodeAt(p) === HASH) {
      const eol = this.eol(p);
      const text = s.slice(p + 1, eol);
      if (!text || eol >= this.n) giveUp();
      comments.push(text);
      p = eol + 1;
    }
    if (p >= this.n || s.charCodeAt(p) === SPACE || s.charCodeAt(p) === NL) giveUp();
    const root = this.map(p, 0);
    // Only empty lines may follow the root mapping.
    for (let i = this.next; i < this.n; i++) if (s.charCodeAt(i) !== NL) giveUp();
    const doc = this.doc;
    doc.contents = root as never;
    if (marker) doc.directives.docStart = true;
    if (comments.length) {
      if (marker) root.commentBefore = comments.join('\n');
      else (root.items[0].key as Scalar).commentBefore = comments.join('\n');
    }
    // Line breaks after a trailing empty value belong to it in `yaml`'s CST, not to the document end.
    doc.range = [marker ? 0 : p, root.range![2], this.lastEmpty ? root.range![2] : this.n];
  }

  /** End of the line holding `p` (index of its newline, or the text length). */
  private eol(p: number): number {
    const i = this.s.indexOf('\n', p);
    return i === -1 ? this.n : i;
  }

  private indentOf(lineStart: number): number {
    let i = lineStart;
    while (this.s.charCodeAt(i) === SPACE) i++;
    return i - lineStart;
  }

  /**
   * Finds the next line with content from `p` (a line start): sets `nx.start` (the text
   * length when there is none), `nx.indent` and `nx.blank` (empty lines came first).
   */
  private peek(p: number): Peek {
    const s = this.s;
    const nx = this.nx;
    nx.blank = false;
    while (p < this.n && s.charCodeAt(p) === NL) {
      p++;
      nx.blank = true;
    }
    nx.start = p;
    nx.indent = 0;
    if (p >= this.n) {
      nx.start = this.n;
      return nx;
    }
    const indent = this.indentOf(p);
    const c = s.charCodeAt(p + indent);
    // Lines of spaces only, and comment lines: `yaml` attaches these in ways not modelled here.
    if (c === NL || Number.isNaN(c) || c === HASH) giveUp();
    nx.indent = indent;
    return nx;
  }

  private isDash(p: number): boolean {
    if (this.s.charCodeAt(p) !== DASH) return false;
    const c = this.s.charCodeAt(p + 1);
    return c === SPACE || c === NL || p + 1 >= this.n;
  }

  private scalar(value: string, range: Range, type: Scalar.Type, plain: boolean, atKey: boolean): Scalar {
    let tag: ScalarTag | undefined;
    if (plain && mayBeTyped(value)) {
      tag = this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(value));
    }
    let node: Scalar;
    if (tag) {
      const res = tag.resolve(value, giveUp, this.doc.options);
      node = isScalar(res) ? res : newScalar(res);
    } else node = newScalar(value);
    node.range = range;
    node.source = value;
    node.type = type;
    if (tag?.format) node.format = tag.format;
    return node;
  }

  /** A block mapping whose first key starts at `p`, in column `indent`. */
  private map(p: number, indent: number): YAMLMap {
    const map = newMap(this.doc.schema);
    const items = map.items as Pair[];
    let seen: Set<unknown> | undefined;
    const start = p;
    let end = p;
    let spaceBefore = false;
    for (;;) {
      const key = this.key(p);
      // Duplicate keys are a `yaml` error: leave them to `yaml`. (Big maps switch to a set.)
      if (seen) {
        if (seen.has(key.value)) giveUp();
        seen.add(key.value);
      } else {
        for (let i = 0; i < items.length; i++) if ((items[i].key as Scalar).value === key.value) giveUp();
        if (items.length >= 32) seen = new Set(items.map((it) => (it.key as Scalar).value).concat([key.value]));
      }
      if (spaceBefore) key.spaceBefore = true;
      const value = this.value(key.range![1] + 1, indent, false);
      items.push(newPair(key, value));
      end = value.range![2];
      const nx = this.peek(this.next);
      if (nx.start >= this.n || nx.indent < indent) break;
      if (nx.indent > indent || this.isDash(nx.start + nx.indent)) giveUp();
      spaceBefore = nx.blank;
      p = nx.start + nx.indent;
    }
    map.range = [start, end, end];
    return map;
  }

  /** A plain key from `p` up to its `:` (which must be followed by a space or the line end). */
  private key(p: number): Scalar {
    const s = this.s;
    const c0 = s[p];
    if (BLOCK_INDICATORS.has(c0) || c0 === ' ') giveUp();
    const eol = this.eol(p);
    let colon = -1;
    for (let i = p; i < eol; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON) {
        const after = s.charCodeAt(i + 1);
        if (after === SPACE || after === NL || i + 1 >= this.n) {
          colon = i;
          break;
        }
      } else if (c === HASH && s.charCodeAt(i - 1) === SPACE) giveUp();
      else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2c) giveUp(); // [ ] { } ,
    }
    if (colon <= p || s.charCodeAt(colon - 1) === SPACE || colon - p > 1000) giveUp();
    const text = s.slice(p, colon);
    if (text === '<<') giveUp();
    return this.scalar(text, [p, colon, colon], 'PLAIN', true, true);
  }

  /**
   * The value after a key's `:` or a sequence item's `-` at `p`. `indent` is the column of
   * the mapping's keys or of the dash; `inSeq` says which.
   */
  private value(p: number, indent: number, inSeq: boolean): Node {
    const s = this.s;
    let q = p;
    while (s.charCodeAt(q) === SPACE) q++;
    if (q >= this.n || s.charCodeAt(q) === NL) {
      const after = q >= this.n ? this.n : q + 1;
      const { start, indent: inner, blank } = this.peek(after);
      if (start < this.n) {
        const at = start + inner;
        const dash = this.isDash(at);
        if (inner > indent || (!inSeq && inner === indent && dash)) {
          if (inSeq && blank) giveUp();
          const node = dash ? this.seq(at, inner) : this.map(at, inner);
          if (blank) node.spaceBefore = true;
          return node;
        }
      }
      // Where `yaml` puts the blank lines after an empty value depends on what follows: decline.
      if (blank) giveUp();
      this.next = after;
      this.lastEmpty = true;
      return this.scalar('', [q, q, q], 'PLAIN', true, false);
    }
    this.lastEmpty = false;
    const c = s[q];
    let node: Node;
    let lineEnd: number;
    if (c === '|') return this.literal(q, indent);
    if (c === '"' || c === "'") [node, lineEnd] = this.quoted(q);
    else if (c === '[' || c === '{') [node, lineEnd] = this.flow(q);
    else if (BLOCK_INDICATORS.has(c) && !((c === '-' || c === '?' || c === ':') && !this.isSpaceOrEnd(q + 1))) giveUp();
    else {
      const eol = this.eol(q);
      const colon = this.mappingColon(q, eol);
      if (colon !== -1) {
        // `- key: value`: a mapping inside a sequence item; anywhere else an error.
        if (!inSeq) giveUp();
        return this.map(q, q - (s.lastIndexOf('\n', q) + 1));
      }
      let e = eol;
      while (s.charCodeAt(e - 1) === SPACE) e--;
      const text = s.slice(q, e);
      node = this.scalar(text, [q, e, eol < this.n ? eol + 1 : eol], 'PLAIN', true, false);
      lineEnd = eol;
    }
    // A more indented line after a one-line value would continue it (or be an error).
    const after = lineEnd < this.n ? lineEnd + 1 : this.n;
    const nx = this.peek(after);
    if (nx.start < this.n && nx.indent > indent) giveUp();
    this.next = after;
    return node;
  }

  private isSpaceOrEnd(p: number): boolean {
    return p >= this.n || this.s.charCodeAt(p) === SPACE || this.s.charCodeAt(p) === NL;
  }

  /** Index of a `: ` (mapping indicator) in the plain text [q, eol), -1 if none; gives up on comments. */
  private mappingColon(q: number, eol: number): number {
    const s = this.s;
    for (let i = q; i < eol; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON && (i + 1 >= eol || s.charCodeAt(i + 1) === SPACE)) return i;
      if (c === HASH && s.charCodeAt(i - 1) === SPACE) giveUp();
    }
    return -1;
  }

  /** A block sequence whose first dash is at `p`, in column `indent`. */
  private seq(p: number, indent: number): YAMLSeq {
    const seq = newSeq(this.doc.schema);
    const start = p;
    let end = p;
    let spaceBefore = false;
    for (;;) {
      const item = this.value(p + 1, indent, true);
      if (spaceBefore) item.spaceBefore = true;
      seq.items.push(item);
      end = item.range![2];
      const nx = this.peek(this.next);
      if (nx.start >= this.n || nx.indent < indent) break;
      if (nx.indent > indent) giveUp();
      if (!this.isDash(nx.start + nx.indent)) break;
      spaceBefore = nx.blank;
      p = nx.start + nx.indent;
    }
    seq.range = [start, end, end];
    return seq;
  }

  /** A one-line quoted scalar at `q`; returns it and the end of its line. */
  private quoted(q: number): [Scalar, number] {
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
          const rep = DQ_ESCAPES[s[i + 1]];
          if (rep === undefined) giveUp();
          value += s.slice(from, i) + rep;
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
    const node = this.scalar(value, [q, close, j < this.n ? j + 1 : j], double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', false, false);
    return [node, j];
  }

  /** `[a, "b", c]`, `[]` or `{}` on one line at `q`; returns it and the end of its line. */
  private flow(q: number): [YAMLSeq | YAMLMap, number] {
    const s = this.s;
    const bracket = s[q] === '[';
    const node = bracket ? newSeq(this.doc.schema) : newMap(this.doc.schema);
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
    return [node, j];
  }

  /** One scalar item of a flow sequence at `i`; its range ends at the `,` or `]` after it. */
  private flowItem(i: number): Scalar {
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
  private closingQuote(i: number): number {
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
  private literal(q: number, indent: number): Scalar {
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

/**
 * Parses one YAML document the way `parseDocument(text, PARSE_OPTIONS)` would, or returns
 * undefined when the text is outside the supported subset.
 */
export function fastParse(text: string): Document.Parsed | undefined {
  if (UNSUPPORTED_CHARS.test(text) || INNER_MARKER.test(text) || text.startsWith('...')) return undefined;
  const doc = new Document(undefined, PARSE_OPTIONS) as Document.Parsed;
  try {
    new FastParser(text, doc).parse();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
  return doc;
}
