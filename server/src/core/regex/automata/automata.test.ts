/**
 * The automaton core against the real RE2 (re2-wasm, full match as Envoy's
 * `Regex::CompiledGoogleReMatcher::match` calls `re2::RE2::FullMatch`): for generated patterns
 * and strings, membership agrees; every witness an emptiness, intersection or inclusion
 * decision returns is checked with RE2 too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Re2Engine } from '../../../engines/re2';
import { buildNfa, Unsupported } from './nfa';
import { matcher } from './product';
import { exists, includedIn, MEMO_LIMITS, memoWeights, type Lang } from './decide';

const re2 = new Re2Engine();
const rx = (pattern: string): Lang => ({ kind: 'regex', pattern });

const CHARS = ['a', 'b', 'A', 'B', 'k', 'K', '\u212a', 's', 'S', '\u017f', '/', '?', '.', ' ', '\n', '0', '9', '_', 'é', 'É', 'λ', 'Λ', '-'];
const ATOMS = [
  'a', 'b', 'A', 'k', 's', '/', '\\?', '\\.', '.', ' ', '\\n', 'é', 'λ', '[a-c]', '[^a]', '[^\\n]', '[A-Z]', '[[:upper:]]', '[[:^alpha:]]',
  '\\d', '\\w', '\\W', '\\s', '\\S', '\\pL', '\\p{Lu}', '\\p{Greek}', '\\PL', '[\\p{Ll}0-9]', '\\x{3bb}', '[k-s]', '^', '$', '\\b', '\\B', '\\A', '\\z',
];
const FLAGS = ['', '(?i)', '(?s)', '(?m)', '(?is)', '(?i:', '(?-i:'];

const pattern: fc.Arbitrary<string> = fc.letrec((tie) => ({
  atom: fc.constantFrom(...ATOMS),
  quant: fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '*?'),
  // Counted repeats only on atoms: nested counts multiply the automaton (and the test time).
  piece: fc.oneof(
    { weight: 4, arbitrary: fc.tuple(tie('atom') as fc.Arbitrary<string>, tie('quant') as fc.Arbitrary<string>).map(([a, q]) => (/^[\^$]|^\\[bBAz]$/.test(a) ? a : a + q)) },
    { weight: 1, arbitrary: fc.tuple(tie('group') as fc.Arbitrary<string>, fc.constantFrom('', '*', '+', '?')).map(([g, q]) => g + q) },
  ),
  seq: fc.array(tie('piece') as fc.Arbitrary<string>, { minLength: 0, maxLength: 4 }).map((xs) => xs.join('')),
  group: fc.tuple(fc.constantFrom('(', '(?:', '(?i:', '(?s:'), fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 })).map(([o, alts]) => `${o}${alts.join('|')})`),
  top: fc.tuple(fc.constantFrom(...FLAGS), fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 })).map(([f, alts]) => (f.endsWith(':') ? `${f}${alts.join('|')})` : f + alts.join('|'))),
})).top as fc.Arbitrary<string>;

const input = fc.array(fc.constantFrom(...CHARS), { maxLength: 6 }).map((xs) => xs.join(''));

function nfaOrSkip(p: string) {
  try {
    return buildNfa(p);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

describe('automata agree with RE2', () => {
  it('membership equals RE2 full match on generated patterns and strings', () => {
    let built = 0;
    fc.assert(
      fc.property(pattern, fc.array(input, { minLength: 8, maxLength: 16 }), (p, inputs) => {
        const verdict = re2.check(p);
        fc.pre(verdict.ok);
        const nfa = nfaOrSkip(p);
        fc.pre(nfa !== undefined);
        built++;
        const accepts = matcher(nfa!);
        for (const s of inputs) {
          const expected = re2.fullMatch(p, s);
          if (expected !== undefined) assert.equal(accepts(s), expected, `${JSON.stringify(p)} on ${JSON.stringify(s)}`);
        }
      }),
      { numRuns: 250 },
    );
    assert.ok(built > 120, `only ${built} patterns were built`);
  });

  it('witnesses of emptiness, intersection and inclusion decisions hold in RE2', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        fc.pre(re2.check(a).ok && re2.check(b).ok);
        const nonEmpty = exists([rx(a)]);
        if (nonEmpty.kind === 'yes') assert.equal(re2.fullMatch(a, nonEmpty.witness!), true, `${a} witness`);
        const both = exists([rx(a), rx(b)]);
        if (both.kind === 'yes') assert.ok(re2.fullMatch(a, both.witness!) && re2.fullMatch(b, both.witness!), `${a} & ${b}`);
        const inc = includedIn([rx(a)], [rx(b)]);
        if (inc.kind === 'no') assert.ok(re2.fullMatch(a, inc.witness!) && !re2.fullMatch(b, inc.witness!), `${a} ⊄ ${b} by ${JSON.stringify(inc.witness)}`);
        if (inc.kind === 'yes' && nonEmpty.kind === 'yes') assert.equal(re2.fullMatch(b, nonEmpty.witness!), true, `${a} ⊆ ${b}`);
      }),
      { numRuns: 150 },
    );
  });

  it('decides the cases the rules rely on', () => {
    assert.equal(includedIn([rx('Googlebot.*')], [rx('.*Google.*')]).kind, 'yes');
    assert.deepEqual(includedIn([rx('.*Google.*')], [rx('Googlebot.*')]), { kind: 'no', witness: 'Google' });
    assert.equal(exists([rx('[A-Z]'), rx('/.*')]).kind, 'no');
    assert.equal(exists([rx('a\\bb')]).kind, 'no');
    assert.equal(exists([rx('(?i)k'), rx('\u212a')]).kind, 'yes');
    assert.equal(includedIn([rx('[a-z]+')], [rx('(?i)[A-Z]+')]).kind, 'yes');
    assert.equal(includedIn([{ kind: 'prefix', text: '/api/' }], [{ kind: 'prefix', text: '/api' }]).kind, 'yes');
    assert.equal(exists([rx('x{1000}{1000}')]).kind, 'unknown');
  });

  it('keeps its memos within their weights however many distinct questions an editing session asks', () => {
    const hot = includedIn([rx('Googlebot.*')], [rx('.*Google.*')]);
    for (let i = 0; i < 3_000; i++) {
      // Typing inside a regex value: every keystroke asks about a new pattern.
      exists([rx(`/api/v${i}/(users|orders)(/.*)?`), rx('(?s)/.*')]);
      const w = memoWeights();
      assert.ok(w.nfas <= MEMO_LIMITS.nfas && w.answers <= MEMO_LIMITS.answers, `weights ${JSON.stringify(w)} after ${i + 1} patterns`);
    }
    assert.deepEqual(includedIn([rx('Googlebot.*')], [rx('.*Google.*')]), hot, 'an evicted answer is decided again, the same');
  });
});
