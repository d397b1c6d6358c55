import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Re2Engine, defaultFactory, type Re2ModuleFactory } from './re2';
import { prepareForRe2, namedGroupsForRe2 } from './re2-prepare';
import { GoRegexpEngine } from './go-regexp';
import { Lru } from './lru';
import { parenProblems, locateToken } from './error-location';
import { createEngines } from './index';

const re2 = new Re2Engine();
const go = new GoRegexpEngine();

/** The pattern text an error points at. */
function pointed(pattern: string, v: ReturnType<Re2Engine['check']>): string | undefined {
  return v.ok || v.offset === undefined ? undefined : pattern.slice(v.offset, v.offset + (v.length ?? 1));
}

describe('RE2 engine (Envoy)', () => {
  it('accepts RE2 syntax and rejects the rest with RE2 messages and positions', () => {
    assert.deepEqual(re2.check('/api/v[0-9]+/.*'), { ok: true });
    assert.deepEqual(re2.check('\\C'), { ok: true }, 'C++ RE2 has \\C');
    const cases: Array<[string, string, string]> = [
      ['ab(?=c)', 'invalid perl operator: (?=', '(?='],
      ['x(?:a)(b', 'missing ): x(?:a)(b', '('],
      ['ab)c', 'unexpected ): ab)c', ')'],
      ['a[bc', 'missing ]: [bc', '['],
      ['a**', 'bad repetition operator: **', '**'],
      ['a*|*b', 'no argument for repetition operator: *', '*'],
      ['[z-a]', 'invalid character class range: z-a', 'z-a'],
      ['ab\\', 'trailing \\', '\\'],
      ['\\q', 'invalid escape sequence: \\q', '\\q'],
    ];
    for (const [p, message, at] of cases) {
      const v = re2.check(p);
      assert.equal(v.ok, false, p);
      assert.equal(!v.ok && v.message, message, p);
      assert.equal(pointed(p, v), at, p);
    }
    // The second `*` is the bad one: the first one is a valid repetition.
    const v = re2.check('a*b|*c');
    assert.equal(!v.ok && v.offset, 4);
    // The same token twice: the one RE2 stopped at, not a cut-off `\x` of `\x41`.
    assert.equal(!re2.check('\\z\\x41\\x').ok && (re2.check('\\z\\x41\\x') as { offset: number }).offset, 6);
    assert.equal((re2.check('(?i)(?') as { offset: number }).offset, 4);
  });

  it('judges what the cheap stand-ins stand for exactly as RE2 does', () => {
    // A literal `{` stays literal: `{2,x}` is no repetition.
    assert.deepEqual(re2.check('x*{2,x}'), { ok: true });
    assert.deepEqual(re2.check('a+{1,b}'), { ok: true });
    // `\x` takes the two characters after it, whatever follows them.
    assert.equal(re2.check('(?i)\\w^\\xa\\S.').ok, false);
    const x = re2.check('\\x41[[:nope:]]\\x');
    assert.equal(!x.ok && x.message, 'invalid character class range: [:nope:]');
    // Names and flags are judged as written, and RE2's message quotes them so.
    assert.equal(!re2.check('(?P<na.me>x)').ok && (re2.check('(?P<na.me>x)') as { message: string }).message, 'invalid named capture group: (?P<na.me>');
    assert.equal((re2.check('a(?\\d)') as { message: string }).message, 'invalid perl operator: (?\\');
  });

  it('emulates RE2 2024: (?<name>…) and non-ASCII group names compile', () => {
    assert.deepEqual(re2.check('(?<year>\\d{4})'), { ok: true });
    assert.deepEqual(re2.check('(?P<année>\\d{4})'), { ok: true });
    assert.deepEqual(re2.check('(?<année>\\d{4})'), { ok: true });
    // Lookbehind is still not RE2.
    assert.equal(re2.check('(?<=a)b').ok, false);
  });

  it('maps error offsets and quoted text back through the rewrites', () => {
    const p = '(?<a>.)(?<b>\\pL)(?=z)';
    const v = re2.check(p);
    assert.equal(pointed(p, v), '(?=');
    const r = prepareForRe2(p).structure;
    assert.equal(r.text, '(?P<a>z)(?P<b>z)(?=z)');
    assert.equal(r.toOriginal(r.text.indexOf('(?=')), p.indexOf('(?='));
    assert.equal(namedGroupsForRe2('[(?<n>]\\(?<n>(?<m>x)'), '[(?<n>]\\(?<n>(?P<m>x)', 'not inside classes or after an escape');
    // The message quotes what the user wrote, not the cheap stand-ins.
    const m = re2.check('(.\\d[^a]');
    assert.equal(!m.ok && m.message, 'missing ): (.\\d[^a]');
  });

  it('judges bracket expressions and Unicode classes on their own, first error wins', () => {
    const a = '[z-a](';
    assert.equal(pointed(a, re2.check(a)), 'z-a');
    const b = 'x[[:foo:]]';
    assert.equal(!re2.check(b).ok && pointed(b, re2.check(b)), '[:foo:]');
    const c = 'a\\p{Letter}b';
    assert.equal(pointed(c, re2.check(c)), '\\p{Letter}');
    assert.deepEqual(re2.check('[\\pL\\p{Greek}\\d-]+\\PN'), { ok: true });
    assert.deepEqual(re2.check('\\x41\\x41\\101\\0abc'), { ok: true });
    const f = 'abc\\x4g\\8';
    assert.equal(pointed(f, re2.check(f)), '\\x4g');
    const g = 'abc\\x4f\\8';
    assert.equal(pointed(g, re2.check(g)), '\\8');
    const d = '[^\\pL]{2}a**';
    assert.equal(pointed(d, re2.check(d)), '**');
    // Nested counted repetitions over RE2's limit of 1000 keep their real counts.
    assert.equal(re2.check('(a{100}){11}').ok, false);
    assert.deepEqual(re2.check('(a{100}){10}'), { ok: true });
    assert.deepEqual(re2.check('(?:(?:(?:a{10}){10}){10})(?:b{10})'), { ok: true });
  });

  it('full match, as Envoy applies safe_regex', () => {
    assert.equal(re2.fullMatch('.*Chrome.*', 'Mozilla Chrome/1'), true);
    assert.equal(re2.fullMatch('Chrome', 'Mozilla Chrome/1'), false);
    assert.equal(re2.fullMatch('a|b', 'ab'), false);
    assert.equal(re2.fullMatch('(?i)abc', 'ABC'), true);
    assert.equal(re2.fullMatch('(?<n>é+)', 'éé'), true);
    assert.equal(re2.fullMatch('(', 'x'), undefined);
  });

  it('caches verdicts by pattern', () => {
    const e = new Re2Engine();
    e.check('cache(?:me)');
    e.check('cache(?:me)');
    e.check('cache(?:me)');
    assert.equal(e.stats().cacheHits, 2);
    assert.equal(e.stats().compiles, 1);
  });

  it('accepts plain patterns without compiling them (engines/plain-syntax.ts)', () => {
    for (const e of [new Re2Engine(), new GoRegexpEngine()]) {
      assert.deepEqual(e.check('^/api/v[0-9]+/(users|orders)(/.*)?$'), { ok: true });
      assert.deepEqual(e.stats().compiles, 0);
      assert.equal(e.stats().proved, 1);
      assert.equal(e.check('^/api/v[0-9]{2}/(?!x)').ok, false);
      assert.ok(e.stats().compiles > 0);
    }
  });

  it('a pattern that exhausts the module is a verdict, and the engine keeps working', () => {
    const e = new Re2Engine({ maxPatternLength: Infinity });
    const v = e.check('a*'.repeat(1_000_000));
    assert.equal(v.ok, false);
    assert.match(!v.ok ? v.message : '', /too large/);
    assert.equal(e.stats().aborts, 1);
    assert.deepEqual(e.check('still(works)'), { ok: true });
    assert.equal(e.check('still(broken').ok, false);
    assert.equal(e.stats().reloads, 1);
  });

  it('keeps Unicode-heavy repetitions cheap to judge', () => {
    const e = new Re2Engine();
    assert.deepEqual(e.check('(\\pL{100}){10}'), { ok: true });
    assert.deepEqual(e.check('.{1000}[^\\n]{1000}'), { ok: true });
    assert.equal(e.stats().aborts, 0);
  });

  it('without a reloadable glue, an abort is a verdict and later checks never throw', () => {
    const base = defaultFactory();
    let created = 0;
    const once: Re2ModuleFactory = {
      canReload: false,
      description: 'bundled',
      create() {
        created++;
        return base.create();
      },
    };
    const e = new Re2Engine({ factory: once, maxPatternLength: Infinity });
    assert.equal(e.check('a*'.repeat(200_000)).ok, false);
    for (const p of ['a(', 'b(', 'c(', 'd(']) assert.doesNotThrow(() => e.check(p));
    assert.equal(created, 1);
  });

  it('does not compile absurdly long patterns', () => {
    const e = new Re2Engine({ maxPatternLength: 100 });
    const v = e.check('a'.repeat(101));
    assert.equal(v.ok, false);
    assert.equal(e.stats().compiles, 0);
  });

  it('degrades to "judges nothing" when the module cannot load', () => {
    const broken: Re2ModuleFactory = {
      canReload: false,
      description: 'broken',
      create() {
        throw new Error('no wasm');
      },
    };
    const e = new Re2Engine({ factory: broken });
    assert.deepEqual(e.check('(?=x)'), { ok: true });
    assert.equal(e.available, false);
    assert.equal(e.fullMatch('a', 'a'), undefined);
  });

  it('loads from node_modules with a reloadable factory in tests', () => {
    assert.equal(defaultFactory().canReload, true);
  });
});

