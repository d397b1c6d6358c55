/**
 * The automata decide within a work budget (product states, transitions and NFA edges
 * counted), never a time budget: a verdict is a function of the question alone, so a loaded
 * CI machine gives the answer a quiet one does, and a long editing session (memo warm) the
 * answer a fresh analysis does. The clock is replaced by one that runs a second per read:
 * nothing may read it, and nothing changes.
 */
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { clearMemo, exists, includedIn, type Lang } from './decide';
import { PATH_WITHOUT_QUERY } from './field-domains';
import type { HttpRoute } from './route-matches';
import { DOCUMENT_WORK, shadowedRoutes } from './shadow';

const rx = (pattern: string): Lang => ({ kind: 'regex', pattern });

const route = (index: number, regex: string): HttpRoute => ({
  index,
  name: undefined,
  matches: [{ fields: new Map([['uri', { pos: [rx(regex)], neg: [], absentOk: false, domain: PATH_WITHOUT_QUERY }]]), opaque: new Map(), unknown: false, span: { start: 0, end: 0 } }],
  anchor: { start: 0, end: 0 },
});

// "An a twelve characters before the end": its DFA has 2^13 states, beyond any budget.
const EXPONENTIAL = '/(a|b)*a(a|b){12}';
const questions = () => [
  includedIn([rx('Googlebot.*')], [rx('.*Google.*')]),
  includedIn([rx('/\\pL{28}')], [rx('/\\p{Greek}+\\PL*')]),
  includedIn([rx('/[a-z]{1,40}x[a-z]{1,40}')], [rx('/[a-z]{1,39}x[a-z]*')]),
  exists([rx(EXPONENTIAL)], [rx('/b.*')]),
];
const document = [route(0, '/api/.*'), route(1, EXPONENTIAL), route(2, `${EXPONENTIAL}b`), route(3, '/api/v1/.*'), route(4, '/(a|b)*b(a|b){12}')];

/** Runs `f` with Date.now and performance.now jumping a second per read; returns what it returned and the reads. */
function onSlowClock<T>(f: () => T): { value: T; reads: number } {
  let t = 0;
  const date = mock.method(Date, 'now', () => (t += 1_000));
  const perf = mock.method(performance, 'now', () => (t += 1_000));
  try {
    const value = f();
    return { value, reads: date.mock.callCount() + perf.mock.callCount() };
  } finally {
    date.mock.restore();
    perf.mock.restore();
  }
}

describe('automata verdicts do not depend on time', () => {
  it('answers the same questions the same on a slow clock, without reading it', () => {
    clearMemo();
    const quiet = { answers: questions(), routes: shadowedRoutes(document) };
    clearMemo();
    const slow = onSlowClock(() => ({ answers: questions(), routes: shadowedRoutes(document) }));
    assert.equal(slow.reads, 0, 'the automata read no clock');
    assert.deepEqual(slow.value, quiet);
  });

  it('leaves a pathological question unknown, at the work budget, every time', () => {
    for (let run = 0; run < 2; run++) {
      clearMemo();
      assert.deepEqual(exists([rx(EXPONENTIAL)], [rx(`${EXPONENTIAL}b`)]), { kind: 'unknown', reason: 'work budget' });
    }
    // Memoised, the same unknown again.
    assert.deepEqual(exists([rx(EXPONENTIAL)], [rx(`${EXPONENTIAL}b`)]), { kind: 'unknown', reason: 'work budget' });
  });

  it('reports no route shadowed by a pathological one, and counts it undecided', () => {
    clearMemo();
    const r = shadowedRoutes([route(0, EXPONENTIAL), route(1, `${EXPONENTIAL}b`)]);
    assert.deepEqual(r, { shadowed: [], undecided: 1 });
  });

  it('spends a document budget the same with a warm memo as with a cold one', () => {
    // A budget that runs out part-way: memoised decisions are charged what they cost, so a
    // long session stops at the route a fresh analysis stops at.
    for (let k = 0; k <= 12; k++) {
      const budget = (k * DOCUMENT_WORK) / 4;
      clearMemo();
      const cold = shadowedRoutes(document, budget);
      const warm = shadowedRoutes(document, budget);
      assert.deepEqual(warm, cold, `budget ${budget}`);
    }
    clearMemo();
    assert.deepEqual(shadowedRoutes(document, 0), { shadowed: [], undecided: 4 }, 'a spent budget leaves routes undecided');
    assert.equal(shadowedRoutes(document, Infinity).shadowed.map((s) => s.route.index).join(), '3', '/api/v1/.* is behind /api/.*');
  });
});
