import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanPattern, longUnicodeName, isUnsupported, isSilent } from './syntax-scan';

/** kind:text pairs, in order. */
const scan = (p: string) => scanPattern(p).map((f) => `${f.kind}:${f.text}`);

describe('scanPattern', () => {
  it('finds lookaround with exact offsets', () => {
    assert.deepEqual(scan('a(?=b)(?!c)(?<=d)(?<!e)'), ['lookahead:(?=', 'negative-lookahead:(?!', 'lookbehind:(?<=', 'negative-lookbehind:(?<!']);
    const [f] = scanPattern('xy(?!z)');
    assert.deepEqual([f.start, f.end, f.depth], [2, 5, 0]);
    assert.equal(scanPattern('(a(?=b))')[0].depth, 1);
  });

  it('backreferences, but not octal escapes', () => {
    assert.deepEqual(scan('(a)\\1'), ['backreference:\\1']);
    assert.deepEqual(scan('(a)\\9'), ['backreference:\\9']);
    assert.deepEqual(scan('\\12\\0\\077'), []);
    assert.deepEqual(scan('\\k<n>\\k\'n\'\\k{n}(?P=n)'), [
      'named-backreference:\\k<n>',
      "named-backreference:\\k'n'",
      'named-backreference:\\k{n}',
      'named-backreference:(?P=n)',
    ]);
    assert.deepEqual(scan('\\g1\\g{-1}\\g<n>'), ['backreference:\\g1', 'backreference:\\g{-1}', 'recursion:\\g<n>']);
  });

  it('possessive quantifiers, not lazy ones', () => {
    assert.deepEqual(scan('a*+b++c?+d{2}+e{2,}+f{1,3}+'), [
      'possessive:*+',
      'possessive:++',
      'possessive:?+',
      'possessive:{2}+',
      'possessive:{2,}+',
      'possessive:{1,3}+',
    ]);
    assert.deepEqual(scan('a*?b+?c??d{2,3}?'), []);
    // A `+` after a literal `+` is an ordinary repetition of it.
    assert.deepEqual(scan('\\++'), []);
  });

  it('groups PCRE has and RE2 does not', () => {
    assert.deepEqual(scan('(?>a)(?|b|c)(?(1)d|e)(?R)(?1)(?-1)(?&n)(?P>n)'), [
      'atomic-group:(?>',
      'branch-reset:(?|',
      'conditional:(?(1)',
      'recursion:(?R)',
      'recursion:(?1)',
      'recursion:(?-1)',
      'recursion:(?&n)',
      'recursion:(?P>n)',
    ]);
    assert.deepEqual(scan("(?'n'a)(?#note)(*SKIP)"), ["quoted-named-group:(?'n'", 'comment-group:(?#note)', 'pcre-verb:(*SKIP)']);
  });

  it('inline flags: i m s U are fine, x and others are not', () => {
    assert.deepEqual(scan('(?i)a(?ms-U:b)(?x)c(?in:d)'), ['inline-flag:(?x)', 'inline-flag:(?in:']);
    assert.equal(scanPattern('(?x)')[0].detail, 'x');
  });

  it('escapes', () => {
    assert.deepEqual(scan('\\G\\Z\\K\\h\\H\\R\\X\\e\\N\\V\\o{17}'), [
      'escape:\\G', 'escape:\\Z', 'escape:\\K', 'escape:\\h', 'escape:\\H', 'escape:\\R', 'escape:\\X', 'escape:\\e', 'escape:\\N', 'escape:\\V', 'escape:\\o{17}',
    ]);
    assert.deepEqual(scan('\\cA\\u00e9\\u{1F600}\\C'), ['control-escape:\\cA', 'unicode-escape:\\u00e9', 'unicode-escape:\\u{1F600}', 'any-byte:\\C']);
    // RE2 escapes: nothing to report.
    assert.deepEqual(scan('\\A\\z\\b\\B\\d\\w\\s\\pL\\p{Greek}\\x41\\x{1F600}\\Q(?=\\E\\a\\f\\t\\n\\r'), []);
  });

  it('long Unicode names', () => {
    assert.deepEqual(scan('\\p{Letter}\\P{Uppercase_Letter}\\p{L}\\p{Lu}\\p{Greek}\\p{^Greek}\\p{IsGreek}\\p{Script=Greek}'), [
      'long-unicode-name:\\p{Letter}',
      'long-unicode-name:\\P{Uppercase_Letter}',
      'long-unicode-name:\\p{IsGreek}',
      'long-unicode-name:\\p{Script=Greek}',
    ]);
    assert.deepEqual(longUnicodeName('Letter'), { long: true, short: 'L' });
    assert.deepEqual(longUnicodeName('^Decimal_Number'), { long: true, short: '^Nd' });
    assert.deepEqual(longUnicodeName('Lu'), { long: false });
  });

  it('repeat counts over 1000', () => {
    assert.deepEqual(scan('a{1001}b{2,5000}c{1000}d{0,1000}'), ['repeat-too-large:{1001}', 'repeat-too-large:{2,5000}']);
  });

  it('silent differences', () => {
    assert.deepEqual(scan('[a-z&&[^aeiou]]'), ['class-set-operation:&&']);
    assert.deepEqual(scan('[a-z-[aeiou]]'), ['nested-class:[']);
    assert.deepEqual(scan('a{,5}'), ['empty-min-repeat:{,5}']);
    assert.deepEqual(scan('[[.a.]][[=e=]]'), ['posix-collating:[.a.]', 'posix-collating:[=e=]']);
    assert.deepEqual(scan('\\v'), ['vertical-tab:\\v']);
    assert.deepEqual(scan('[[:alpha:]]'), []);
  });

  it('nothing is special inside a class or \\Q…\\E', () => {
    assert.deepEqual(scan('[(?=][*+]\\Q\\1(?=\\E'), []);
    assert.deepEqual(scan('[]a]+(?=x)'), ['lookahead:(?=']);
    assert.deepEqual(scan('[^]a](?=x)'), ['lookahead:(?=']);
  });

  it('named groups: (?<n> is a compatibility note; (?P<n> is fine', () => {
    assert.deepEqual(scan('(?<year>\\d+)(?P<m>\\d+)'), ['angle-named-group:(?<year>']);
    assert.equal(scanPattern('(?<year>x)')[0].detail, 'year');
    assert.deepEqual(scan('(?<é>x)'), []);
  });

  it('classifies findings', () => {
    const [a, b, c] = scanPattern('(?=a)[a&&b](?<n>c)');
    assert.ok(isUnsupported(a) && !isSilent(a));
    assert.ok(isSilent(b) && !isUnsupported(b));
    assert.ok(!isUnsupported(c) && !isSilent(c));
  });

  it('survives truncated input without throwing', () => {
    for (const p of ['\\', '(?', '(?<', '(?P', '(?P=', '[', '[[:', '[[.', '\\p{', '\\k<', '\\g{', '\\x{', '\\u{', '(*', 'a{', 'a{1,', '(?#', '\\Q']) {
      assert.doesNotThrow(() => scanPattern(p), p);
    }
  });

  it('is linear on hostile input', () => {
    const p = '(?='.repeat(20000) + '[&&'.repeat(20000) + 'a{,1}'.repeat(20000);
    const t = scanPattern(p);
    assert.ok(t.length > 20000);
  });
});
