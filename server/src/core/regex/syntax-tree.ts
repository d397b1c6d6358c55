/**
 * A lenient reader of RE2 syntax, for reasoning about what a pattern was meant to do
 * (anchors, literal runs, wildcards, globs). It is not a validator: compile errors are
 * the engines' job. It never throws; anything it cannot read sets `ok: false` and the
 * intent rules stay silent on such patterns rather than guess.
 *
 * Positions are indices into the pattern string (UTF-16 code units), half-open.
 */

export type RegexNode =
  /** One literal character (escapes decoded). `escaped`: written with a backslash. */
  | { t: 'lit'; ch: string; escaped: boolean; start: number; end: number }
  /** `.` (or `\C`). */
  | { t: 'any'; start: number; end: number }
  /** `[...]`, `\d`, `\w`, `\s`, `\pL`… `sample`: a character it probably matches. */
  | { t: 'class'; negated: boolean; sample: string; start: number; end: number }
  | { t: 'assert'; kind: '^' | '$' | 'A' | 'z' | 'b' | 'B'; start: number; end: number }
  /** `(...)`, `(?:...)`, `(?P<n>...)`, `(?i:...)`. */
  | { t: 'group'; capture: boolean; flags: string; alts: RegexNode[][]; start: number; end: number }
  /** `(?i)` and friends: flags for the rest of the enclosing group. */
  | { t: 'flags'; flags: string; start: number; end: number }
  /** `x*`, `x+?`, `x{2,5}`; `opStart` is where the operator begins. */
  | { t: 'repeat'; node: RegexNode; min: number; max: number; lazy: boolean; op: string; opStart: number; start: number; end: number }
  /** A repetition operator with nothing to repeat (`*` at the start): RE2 rejects it. */
  | { t: 'badRepeat'; op: string; start: number; end: number };

export interface RegexTree {
  /** Top-level alternatives. */
  alts: RegexNode[][];
  /** False when the pattern used syntax this reader does not understand (or RE2 rejects). */
  ok: boolean;
  /** Number of capturing groups. */
  groups: number;
}

const CLASS_SAMPLES: Record<string, { negated: boolean; sample: string }> = {
  d: { negated: false, sample: '7' },
  D: { negated: true, sample: 'x' },
  w: { negated: false, sample: 'a' },
  W: { negated: true, sample: '-' },
  s: { negated: false, sample: ' ' },
  S: { negated: true, sample: 'x' },
};

const CONTROL: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };

const POSIX_SAMPLES: Record<string, string> = {
  alnum: 'a', alpha: 'a', ascii: 'a', blank: ' ', cntrl: '\x01', digit: '0', graph: 'a',
  lower: 'a', print: 'a', punct: '!', space: ' ', upper: 'A', word: 'a', xdigit: 'a',
};

const isAsciiAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

class Reader {
  i = 0;
  ok = true;
  groups = 0;
  constructor(private readonly p: string) {}

  parse(): RegexTree {
    const alts = this.alternation();
    while (this.i < this.p.length) {
      // A stray `)`: RE2 rejects it; keep reading so positions after it still make sense.
      this.ok = false;
      this.i++;
      alts[alts.length - 1].push(...this.alternation().flat());
    }
    return { alts, ok: this.ok, groups: this.groups };
  }

