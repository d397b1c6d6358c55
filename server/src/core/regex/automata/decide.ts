/**
 * The questions rules ask about string-match languages, memoised per distinct question.
 *
 * A language is described by a `Lang` (a regex under Envoy's full match, an exact value, a
 * prefix, optionally case-insensitive); the same pair of patterns across thousands of
 * rendered documents is decided once. Answers are `yes`, `no` (with a witness string when
 * one exists) or `unknown` when a pattern is outside what the builder reads or the decision
 * ran out of budget.
 */
import { buildNfa, literalNfa, nfaWeight, Unsupported, type Nfa } from './nfa';
import { DEFAULT_BUDGET, search, type Budget } from './product';
import { Lru } from '../../lru';

export type Lang = { kind: 'regex'; pattern: string } | { kind: 'exact' | 'prefix'; text: string; ignoreCase?: boolean };

export type Answer = { kind: 'yes'; witness?: string } | { kind: 'no'; witness?: string } | { kind: 'unknown'; reason: string };

/**
 * What the memos may hold, by weight rather than by count: a Unicode class holds about a
 * thousand numbers, so a count of automata (or of their states) does not bound the bytes.
 * Automata are weighed in words (nfaWeight: states, edges and each distinct set's numbers),
 * answers in key and witness characters: about 200 KB in all at most.
 */
const MAX_NFA_WEIGHT = 16_000;
const MAX_ANSWER_CHARS = 16_000;
/** Longer patterns are left undecided (regex-too-long speaks about them). */
const MAX_PATTERN = 1_000;

/**
 * A least-recently-used map bounded by weight. Full, it stays full (the oldest answers leave)
 * rather than starting over, so its footprint is flat once a session has warmed up.
 */
class WeightedMemo<V> {
  private readonly lru: Lru<string, V>;
  constructor(private readonly max: number) {
    this.lru = new Lru(Infinity, max);
  }
  get(key: string): V | undefined {
    return this.lru.get(key);
  }
  /** Keeps `value` unless it alone is over the limit; returns it either way. */
  remember(key: string, value: V, weight: number): V {
    if (weight <= this.max) this.lru.set(key, value, weight);
    return value;
  }
  clear(): void {
    this.lru.clear();
  }
  get weight(): number {
    return this.lru.weight;
  }
}

const nfaMemo = new WeightedMemo<Nfa | string>(MAX_NFA_WEIGHT);
/** An answer and the work its decision took (charged again on every hit; see `Meter`). */
const answerMemo = new WeightedMemo<{ answer: Answer; work: number }>(MAX_ANSWER_CHARS);

/**
 * A work budget larger than one question's (a whole document's), charged with the work each
 * decision took — a memoised one too, so what a budget allows does not depend on what earlier
 * checks left in the memo: an incremental analysis and a fresh one stop at the same point.
 */
export interface Meter {
  spent: number;
}

export function langKey(l: Lang): string {
  if (l.kind === 'regex') return `r:${l.pattern}`;
  return `${l.kind[0]}${l.ignoreCase ? 'i' : ''}:${l.text}`;
}

/** The NFA of a language, or the reason it cannot be built. */
export function nfaOf(l: Lang): Nfa | string {
  const key = langKey(l);
  const hit = nfaMemo.get(key);
  if (hit !== undefined) return hit;
  let built: Nfa | string;
  if (l.kind === 'regex' && l.pattern.length > MAX_PATTERN) return 'unsupported: pattern too long';
  try {
    built = l.kind === 'regex' ? buildNfa(l.pattern) : literalNfa(l.text, l.kind, l.ignoreCase);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    built = `unsupported ${e.message}`;
  }
  return nfaMemo.remember(key, built, key.length + (typeof built === 'string' ? built.length : nfaWeight(built)));
}

function decide(key: string, langs: readonly Lang[], goal: (acc: readonly boolean[]) => boolean, mustAccept: readonly number[], budget: Budget, meter?: Meter): Answer {
  const { answer, work } = decided(key, langs, goal, mustAccept, budget);
  if (meter) meter.spent += work;
  return answer;
}

function decided(key: string, langs: readonly Lang[], goal: (acc: readonly boolean[]) => boolean, mustAccept: readonly number[], budget: Budget): { answer: Answer; work: number } {
  const bkey = budget === DEFAULT_BUDGET ? key : `${key}\u0000${budget.maxStates},${budget.maxWork},${budget.maxAlphabetWork}`;
  const hit = answerMemo.get(bkey);
  if (hit) return hit;
  const nfas: Nfa[] = [];
  for (const l of langs) {
    const n = nfaOf(l);
    if (typeof n === 'string') return { answer: { kind: 'unknown', reason: n }, work: 0 };
    nfas.push(n);
  }
  const r = search(nfas, goal, mustAccept, budget);
  const answer: Answer = r.kind === 'unknown' ? { kind: 'unknown', reason: r.reason } : r.kind === 'found' ? { kind: 'yes', witness: r.witness } : { kind: 'no' };
  const result = { answer, work: r.work };
  if (bkey.length > 2 * MAX_PATTERN) return result;
  // Unknown answers are remembered too: the budgets count work, not time, so deciding again
  // would spend the same work for the same answer.
  const text = answer.kind === 'unknown' ? answer.reason : (answer.witness ?? '');
  return answerMemo.remember(bkey, result, bkey.length + text.length);
}

const keyOf = (op: string, langs: readonly Lang[]) => `${op}\u0000${langs.map(langKey).join('\u0000')}`;

/**
 * Is there a value in every language of `all` and in none of `none`? `yes` carries the
 * shortest such value. Emptiness, intersection and (non-)inclusion are all this question.
 */
export function exists(all: readonly Lang[], none: readonly Lang[] = [], budget: Budget = DEFAULT_BUDGET, meter?: Meter): Answer {
  const langs = [...all, ...none];
  const n = all.length;
  return decide(
    keyOf(`e${n}`, langs),
    langs,
    (acc) => acc.every((a, k) => (k < n ? a : !a)),
    all.map((_, k) => k),
    budget,
    meter,
  );
}

/** L(sub) ∩ L(domain…) ⊆ L(sup1) ∪ L(sup2) ∪ …; `no` carries a value that escapes. */
export function includedIn(sub: readonly Lang[], sups: readonly Lang[], budget: Budget = DEFAULT_BUDGET, meter?: Meter): Answer {
  const r = exists(sub, sups, budget, meter);
  if (r.kind === 'unknown') return r;
  return r.kind === 'yes' ? { kind: 'no', witness: r.witness } : { kind: 'yes' };
}

/** For tests: what the memos hold, in their weights (at most MEMO_LIMITS). */
export function memoWeights(): { nfas: number; answers: number } {
  return { nfas: nfaMemo.weight, answers: answerMemo.weight };
}

export const MEMO_LIMITS = { nfas: MAX_NFA_WEIGHT, answers: MAX_ANSWER_CHARS } as const;

/** For tests: forget every memoised answer. */
export function clearMemo(): void {
  nfaMemo.clear();
  answerMemo.clear();
}
