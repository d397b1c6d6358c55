/**
 * A fast path for the YAML that big generated files are made of (`helm template`,
 * `kustomize build`): block mappings and sequences, one-line plain and quoted scalars,
 * literal block scalars, one-line flow sequences of scalars and empty flow mappings,
 * leading comments. It builds the very nodes `yaml`'s composer builds — same classes,
 * values, ranges, `type`, `source`, `spaceBefore`, `commentBefore` — roughly ten times
 * faster, because it skips the lexer → CST → composer pipeline.
 *
 * Two errors it reports itself, exactly as `yaml` does (same tree, same error objects):
 * a duplicate key and an invalid escape in a double-quoted scalar, the YAML mistakes
 * yaml-syntax exists for (a regex pasted as `"\d+"`). Sending such a document through
 * `yaml` instead cost the first open of a 2,000-document file about 30 ms, most of it
 * `yaml`'s code running for the first time.
 *
 * It gives up (returns undefined) on anything outside that subset or anything that could
 * be another error: trailing or inner comments, anchors, aliases, tags, tabs, CR, multi-
 * line plain or quoted scalars, folded scalars, quoted keys, bad indentation. The caller
 * then runs `yaml` itself, so other errors and exotic input keep `yaml`'s exact behaviour.
 * A document accepted here is one `yaml` parses into the same tree with the same errors
 * and no warnings; `fast-yaml.test.ts` checks the equivalence node by node on the
 * benchmark corpus, on hand-written edge cases and on random mutations.
 */
