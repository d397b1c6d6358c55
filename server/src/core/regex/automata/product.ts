/**
 * Decisions on regular languages by exploring the product of determinised NFAs, lazily:
 * "is there a string whose acceptance by A1…An satisfies a goal?" covers emptiness
 * (A accepts), intersection (A and B accept) and inclusion (B accepts, A does not), and
 * returns a shortest witness string when there is one.
 *
 * The alphabet is a partition of the code points into atoms: the intervals between every
 * boundary of every set on an edge (plus newline and the ASCII word characters, which the
 * assertions look at). Each decision has a budget counted in work done (product states,
 * transitions, NFA edges visited), never in time: when it runs out the answer is `unknown`,
 * never a guess, and the same question gets the same answer on a busy machine as on a quiet
 * one (so an incremental analysis equals a fresh one, and an `unknown` may be memoised).
 */
import { contains, NEWLINE, UNIVERSE, WORD, type Ranges } from './charset';
import type { Assertion, Nfa } from './nfa';

export interface Budget {
  /** Product states explored before giving up. */
  maxStates: number;
  /**
   * Work units before giving up: one per product transition and component, one per NFA edge
   * the lazy determinisation visits, one per atom × set of the alphabet (and per number of
   * the sets it keys).
   */
  maxWork: number;
  /** Atoms × set edges the alphabet may cost. */
  maxAlphabetWork: number;
}

/**
 * Work one question may cost. Measured in CPU time on the development machine (2 cores), the
 * slowest work per millisecond among pathological questions was about 2,000 units/ms (an
 * inclusion between two `.*a.{14}`-like patterns), typical ones 4,000-7,000 (Unicode classes,
 * `(a|b)*a(a|b){12}`, counted repeats): so at most about 50 ms a question, usually 15-25 ms,
 * where the old 100 ms wall-clock budget stood.
 */
export const MAX_WORK = 100_000;

export const DEFAULT_BUDGET: Budget = { maxStates: 5_000, maxWork: MAX_WORK, maxAlphabetWork: 500_000 };

/** Every result says the work it took, so a caller can charge it to a larger budget. */
export type SearchResult = ({ kind: 'found'; witness: string } | { kind: 'none' } | { kind: 'unknown'; reason: string }) & { work: number };

// Character contexts the assertions distinguish.
const START = 0;
const NL = 1;
const WORDC = 2;
const OTHER = 3;
const END = 0;

function holds(a: Assertion, prev: number, next: number): boolean {
  switch (a) {
    case 'bot':
      return prev === START;
    case 'eot':
      return next === END;
    case 'bol':
      return prev === START || prev === NL;
    case 'eol':
      return next === END || next === NL;
    case 'wordb':
      return (prev === WORDC) !== (next === WORDC);
    case 'nwordb':
      return (prev === WORDC) === (next === WORDC);
  }
}

/**
 * Letters of the product: classes of code points that every set on every edge, and every
 * assertion, treats alike (`\pL` is hundreds of ranges but one letter). `member` says, per
 * distinct set, which letters it holds.
 */
interface Alphabet {
  /** Per letter: a code point it contains, and its assertion context. */
  sample: number[];
  kind: number[];
  /** Per letter: its ranges (for mapping an input character back to its letter). */
  ranges: number[][];
  member: Map<Ranges, Uint8Array>;
  /** What building it cost, in work units. */
  work: number;
}

