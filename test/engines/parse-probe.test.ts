/**
 * Both engines take a verdict from a parse alone when that is provably the same as a compile
 * (server/src/engines/parse-probe.ts). Checked here against the engines themselves: on every
 * text the probe may be used for, a clean parse must mean a valid pattern, and the engines
 * must give the same verdicts, messages and offsets with and without the probe.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { RE2JS, RE2JSSyntaxException } from 're2js';
import { GoRegexpEngine, Re2Engine } from '../../server/src/engines';
import { GO_PROBE_LIMITS, PARSE_PROBE, RE2_PROBE_ERROR, RE2_PROBE_LIMITS, probeable, sizeProduct, type ProbeLimits } from '../../server/src/engines/parse-probe';
import { prepareForRe2 } from '../../server/src/engines/re2-prepare';
import { distinctPatterns } from '../../bench/misc';
import { generated, handWritten, rawCompiler } from './support';

const pkg = join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm');
const patterns = [...handWritten, ...distinctPatterns(200), ...generated(2500, 1), ...generated(2500, 2)];

/** Go's answer: 'ok', or the error's description and the text it names. */
function goCompile(text: string): string {
  try {
    RE2JS.compile(text);
    return 'ok';
  } catch (e) {
    return e instanceof RE2JSSyntaxException ? `${e.error}: ${e.input}` : String(e);
  }
}

/**
 * Runs the probe over `texts` with `compile`: asserts that a clean parse is always a valid
 * text, and that valid texts only fail the probe when an open `\Q…` quotes it away.
 * Returns how often the probe was used, and on how many valid texts.
 */
function checkProbe(texts: Iterable<string>, compile: (t: string) => string, probeError: string, limits: ProbeLimits): { used: number; valid: number } {
  let used = 0;
  let valid = 0;
  for (const text of texts) {
    if (!probeable(text, limits)) continue;
    used++;
    const compiled = compile(text);
    if (compiled === 'abort') continue; // Only the fixed heap, not RE2, can tell.
    const parsedCleanly = compile(text + PARSE_PROBE) === probeError;
    if (parsedCleanly) assert.equal(compiled, 'ok', text);
    if (compiled !== 'ok') continue;
    valid++;
    if (!parsedCleanly) assert.ok(text.includes('\\Q'), `valid, yet the probe failed: ${text}`);
  }
  return { used, valid };
}

describe('parse probe', () => {
  it('RE2: a clean parse is always a valid pattern, structure or class', () => {
    const texts = patterns.flatMap((p) => {
      const prepared = prepareForRe2(p);
      return [p, prepared.structure.text, ...prepared.atoms.map((a) => a.prepared.text)];
    });
    const { used, valid } = checkProbe(texts, rawCompiler(pkg), RE2_PROBE_ERROR, RE2_PROBE_LIMITS);
    assert.ok(used > 3000 && valid > 1000, `probe used ${used} times, ${valid} on valid texts`);
  });

  it('Go: a clean parse is always a valid pattern', () => {
    const { used, valid } = checkProbe(patterns, goCompile, `invalid escape sequence: ${PARSE_PROBE}`, GO_PROBE_LIMITS);
    assert.ok(used > 2000 && valid > 1000, `probe used ${used} times, ${valid} on valid texts`);
  });

  it('is not used where an open construct at the end would take the probe in', () => {
    for (const limits of [RE2_PROBE_LIMITS, GO_PROBE_LIMITS]) {
      for (const text of ['[a', 'a(b', 'a)(b', '[a\\]', 'x[[:alpha:]', 'a\\qb']) assert.equal(probeable(text, limits), false, text);
      for (const text of ['a', '(a)[b]', '[]a]', '\\Q(\\E', 'a{2,', '\\(']) assert.equal(probeable(text, limits), true, text);
    }
  });

  it('is not used where the program could be large or deep', () => {
    assert.equal(sizeProduct('(ab){2}c{3}'), 11 * 2 * 3);
    assert.equal(probeable(`(${'a'.repeat(100)}){20}`, RE2_PROBE_LIMITS), false);
    assert.equal(probeable('a{1000}', RE2_PROBE_LIMITS), false);
    assert.equal(probeable('('.repeat(200) + ')'.repeat(200), GO_PROBE_LIMITS), false);
    assert.equal(probeable(`(${'a'.repeat(100)}){1000}`, GO_PROBE_LIMITS), false);
  });

  it('dense programs at the size limits still compile', () => {
    const re2 = rawCompiler(pkg);
    /** `wrap` around as many `unit`s as the limits allow. */
    const dense = (unit: string, limits: ProbeLimits, wrap: (body: string) => string) => {
      let n = 1;
      while (probeable(wrap(unit.repeat(n + 1)), limits)) n++;
      return wrap(unit.repeat(n));
    };
    const nestedOptional = (b: string) => b + ')'.repeat(b.length / 9);
    const re2Dense = [
      dense('ǅ', RE2_PROBE_LIMITS, (b) => `(?i)${b}`),
      dense('ǅ', RE2_PROBE_LIMITS, (b) => `(?i)(?:(?:${b}){2}){2}`),
      dense('\\x{10FFFF}', RE2_PROBE_LIMITS, (b) => `(?:${b}){2}`),
      dense('(?:a{0,1}', RE2_PROBE_LIMITS, nestedOptional),
    ];
    for (const t of re2Dense) {
      assert.ok(probeable(t, RE2_PROBE_LIMITS) && sizeProduct(t) > 900, t);
      assert.equal(re2(t), 'ok', t);
    }
    const goDense = [
      dense('ǅ', GO_PROBE_LIMITS, (b) => `(?i)(?:${b}){40}`),
      dense('(a)', GO_PROBE_LIMITS, (b) => `(?:${b}){99}`),
      dense('(?:a{0,1}', GO_PROBE_LIMITS, nestedOptional),
    ];
    for (const t of goDense) {
      assert.ok(probeable(t, GO_PROBE_LIMITS), t);
      assert.equal(goCompile(t), 'ok', t);
    }
  });

  it('leaves both engines’ verdicts, messages and offsets unchanged', () => {
    const re2 = [new Re2Engine(), new Re2Engine({ parseProbe: false })];
    const go = [new GoRegexpEngine(), new GoRegexpEngine({ parseProbe: false })];
    for (const p of patterns) {
      assert.deepEqual(re2[0].check(p), re2[1].check(p), p);
      assert.deepEqual(go[0].check(p), go[1].check(p), p);
    }
    assert.equal(re2[0].stats().aborts, re2[1].stats().aborts);
  });
});