  private alternation(): RegexNode[][] {
    const alts: RegexNode[][] = [this.sequence()];
    while (this.p[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): RegexNode[] {
    const seq: RegexNode[] = [];
    const p = this.p;
    while (this.i < p.length && p[this.i] !== '|' && p[this.i] !== ')') {
      const c = p[this.i];
      if (c === '*' || c === '+' || c === '?' || (c === '{' && this.braceRepeat(this.i))) {
        const prev = seq[seq.length - 1];
        const quant = this.quantifier();
        if (!prev || prev.t === 'flags' || prev.t === 'repeat' || prev.t === 'badRepeat') {
          // RE2 refuses to repeat nothing (`*` first) or a repetition (`a**`).
          this.ok = false;
          seq.push({ t: 'badRepeat', op: quant.op, start: quant.start, end: this.i });
          continue;
        }
        seq[seq.length - 1] = { t: 'repeat', node: prev, min: quant.min, max: quant.max, lazy: quant.lazy, op: quant.op, opStart: quant.start, start: prev.start, end: this.i };
        continue;
      }
      const atom = this.atom();
      if (atom) seq.push(atom);
    }
    return seq;
  }

  /** `{n}`, `{n,}`, `{n,m}`; anything else (`{,5}`, `{x}`) is literal text in RE2. */
  private braceRepeat(at: number): RegExpExecArray | null {
    return /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(at, at + 24));
  }

  private quantifier(): { op: string; min: number; max: number; lazy: boolean; start: number } {
    const p = this.p;
    const start = this.i;
    let min = 0;
    let max = Infinity;
    const c = p[this.i];
    if (c === '{') {
      const m = this.braceRepeat(this.i)!;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else {
      if (c === '+') min = 1;
      if (c === '?') max = 1;
      this.i++;
    }
    let lazy = false;
    if (p[this.i] === '?') {
      lazy = true;
      this.i++;
    }
    return { op: p.slice(start, this.i), min, max, lazy, start };
  }

  private atom(): RegexNode | undefined {
    const p = this.p;
    const start = this.i;
    const c = p[this.i];
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '.') return { t: 'any', start, end: this.i };
    if (c === '^' || c === '$') return { t: 'assert', kind: c, start, end: this.i };
    // A surrogate pair is one character.
    const code = p.codePointAt(start)!;
    if (code > 0xffff) this.i++;
    return { t: 'lit', ch: p.slice(start, this.i), escaped: false, start, end: this.i };
  }

  private group(): RegexNode {
    const p = this.p;
    const start = this.i;
    this.i++;
    let capture = true;
    let flags = '';
    if (p[this.i] === '?') {
      const named = /^\?P?<([^>]*)>/.exec(p.slice(this.i, this.i + 256));
      const flagged = /^\?([imsU-]*)(:|\))/.exec(p.slice(this.i, this.i + 16));
      if (named) {
        this.i += named[0].length;
      } else if (flagged) {
        this.i += flagged[0].length;
        capture = false;
        flags = flagged[1];
        if (flagged[2] === ')') return { t: 'flags', flags, start, end: this.i };
      } else {
        // Lookarounds, atomic groups, conditionals: not RE2.
        this.ok = false;
        capture = false;
        this.i++;
        while (this.i < p.length && /[=!<>]/.test(p[this.i])) this.i++;
      }
    }
    if (capture) this.groups++;
    const alts = this.alternation();
    if (p[this.i] === ')') this.i++;
    else this.ok = false;
    return { t: 'group', capture, flags, alts, start, end: this.i };
  }

  private charClass(): RegexNode {
    const p = this.p;
    const start = this.i;
    this.i++;
    const negated = p[this.i] === '^';
    if (negated) this.i++;
    let first: string | undefined;
    const members: string[] = [];
    let n = 0;
    while (this.i < p.length && (p[this.i] !== ']' || n === 0)) {
      n++;
      const posix = /^\[:\^?([a-z]+):\]/.exec(p.slice(this.i, this.i + 12));
      if (posix) {
        this.i += posix[0].length;
        first ??= POSIX_SAMPLES[posix[1]] ?? 'a';
        continue;
      }
      let ch = p[this.i];
      if (ch === '\\') {
        const next = p[this.i + 1] ?? '';
        this.i += 2;
        if (CLASS_SAMPLES[next]) ch = CLASS_SAMPLES[next].sample;
        else if (next === 'p' || next === 'P') {
          if (p[this.i] === '{') this.i = Math.max(this.i, p.indexOf('}', this.i) + 1 || p.length);
          else this.i++;
          ch = 'a';
        } else if (next === 'x') {
          const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(p.slice(this.i, this.i + 10));
          if (m) {
            this.i += m[0].length;
            ch = safeFromCodePoint(parseInt(m[1] ?? m[2], 16));
          } else ch = 'x';
        } else ch = CONTROL[next] ?? next;
      } else this.i++;
      members.push(ch);
      first ??= ch;
    }
    if (p[this.i] === ']') this.i++;
    else this.ok = false;
    const raw = p.slice(start, this.i);
    let sample = first ?? 'a';
    if (negated) sample = ['x', 'a', 'Z', '0', '_', '-', '.', ' '].find((s) => !raw.includes(s) && !members.includes(s)) ?? 'x';
    return { t: 'class', negated, sample, start, end: this.i };
  }

  private escape(): RegexNode {
    const p = this.p;
    const start = this.i;
    const next = p[this.i + 1];
    this.i += 2;
    if (next === undefined) {
      this.ok = false;
      this.i = p.length;
      return { t: 'lit', ch: '\\', escaped: true, start, end: this.i };
    }
    const cls = CLASS_SAMPLES[next];
    if (cls) return { t: 'class', negated: cls.negated, sample: cls.sample, start, end: this.i };
    if (next === 'b' || next === 'B' || next === 'A' || next === 'z') return { t: 'assert', kind: next, start, end: this.i };
    if (next === 'C') return { t: 'any', start, end: this.i };
    if (next === 'p' || next === 'P') {
      if (p[this.i] === '{') {
        const close = p.indexOf('}', this.i);
        this.i = close === -1 ? p.length : close + 1;
      } else this.i++;
      return { t: 'class', negated: next === 'P', sample: next === 'P' ? '1' : 'a', start, end: this.i };
    }
    if (next === 'x') {
      const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(p.slice(this.i, this.i + 10));
      if (m) this.i += m[0].length;
      else this.ok = false;
      return { t: 'lit', ch: m ? safeFromCodePoint(parseInt(m[1] ?? m[2], 16)) : 'x', escaped: true, start, end: this.i };
    }
    if (next === 'Q') {
      // \Q...\E quotes everything up to \E (or the end); represented as a group of literals.
      const close = p.indexOf('\\E', this.i);
      const stop = close === -1 ? p.length : close;
      const lits: RegexNode[] = [];
      for (let k = this.i; k < stop; k++) lits.push({ t: 'lit', ch: p[k], escaped: true, start: k, end: k + 1 });
      this.i = close === -1 ? p.length : close + 2;
      return { t: 'group', capture: false, flags: '', alts: [lits], start, end: this.i };
    }
    if (CONTROL[next]) return { t: 'lit', ch: CONTROL[next], escaped: true, start, end: this.i };
    if (/[0-7]/.test(next)) {
      // Octal escapes (\0, \012) are literals; \1-\9 backreferences are not RE2.
      if (next !== '0') this.ok = false;
      return { t: 'lit', ch: '\0', escaped: true, start, end: this.i };
    }
    if (isAsciiAlnum(next)) {
      this.ok = false;
      return { t: 'lit', ch: next, escaped: true, start, end: this.i };
    }
    const code = p.codePointAt(start + 1)!;
    if (code > 0xffff) this.i++;
    return { t: 'lit', ch: p.slice(start + 1, this.i), escaped: true, start, end: this.i };
  }
}