function alphabetOf(nfas: readonly Nfa[], maxWork: number): Alphabet | undefined {
  const cuts = new Set<number>([0, NEWLINE, NEWLINE + 1]);
  const bySetKey = new Map<string, Ranges>();
  // Each set object's equal set in bySetKey: edges share set objects (nfa.ts), so each object
  // is joined into a key once, however many edges hold it.
  const canonical = new Map<Ranges, Ranges>();
  // Joining each edge's set into a key costs its length (twice: here and for `member`); the
  // work is charged per edge as it always was, so budgets decide exactly as before.
  let keyWork = 0;
  const add = (set: Ranges) => {
    for (let i = 0; i < set.length; i += 2) {
      cuts.add(set[i]);
      cuts.add(set[i + 1] + 1);
    }
  };
  add(WORD);
  add(UNIVERSE);
  for (const nfa of nfas) {
    for (const out of nfa.edges) {
      for (const e of out) {
        if (!('set' in e)) continue;
        keyWork += e.set.length;
        if (canonical.has(e.set)) continue;
        const key = e.set.join(',');
        let same = bySetKey.get(key);
        if (same === undefined) {
          bySetKey.set(key, (same = e.set));
          add(e.set);
        }
        canonical.set(e.set, same);
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const atomsLo: number[] = [];
  const atomsHi: number[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    if (!contains(UNIVERSE, sorted[k])) continue;
    atomsLo.push(sorted[k]);
    atomsHi.push(sorted[k + 1] - 1);
  }
  const sets = [...bySetKey.values()];
  const work = sets.length * atomsLo.length + 2 * keyWork;
  if (work > maxWork) return undefined;
  // Which sets hold each atom, read once: one sweep of each set's sorted ranges against the
  // sorted atoms (an atom lies wholly inside or outside a set: the set's bounds are cuts).
  const held = sets.map((set) => {
    const row = new Uint8Array(atomsLo.length);
    let k = 0;
    for (let i = 0; i < set.length; i += 2) {
      while (k < atomsLo.length && atomsLo[k] < set[i]) k++;
      for (; k < atomsLo.length && atomsLo[k] <= set[i + 1]; k++) row[k] = 1;
    }
    return row;
  });
  // Each atom's signature: its context and which sets hold it.
  const letterOf = new Map<string, number>();
  const atomLetter: number[] = [];
  const a: Alphabet = { sample: [], kind: [], ranges: [], member: new Map(), work };
  for (let k = 0; k < atomsLo.length; k++) {
    const lo = atomsLo[k];
    const kind = lo === NEWLINE ? NL : contains(WORD, lo) ? WORDC : OTHER;
    let sig = String(kind);
    for (const row of held) sig += row[k] === 1 ? '1' : '0';
    let letter = letterOf.get(sig);
    if (letter === undefined) {
      letter = a.sample.length;
      letterOf.set(sig, letter);
      a.sample.push(lo);
      a.kind.push(kind);
      a.ranges.push([]);
    }
    // Prefer a printable ASCII sample so witnesses read well in messages.
    const printable = lo <= 0x7e && atomsHi[k] >= 0x20 ? Math.max(lo, 0x20) : -1;
    if (printable >= 0 && !(a.sample[letter] >= 0x20 && a.sample[letter] <= 0x7e)) a.sample[letter] = printable;
    a.ranges[letter].push(lo, atomsHi[k]);
    atomLetter.push(letter);
  }
  const bitsOf = new Map<Ranges, Uint8Array>();
  sets.forEach((set, j) => {
    const bits = new Uint8Array(a.sample.length);
    const row = held[j];
    for (let k = 0; k < atomsLo.length; k++) if (row[k] === 1) bits[atomLetter[k]] = 1;
    bitsOf.set(set, bits);
  });
  for (const [set, same] of canonical) a.member.set(set, bitsOf.get(same)!);
  return a;
}

/** One NFA determinised on demand over the shared alphabet. */
class LazyDfa {
  private readonly ids = new Map<string, number>();
  readonly sets: number[][] = [];
  readonly prevs: number[] = [];
  private readonly trans = new Map<number, number>();
  private readonly acceptCache = new Map<number, boolean>();
  /** NFA edges visited so far (closures and steps not found in the caches). */
  work = 0;
  /** Per NFA state, the last closure or step that reached it (`stamp`): sets without allocating any. */
  private readonly mark: Int32Array;
  private stamp = 0;

  constructor(private readonly nfa: Nfa, private readonly alpha: Alphabet) {
    this.mark = new Int32Array(nfa.edges.length);
  }

  intern(states: number[], prev: number): number {
    const key = `${prev}|${states.join(',')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.ids.set(key, id);
      this.sets.push(states);
      this.prevs.push(prev);
    }
    return id;
  }

  initial(): number {
    return this.intern([this.nfa.start], START);
  }

  dead(id: number): boolean {
    return this.sets[id].length === 0;
  }

  /**
   * The states reachable from `states` (distinct, as interned sets are) by epsilon edges and the
   * assertions that hold between `prev` and `next`, in no particular order. Each is visited
   * once and charged 1 plus its edges, whatever the order of the visits.
   */
  private closure(states: readonly number[], prev: number, next: number): number[] {
    const mark = this.mark;
    const stamp = ++this.stamp;
    const out = states.slice();
    for (const s of out) mark[s] = stamp;
    for (let i = 0; i < out.length; i++) {
      const edges = this.nfa.edges[out[i]];
      this.work += 1 + edges.length;
      for (const e of edges) {
        if ('set' in e) continue;
        if ('assert' in e && !holds(e.assert, prev, next)) continue;
        if (mark[e.to] !== stamp) {
          mark[e.to] = stamp;
          out.push(e.to);
        }
      }
    }
    return out;
  }

  accepts(id: number): boolean {
    let v = this.acceptCache.get(id);
    if (v === undefined) {
      v = this.closure(this.sets[id], this.prevs[id], END).includes(this.nfa.accept);
      this.acceptCache.set(id, v);
    }
    return v;
  }

  step(id: number, atom: number): number {
    const key = id * this.alpha.sample.length + atom;
    const cached = this.trans.get(key);
    if (cached !== undefined) return cached;
    const kind = this.alpha.kind[atom];
    const from = this.closure(this.sets[id], this.prevs[id], kind);
    // The closure's marks are read: reuse them, with a new stamp, for the targets.
    const mark = this.mark;
    const stamp = ++this.stamp;
    const targets: number[] = [];
    for (const s of from) {
      const edges = this.nfa.edges[s];
      this.work += edges.length;
      for (const e of edges) {
        if ('set' in e && mark[e.to] !== stamp && this.alpha.member.get(e.set)![atom]) {
          mark[e.to] = stamp;
          targets.push(e.to);
        }
      }
    }
    const next = this.intern(targets.sort((a, b) => a - b), kind);
    this.trans.set(key, next);
    return next;
  }
}

const representative = (alpha: Alphabet, letter: number) => String.fromCodePoint(alpha.sample[letter]);

/**
 * Looks for a string on which the NFAs' acceptance satisfies `goal`. Components listed in
 * `mustAccept` must accept for the goal to hold, so paths where one of them is dead are cut.
 */
export function search(nfas: readonly Nfa[], goal: (acc: readonly boolean[]) => boolean, mustAccept: readonly number[], budget: Budget = DEFAULT_BUDGET): SearchResult {
  const alpha = alphabetOf(nfas, budget.maxAlphabetWork);
  if (!alpha) return { kind: 'unknown', reason: 'alphabet too large', work: 0 };
  const nAtoms = alpha.sample.length;
  const dfas = nfas.map((n) => new LazyDfa(n, alpha));
  const first = dfas.map((d) => d.initial());
  const seen = new Map<string, number>();
  const tuples: number[][] = [first];
  const parent: number[] = [-1];
  const via: number[] = [-1];
  seen.set(first.join(','), 0);
  let transitions = 0;
  const work = () => alpha.work + transitions + dfas.reduce((sum, d) => sum + d.work, 0);
  for (let q = 0; q < tuples.length; q++) {
    const t = tuples[q];
    const acc = t.map((id, k) => dfas[k].accepts(id));
    if (goal(acc)) {
      let w = '';
      for (let at = q; at > 0; at = parent[at]) w = representative(alpha, via[at]) + w;
      return { kind: 'found', witness: w, work: work() };
    }
    if (work() > budget.maxWork) return { kind: 'unknown', reason: 'work budget', work: work() };
    transitions += nAtoms * dfas.length;
    for (let a = 0; a < nAtoms; a++) {
      const next = t.map((id, k) => dfas[k].step(id, a));
      if (mustAccept.some((k) => dfas[k].dead(next[k]))) continue;
      const key = next.join(',');
      if (seen.has(key)) continue;
      if (tuples.length >= budget.maxStates) return { kind: 'unknown', reason: 'state budget', work: work() };
      seen.set(key, tuples.length);
      tuples.push(next);
      parent.push(q);
      via.push(a);
    }
  }
  return { kind: 'none', work: work() };
}

/** A membership test for the NFA (for tests and for checking witnesses). */
export function matcher(nfa: Nfa): (s: string) => boolean {
  const alpha = alphabetOf([nfa], Infinity)!;
  const dfa = new LazyDfa(nfa, alpha);
  return (s) => {
    let id = dfa.initial();
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      const letter = alpha.ranges.findIndex((r) => contains(r, cp));
      if (letter < 0) return false;
      id = dfa.step(id, letter);
    }
    return dfa.accepts(id);
  };
}
