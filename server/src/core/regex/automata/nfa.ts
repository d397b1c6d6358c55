/**
 * Thompson NFA of an RE2 pattern as Envoy applies it (a full match of the whole value), built
 * from the lenient syntax tree (syntax-tree.ts) with exact character sets (classes.ts).
 * Assertions stay as conditional ε-edges decided from the previous and the next character
 * (start, end, newline, ASCII word), which is how RE2 itself evaluates ^ $ \A \z \b \B.
 *
 * Anything the builder is not certain of (syntax the tree could not read, an unknown class,
 * a program over the state cap) throws `Unsupported`; callers turn that into "unknown".
 */
import { parseRegex, type RegexNode } from '../syntax-tree';
import { fold, normalize, single, UNIVERSE, NEWLINE, type Ranges, minus } from './charset';
import { classSet } from './classes';

export type Assertion = 'bot' | 'eot' | 'bol' | 'eol' | 'wordb' | 'nwordb';

export type Edge = { to: number; set: Ranges } | { to: number; eps: true } | { to: number; assert: Assertion };

export interface Nfa {
  /** Outgoing edges per state. */
  edges: Edge[][];
  start: number;
  accept: number;
}

/**
 * What an automaton weighs, in words (8 bytes): about four per state and per edge (an array
 * or object header and its fields), plus each distinct set's numbers once (sets are shared
 * between edges). A state count alone would hide that one
 * Unicode-class edge holds more numbers than a hundred literal ones.
 */
export function nfaWeight(nfa: Nfa): number {
  const seen = new Set<Ranges>();
  let weight = 0;
  for (const out of nfa.edges) {
    weight += 4 + 4 * out.length;
    for (const e of out) {
      if ('set' in e && !seen.has(e.set)) {
        seen.add(e.set);
        weight += e.set.length;
      }
    }
  }
  return weight;
}

export class Unsupported extends Error {}

/** NFA states a single pattern may use before the builder gives up. */
export const MAX_NFA_STATES = 20_000;

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

class Builder {
  edges: Edge[][] = [];
  /**
   * One array per distinct set: a repeated class (`\\pL{1,50}`, or any class under `(?i)`)
   * would otherwise copy its thousand-odd numbers onto every edge, and memoised automata
   * (decide.ts) would keep each copy.
   */
  private readonly sets = new Map<string, Ranges>();
  constructor(private readonly p: string, private readonly maxStates: number) {}

  state(): number {
    if (this.edges.length >= this.maxStates) throw new Unsupported('too many states');
    this.edges.push([]);
    return this.edges.length - 1;
  }

  /** Adds the fragment for `alts` between `from` and a new state it returns; `flags` is updated in place. */
  alts(alts: readonly RegexNode[][], from: number, flags: Flags): number {
    const to = this.state();
    for (const seq of alts) {
      let at = from;
      for (const node of seq) at = this.node(node, at, flags);
      this.edges[at].push({ to, eps: true });
    }
    return to;
  }

  node(n: RegexNode, from: number, flags: Flags): number {
    switch (n.t) {
      case 'lit': {
        if (n.escaped && /^\\[0-9]/.test(this.p.slice(n.start, n.end))) throw new Unsupported('octal escape');
        const cp = n.ch.codePointAt(0)!;
        return this.char(from, flags.i ? fold(single(cp)) : single(cp));
      }
      case 'any':
        if (this.p.startsWith('\\C', n.start)) throw new Unsupported('\\C');
        return this.char(from, flags.s ? UNIVERSE : minus(UNIVERSE, single(NEWLINE)));
      case 'class': {
        const set = classSet(this.p, n.start, n.end, flags.i);
        if (!set) throw new Unsupported('class');
        return this.char(from, set);
      }
      case 'assert': {
        const kind: Assertion =
          n.kind === '^' ? (flags.m ? 'bol' : 'bot') : n.kind === '$' ? (flags.m ? 'eol' : 'eot') : n.kind === 'A' ? 'bot' : n.kind === 'z' ? 'eot' : n.kind === 'b' ? 'wordb' : 'nwordb';
        const to = this.state();
        this.edges[from].push({ to, assert: kind });
        return to;
      }
      case 'flags':
        applyFlags(flags, n.flags);
        return from;
      case 'group': {
        // Flags set inside a group end with it; `(?i:…)` flags apply to its body only.
        const inner = { ...flags };
        applyFlags(inner, n.flags);
        return this.alts(n.alts, from, inner);
      }
      case 'repeat':
        return this.repeat(n, from, flags);
      default:
        throw new Unsupported('bad repeat');
    }
  }

  char(from: number, set: Ranges): number {
    const to = this.state();
    const normal = normalize([...set]);
    const key = normal.join(',');
    let shared = this.sets.get(key);
    if (!shared) this.sets.set(key, (shared = Object.freeze(normal)));
    this.edges[from].push({ to, set: shared });
    return to;
  }

  repeat(n: Extract<RegexNode, { t: 'repeat' }>, from: number, flags: Flags): number {
    // The body never changes the flags outside it (a bare `(?i)` cannot be repeated).
    const copy = (at: number) => this.node(n.node, at, { ...flags });
    let at = from;
    for (let k = 0; k < n.min; k++) at = copy(at);
    if (n.max === Infinity) {
      const loop = this.state();
      this.edges[at].push({ to: loop, eps: true });
      const back = copy(loop);
      this.edges[back].push({ to: loop, eps: true });
      return loop;
    }
    const end = this.state();
    for (let k = n.min; k < n.max; k++) {
      this.edges[at].push({ to: end, eps: true });
      at = copy(at);
    }
    this.edges[at].push({ to: end, eps: true });
    return end;
  }
}

function applyFlags(flags: Flags, spec: string): void {
  let on = true;
  for (const c of spec) {
    if (c === '-') on = false;
    else if (c === 'i' || c === 's' || c === 'm') flags[c] = on;
  }
}

/** The NFA of `pattern` under a full match; throws Unsupported. */
export function buildNfa(pattern: string, maxStates = MAX_NFA_STATES): Nfa {
  const tree = parseRegex(pattern);
  if (!tree.ok) throw new Unsupported('syntax');
  const b = new Builder(pattern, maxStates);
  const start = b.state();
  const accept = b.alts(tree.alts, start, { i: false, s: false, m: false });
  return { edges: b.edges, start, accept };
}

/** An NFA for a plain language: exactly `text`, or `text` followed by anything (a prefix match). */
export function literalNfa(text: string, kind: 'exact' | 'prefix', ignoreCase = false): Nfa {
  const edges: Edge[][] = [[]];
  let at = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    edges.push([]);
    edges[at].push({ to: edges.length - 1, set: ignoreCase ? fold(single(cp)) : single(cp) });
    at = edges.length - 1;
  }
  if (kind === 'prefix') edges[at].push({ to: at, set: UNIVERSE });
  return { edges, start: 0, accept: at };
}