import type { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { newDocument, newMap, newPair, newSeq } from './fast-yaml-nodes';
import { GIVE_UP, ScalarReader, giveUp } from './fast-yaml-scalars';

export { PARSE_OPTIONS } from './fast-yaml-nodes';

type Node = Scalar | YAMLMap | YAMLSeq;

// Character codes (local copies: an imported binding costs a property read per use when
// modules are loaded one by one, as in tests, and these sit in the innermost loops).
const NL = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/** Characters no supported document contains anywhere (tabs, CR, other controls, BOM, NEL, LS, PS). */
const UNSUPPORTED_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** A document marker after the first line: only the splitter's input has those. */
const INNER_MARKER = /\n(?:---|\.\.\.)(?=[ \n]|$)/;

const PIPE = 124;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const LBRACE = 123;
const QMARK = 63;

/** 1 for the ASCII codes in `chars`: a lookup table for the scanning loops. */
function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/** First characters a plain scalar may not start with in block context (handled ones included). */
const BLOCK_INDICATOR = charTable('-?:,[]{}#&*!|>\'"%@`');

/** Characters that end or break a plain key: its `:`, a comment's `#`, flow indicators, the line end. */
const KEY_STOP = charTable(':#[]{},\n');

interface Peek {
  start: number;
  indent: number;
  blank: boolean;
}

class FastParser extends ScalarReader {
  /** Whether the last leaf read was an empty value (`yaml` then ends the document at it). */
  private lastEmpty = false;
  /** The result of the last `peek` (reused: read its fields before peeking again). */
  private readonly nx: Peek = { start: 0, indent: 0, blank: false };
  /** Where the last `peek` started (`nx` holds its answer). */
  private peekedAt = -1;

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

  /**
   * Finds the next line with content from `p` (a line start): sets `nx.start` (the text
   * length when there is none), `nx.indent` and `nx.blank` (empty lines came first).
   */
  private peek(p: number): Peek {
    const nx = this.nx;
    // A value peeks at the line after it, then its collection peeks there again: once is enough.
    if (p === this.peekedAt) return nx;
    this.peekedAt = p;
    const s = this.s;
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

  /** A block mapping whose first key starts at `p`, in column `indent`. */
  private map(p: number, indent: number): YAMLMap {
    const map = newMap();
    const items = map.items as Pair[];
    let seen: Set<unknown> | undefined;
    const start = p;
    let end = p;
    let spaceBefore = false;
    for (;;) {
      const key = this.key(p);
      const k = key.value;
      // A duplicate key is reported as `yaml` reports it, and kept, as `yaml` keeps it. Its
      // test is `===` (a `.nan` key is never a duplicate); big maps switch to a set.
      let duplicate = false;
      if (seen) {
        duplicate = k === k && seen.has(k);
        seen.add(k);
      } else {
        for (let i = 0; i < items.length && !duplicate; i++) duplicate = (items[i].key as Scalar).value === k;
        if (items.length >= 32) seen = new Set(items.map((it) => (it.key as Scalar).value).concat([k]));
      }
      // `yaml` puts the error where the key's own tokens start: after an empty value, the
      // line break and indentation before the key belong to that value, so the error sits
      // where the value ended.
      if (duplicate) this.error(this.lastEmpty ? end : p, 'DUPLICATE_KEY', 'Map keys must be unique');
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
    const n = this.n;
    const c0 = s.charCodeAt(p);
    if (c0 === SPACE || (c0 < 128 && BLOCK_INDICATOR[c0] === 1)) giveUp();
    // One pass up to the colon; the line end is not needed (a key without its colon gives up).
    let colon = p;
    for (;;) {
      if (colon >= n) giveUp();
      const c = s.charCodeAt(colon);
      if (c < 128 && KEY_STOP[c] === 1) {
        if (c === COLON) {
          const after = s.charCodeAt(colon + 1);
          if (after === SPACE || after === NL || colon + 1 >= n) break;
        } else if (c !== HASH || s.charCodeAt(colon - 1) === SPACE) giveUp(); // line end, comment, [ ] { } ,
      }
      colon++;
    }
    if (colon === p || s.charCodeAt(colon - 1) === SPACE || colon - p > 1000) giveUp();
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
    const c = s.charCodeAt(q);
    let node: Node;
    if (c === PIPE) return this.literal(q, indent);
    if (c === DQUOTE || c === SQUOTE) node = this.quoted(q);
    else if (c === LBRACKET || c === LBRACE) node = this.flow(q);
    else if (c < 128 && BLOCK_INDICATOR[c] === 1 && !((c === DASH || c === QMARK || c === COLON) && !this.isSpaceOrEnd(q + 1))) giveUp();
    else {
      // One pass to the line end, looking for a `: ` (a mapping) or a ` #` (a comment).
      const n = this.n;
      let eol = q;
      for (; eol < n; eol++) {
        const d = s.charCodeAt(eol);
        if (d === NL) break;
        if (d === COLON) {
          const a = s.charCodeAt(eol + 1);
          // `- key: value`: a mapping inside a sequence item (its dash is at column `indent`,
          // `p - 1`); anywhere else an error.
          if (a === SPACE || a === NL || eol + 1 >= n) return inSeq ? this.map(q, indent + q - p + 1) : giveUp();
        } else if (d === HASH && s.charCodeAt(eol - 1) === SPACE) giveUp();
      }
      let e = eol;
      while (s.charCodeAt(e - 1) === SPACE) e--;
      node = this.scalar(s.slice(q, e), [q, e, eol < n ? eol + 1 : eol], 'PLAIN', true, false);
      this.lineEnd = eol;
    }
    // A more indented line after a one-line value would continue it (or be an error).
    const after = this.lineEnd < this.n ? this.lineEnd + 1 : this.n;
    const nx = this.peek(after);
    if (nx.start < this.n && nx.indent > indent) giveUp();
    this.next = after;
    return node;
  }

  private isSpaceOrEnd(p: number): boolean {
    return p >= this.n || this.s.charCodeAt(p) === SPACE || this.s.charCodeAt(p) === NL;
  }

  /** A block sequence whose first dash is at `p`, in column `indent`. */
  private seq(p: number, indent: number): YAMLSeq {
    const seq = newSeq();
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
}

/**
 * Parses one YAML document the way `parseDocument(text, PARSE_OPTIONS)` would, or returns
 * undefined when the text is outside the supported subset.
 */
export function fastParse(text: string): Document.Parsed | undefined {
  if (UNSUPPORTED_CHARS.test(text) || INNER_MARKER.test(text) || text.startsWith('...')) return undefined;
  const doc = newDocument();
  try {
    new FastParser(text, doc).parse();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
  return doc;
}
