/**
 * Property tests for the fixes marked safe: the rewritten pattern under RE2 full match (the
 * real engine) accepts exactly the values the original accepts under PCRE semantics. PCRE
 * is played by JavaScript's RegExp anchored as ^(?:…)$; constructs JavaScript lacks are
 * spelled with their JavaScript equivalent (possessive X++ as (?=(X+))\1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Re2Engine } from '../../engines/re2';
import { scanPattern, type ScanKind } from '../regex/syntax-scan';
import { fixesFor } from '../regex/unsupported-fixes';

const re2 = new Re2Engine();

/** The fixes `fixesFor` proposes for the first `kind` construct of `pattern`, applied. */
function rewrites(pattern: string, kind: ScanKind): Array<{ pattern: string; safe: boolean }> {
  const f = scanPattern(pattern).find((x) => x.kind === kind);
  assert.ok(f, `${kind} in ${pattern}`);
  return fixesFor(pattern, f, 'full').map((x) => ({ pattern: pattern.slice(0, x.start) + x.replacement + pattern.slice(x.end), safe: x.safe }));
}

/** The safe rewrite `fixesFor` proposes for the first `kind` construct of `pattern`. */
function safeRewrite(pattern: string, kind: ScanKind): string {
  const f = scanPattern(pattern).find((x) => x.kind === kind);
  assert.ok(f, `${kind} in ${pattern}`);
  const fix = fixesFor(pattern, f, 'full').find((x) => x.safe);
  assert.ok(fix, `a safe fix for ${kind} in ${pattern}`);
  return pattern.slice(0, fix.start) + fix.replacement + pattern.slice(fix.end);
}

/** Values over `alphabet` (plus some that are clearly outside it). */
const values = (alphabet: readonly string[]) =>
  fc.array(fc.constantFrom(...alphabet, 'Z', '0', '/'), { maxLength: 10 }).map((parts) => parts.join(''));

function expectEquivalent(jsSource: string, jsFlags: string, rewritten: string, alphabet: readonly string[], samples: string[] = []): void {
  const pcre = new RegExp(`^(?:${jsSource})$`, jsFlags);
  assert.ok(re2.check(rewritten).ok, `RE2 compiles ${rewritten}`);
  const agree = (v: string) => pcre.test(v) === re2.fullMatch(rewritten, v);
  for (const s of samples) assert.ok(agree(s), `${JSON.stringify(s)}: /${jsSource}/ vs ${rewritten}`);
  fc.assert(fc.property(values(alphabet), agree), { numRuns: 400 });
}

describe('safe regex fixes are equivalent (PCRE original vs RE2 rewrite, full match)', () => {
  it('^(?!prefix).* expansion', () => {
    for (const p of ['^(?!/admin).*', '(?!ab).*$', '^(?!\\.well-known/).*']) {
      const fixed = safeRewrite(p, 'negative-lookahead');
      const chars = [...new Set(p.replace(/[\\^$().*?!]/g, ''))];
      expectEquivalent(p, 'u', fixed, [...chars, '\n', 'q'], ['', '/', '/adm', '/admin', '/admin/x', '/b', 'ab', 'a', '.well-known/x']);
    }
  });

  it('leading negative lookbehind removal', () => {
    const p = '(?<!x)/api/[a-z]*';
    expectEquivalent(p, 'u', safeRewrite(p, 'negative-lookbehind'), ['x', '/', 'a', 'p', 'i', 'z'], ['/api/', 'x/api/a']);
  });

  it('possessive quantifiers where nothing can be given back', () => {
    const cases: Array<[string, string, string[]]> = [
      ['/v[0-9]++', '/v(?=([0-9]+))\\1', ['/', 'v', '1', '9', 'a']],
      ['/v\\d*+/users', '/v(?=(\\d*))\\1/users', ['/', 'v', '1', 'u', 's', 'e', 'r']],
      ['a{3}+b', '(?=(a{3}))\\1b', ['a', 'b']],
      ['[a-c]?+x|y', '(?=([a-c]?))\\1x|y', ['a', 'c', 'x', 'y']],
    ];
    for (const [p, js, alphabet] of cases) expectEquivalent(js, 'u', safeRewrite(p, 'possessive'), alphabet);
  });

  it('escapes spelled the RE2 way', () => {
    expectEquivalent('a\\cAb', 'u', safeRewrite('a\\cAb', 'control-escape'), ['a', 'b', '\x01', 'A']);
    expectEquivalent('caf\\u00e9', 'u', safeRewrite('caf\\u00e9', 'unicode-escape'), ['c', 'a', 'f', 'é', 'e']);
    expectEquivalent('\\p{Letter}+', 'u', safeRewrite('\\p{Letter}+', 'long-unicode-name'), ['a', 'Ж', 'é', '中', '1', '-', '\u0301']);
    expectEquivalent('\\P{Uppercase_Letter}', 'u', safeRewrite('\\P{Uppercase_Letter}', 'long-unicode-name'), ['a', 'A', 'Ж', 'ж', '1']);
    // JavaScript has no \e or \h: their definitions stand in for PCRE.
    expectEquivalent('a\\x1Bb', 'u', safeRewrite('a\\eb', 'escape'), ['a', 'b', '\x1b', 'e']);
    expectEquivalent('[\\t \\u00A0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000]', 'u', safeRewrite('\\h', 'escape'), [' ', '\t', '\u00a0', '\u2003', '\u200b', '\n', 'x']);
  });

  it('\\Z becomes \\z for values without a trailing newline', () => {
    const p = '/a+\\Z';
    // PCRE's \Z: end of input or before a final newline; values here have no newline.
    expectEquivalent('/a+(?=\\n?$)', 'u', safeRewrite(p, 'escape'), ['/', 'a', 'b']);
  });

  it("named groups: (?'n'…) and (?<n>…) become (?P<n>…)", () => {
    expectEquivalent('(?<id>[0-9]+)-x', 'u', safeRewrite("(?'id'[0-9]+)-x", 'quoted-named-group'), ['1', '2', '-', 'x']);
    expectEquivalent('(?<id>[0-9]+)-x', 'u', '(?P<id>[0-9]+)-x', ['1', '2', '-', 'x']);
  });

  it('comment removal', () => {
    expectEquivalent('/a/b', 'u', safeRewrite('/a(?#version)/b', 'comment-group'), ['/', 'a', 'b']);
  });

  it('escaping {,n} keeps the RE2 reading (literal text)', () => {
    // JavaScript without the u flag reads "{,2}" literally, like RE2.
    expectEquivalent('/v[0-9]{,2}', '', '/v[0-9]\\{,2}', ['/', 'v', '1', '{', ',', '2', '}']);
  });

  it('"/c++/docs" has two readings (the text, or PCRE possessive c+): no rewrite is safe, the literal one comes first', () => {
    const [literal, possessive] = rewrites('/c++/docs', 'possessive');
    assert.deepEqual([literal.safe, possessive.safe], [false, false]);
    assert.equal(literal.pattern, '/c\\+\\+/docs');
    assert.ok(re2.fullMatch(literal.pattern, '/c++/docs') && !re2.fullMatch(literal.pattern, '/c/docs'));
    // The PCRE reading, for whoever meant it: equivalent to the possessive under JavaScript's spelling.
    expectEquivalent('/(?=(c+))\\1/docs', 'u', possessive.pattern, ['/', 'c', '+', 'd', 'o', 's']);
    // A possessive after a class stays a safe rewrite: only one reading.
    assert.equal(rewrites('/v[0-9]++', 'possessive')[0].safe, true);
  });
});