function safeFromCodePoint(code: number): string {
  try {
    return String.fromCodePoint(code);
  } catch {
    return '\ufffd';
  }
}

export function parseRegex(pattern: string): RegexTree {
  return new Reader(pattern).parse();
}

/** Visits every node, depth first, in pattern order. */
export function walk(alts: readonly RegexNode[][], visit: (node: RegexNode, parentSeq: readonly RegexNode[], index: number) => void): void {
  for (const seq of alts) {
    seq.forEach((node, index) => {
      visit(node, seq, index);
      if (node.t === 'group') walk(node.alts, visit);
      else if (node.t === 'repeat') walkOne(node.node, visit);
    });
  }
}

function walkOne(node: RegexNode, visit: (node: RegexNode, parentSeq: readonly RegexNode[], index: number) => void): void {
  visit(node, [node], 0);
  if (node.t === 'group') walk(node.alts, visit);
  else if (node.t === 'repeat') walkOne(node.node, visit);
}

/** Every sequence of the tree (top-level alternatives first, then nested ones), with its depth. */
export function sequences(alts: readonly RegexNode[][]): Array<{ seq: readonly RegexNode[]; topLevel: boolean }> {
  const out: Array<{ seq: readonly RegexNode[]; topLevel: boolean }> = alts.map((seq) => ({ seq, topLevel: true }));
  walk(alts, (node) => {
    if (node.t === 'group') for (const seq of node.alts) out.push({ seq, topLevel: false });
  });
  return out;
}

/** The literal text of a sequence made only of literal characters, else undefined. */
export function literalOf(seq: readonly RegexNode[]): string | undefined {
  let out = '';
  for (const n of seq) {
    if (n.t === 'lit') out += n.ch;
    else if (n.t === 'group' && !n.capture && !n.flags && n.alts.length === 1) {
      const inner = literalOf(n.alts[0]);
      if (inner === undefined) return undefined;
      out += inner;
    } else return undefined;
  }
  return out;
}

/** `.*`, `.+`, `[^x]*`, `\S+`, `.*?`: an element that swallows arbitrary text. */
export function isWildcardRun(node: RegexNode | undefined): boolean {
  return !!node && node.t === 'repeat' && node.max === Infinity && node.min <= 1 && (node.node.t === 'any' || (node.node.t === 'class' && node.node.negated));
}

/** Exactly `.*` (greedy or lazy). */
export function isDotStar(node: RegexNode | undefined): boolean {
  return !!node && node.t === 'repeat' && node.min === 0 && node.max === Infinity && node.node.t === 'any';
}

const skipFlags = (seq: readonly RegexNode[]) => {
  let i = 0;
  while (i < seq.length && seq[i].t === 'flags') i++;
  return i;
};

/**
 * Whether every alternative can begin with arbitrary text: it starts with an anchor-free
 * wildcard run (`.*Google`) or with a group one of whose alternatives does (`(.*?;)?x`).
 */
export function opensWithWildcard(alts: readonly RegexNode[][]): boolean {
  return alts.every((seq) => {
    const first = seq[skipFlags(seq)];
    if (isWildcardRun(first)) return true;
    const inner = first?.t === 'repeat' ? first.node : first;
    return inner?.t === 'group' && inner.alts.some((a) => opensWithWildcard([a]));
  });
}

/** Mirror of `opensWithWildcard` for the end. */
export function closesWithWildcard(alts: readonly RegexNode[][]): boolean {
  return alts.every((seq) => {
    const last = seq[seq.length - 1];
    if (isWildcardRun(last)) return true;
    const inner = last?.t === 'repeat' ? last.node : last;
    return inner?.t === 'group' && inner.alts.some((a) => closesWithWildcard([a]));
  });
}