describe('Go regexp engine (Istio webhook)', () => {
  it('reproduces Go error texts with positions', () => {
    const cases: Array<[string, string, string]> = [
      ['(abc', 'error parsing regexp: missing closing ): `(abc`', '('],
      ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`', '(?='],
      ['x\\C', 'error parsing regexp: invalid escape sequence: `\\C`', '\\C'],
      ['x\\', 'error parsing regexp: trailing backslash at end of expression', '\\'],
      ['[abc', 'error parsing regexp: missing closing ]: `[abc`', '['],
    ];
    for (const [p, message, at] of cases) {
      const v = go.check(p);
      assert.equal(!v.ok && v.message, message, p);
      assert.equal(pointed(p, v), at, p);
    }
    // Go accepts duplicate group names (go-syntax.test.ts); C++ RE2 does not.
    assert.deepEqual(go.check('(?P<n>a)(?P<n>b)'), { ok: true });
  });

  it('RE2 judges Unicode class names as RE2 2024-07-02 does (unicode_groups.cc), not as re2js', () => {
    for (const p of ['\\p{Assigned}', '\\p{LC}', '\\p{Cn}', '\\p{Alphabetic}', '[\\p{Emoji}]']) assert.equal(re2.check(p).ok, false, p);
    for (const p of ['\\p{Greek}', '\\pL', '\\p{Any}', '[\\p{Han}\\pN]']) assert.deepEqual(re2.check(p), { ok: true }, p);
  });

  it('accepts (?<name>…) like Go 1.22+', () => {
    assert.deepEqual(go.check('(?<n>a)'), { ok: true });
  });

  it('full match', () => {
    assert.equal(go.fullMatch('v[0-9]+', 'v12'), true);
    assert.equal(go.fullMatch('v[0-9]+', 'xv12'), false);
  });
});

describe('engine helpers', () => {
  it('LRU evicts the least recently used entry and respects the weight bound', () => {
    const gone: string[] = [];
    const l = new Lru<string, number>(2, 10, (k) => gone.push(k));
    l.set('a', 1);
    l.set('b', 2);
    l.get('a');
    l.set('c', 3);
    assert.deepEqual(gone, ['b']);
    l.set('d', 4, 10);
    assert.equal(l.size, 1);
    assert.ok(l.has('d'));
  });

  it('parenProblems skips escapes and classes', () => {
    assert.deepEqual(parenProblems('\\((a[(])'), {});
    assert.deepEqual(parenProblems('(a(b)'), { unclosed: 0 });
    assert.deepEqual(parenProblems('a)(b'), { unexpected: 1 });
  });

  it('locateToken confirms with the prefix', () => {
    assert.deepEqual(locateToken('a*|*', '*', (p) => p === 'a*|*'), { offset: 3, length: 1 });
  });

  it('createEngines returns both engines', () => {
    const s = createEngines();
    assert.equal(s.re2.name, 'RE2 (Envoy)');
    assert.equal(s.go.name, 'Go regexp (Istio webhook)');
  });
});
