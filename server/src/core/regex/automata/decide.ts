/**
 * The questions rules ask about string-match languages, memoised per distinct question.
 *
 * A language is described by a `Lang` (a regex under Envoy's full match, an exact value, a
 * prefix, optionally case-insensitive); the same pair of patterns across thousands of
 * rendered documents is decided once. Answers are `yes`, `no` (with a witness string when
 * one exists) or `unknown` when a pattern is outside what the builder reads or the decision
 * ran out of budget.
 */
import { buildNfa, literalNfa, Unsupported, type Nfa } from './nfa';
import { DEFAULT_BUDGET, search, type Budget } from './product';

export type Lang = { kind: 'regex'; pattern: string } | { kind: 'exact' | 'prefix'; text: string; ignoreCase?: boolean };

export type Answer = { kind: 'yes'; witness?: string } | { kind: 'no'; witness?: string } | { kind: 'unknown'; reason: string };

/** Automata kept (each up to MAX_NFA_STATES states) and answers kept (small). */
const MAX_NFAS = 64;
const MAX_NFA_STATES_KEPT = 5_000;
/** Longer patterns are left undecided (regex-too-long speaks about them). */
const MAX_PATTERN = 1_000;
let nfaStates = 0;
const MAX_ANSWERS = 128;
const nfaMemo = new Map<string, Nfa | string>();
const answerMemo = new Map<string, Answer>();

export function langKey(l: Lang): string {
  if (l.kind === 'regex') return `r:${l.pattern}`;
  return `${l.kind[0]}${l.ignoreCase ? 'i' : ''}:${l.text}`;
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): V {
  // Starting over is simpler than LRU bookkeeping; only big workspaces ever get here.
  if (map.size >= max) map.clear();
  map.set(key, value);
  return value;
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
  // Bounded by total states as well as by count: one long pattern can weigh a hundred short ones.
  const states = typeof built === 'string' ? 0 : built.edges.length;
  if (nfaStates + states > MAX_NFA_STATES_KEPT) {
    nfaMemo.clear();
    nfaStates = 0;
  }
  nfaStates += states;
  return remember(nfaMemo, key, built, MAX_NFAS);
}

function decide(key: string, langs: readonly Lang[], goal: (acc: readonly boolean[]) => boolean, mustAccept: readonly number[], budget: Budget): Answer {
  const hit = answerMemo.get(key);
  if (hit) return hit;
  const nfas: Nfa[] = [];
  for (const l of langs) {
    const n = nfaOf(l);
    if (typeof n === 'string') return { kind: 'unknown', reason: n };
    nfas.push(n);
  }
  const r = search(nfas, goal, mustAccept, budget);
  if (key.length > 2 * MAX_PATTERN) return r.kind === 'unknown' ? { kind: 'unknown', reason: r.reason } : r.kind === 'found' ? { kind: 'yes', witness: r.witness } : { kind: 'no' };
  // Unknown answers are remembered too: retrying a spent budget on every keystroke would
  // make typing slow for nothing (the state and step budgets give the same answer again).
  return remember(answerMemo, key, r.kind === 'unknown' ? { kind: 'unknown', reason: r.reason } : r.kind === 'found' ? { kind: 'yes', witness: r.witness } : { kind: 'no' }, MAX_ANSWERS);
}

const keyOf = (op: string, langs: readonly Lang[]) => `${op}\u0000${langs.map(langKey).join('\u0000')}`;

/**
 * Is there a value in every language of `all` and in none of `none`? `yes` carries the
 * shortest such value. Emptiness, intersection and (non-)inclusion are all this question.
 */
export function exists(all: readonly Lang[], none: readonly Lang[] = [], budget: Budget = DEFAULT_BUDGET): Answer {
  const langs = [...all, ...none];
  const n = all.length;
  return decide(
    keyOf(`e${n}`, langs),
    langs,
    (acc) => acc.every((a, k) => (k < n ? a : !a)),
    all.map((_, k) => k),
    budget,
  );
}

/** L(sub) ∩ L(domain…) ⊆ L(sup1) ∪ L(sup2) ∪ …; `no` carries a value that escapes. */
export function includedIn(sub: readonly Lang[], sups: readonly Lang[], budget: Budget = DEFAULT_BUDGET): Answer {
  const r = exists(sub, sups, budget);
  if (r.kind === 'unknown') return r;
  return r.kind === 'yes' ? { kind: 'no', witness: r.witness } : { kind: 'yes' };
}

/** For tests: forget every memoised answer. */
export function clearMemo(): void {
  nfaMemo.clear();
  nfaStates = 0;
  answerMemo.clear();
}
