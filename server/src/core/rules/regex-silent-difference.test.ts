import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings, lint, parseMarked } from '../../test-support/rule-tester';
import { vsUri as uri } from '../regex/test-fixtures';

const ID = 'regex-silent-difference';

describe('regex-silent-difference', () => {
  it('class set operations and nested classes', () => {
    expectFindings(ID, uri(`        regex: '/[a-z&&[^aeiou]]+'\n#                    ^^ intersection`));
    expectFindings(ID, uri(`        regex: '/[a-z-[aeiou]]+'\n#                     ^ literal "["`));
  });

  it('{,n}, POSIX collating elements and \\v', () => {
    expectFindings(ID, uri(`        regex: '/v[0-9]{,2}'\n#                      ^^^^ literal text`));
    expectFindings(ID, uri(`        regex: '[[.a.]]x'\n#                ^^^^^ collating`));
    expectFindings(ID, uri(`        regex: 'a\\vb'\n#                ^^ vertical tab`));
  });

  it('fixes {,n}: escaping keeps the meaning (safe), {0,n} changes it (unsafe)', () => {
    const src = uri(`        regex: '/v[0-9]{,2}'`);
    const text = parseMarked(src).text;
    assert.equal(applyFix(ID, src, 'Escape the brace'), text.replace("'/v[0-9]{,2}'", "'/v[0-9]\\{,2}'"));
    assert.equal(applyFix(ID, src, 'Repeat 0 to 2'), text.replace("'/v[0-9]{,2}'", "'/v[0-9]{0,2}'"));
    const fixes = lint(text).find((f) => f.rule === ID)!.fixes;
    assert.deepEqual(fixes.map((f) => f.safe), [false, true]);
  });

  it('\\v can be widened to PCRE vertical whitespace (unsafe)', () => {
    const src = uri(`        regex: 'a\\vb'`);
    const text = parseMarked(src).text;
    assert.equal(applyFix(ID, src, 'vertical whitespace'), text.replace("'a\\vb'", "'a[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}]b'"));
  });

  it('stays silent when the pattern does not compile, and on ordinary classes', () => {
    expectNoFindings(ID, uri(`        regex: '(a{,2}'`));
    expectNoFindings(ID, uri(`        regex: '[[:alpha:]]+{2,3}'`));
    expectNoFindings(ID, uri(`        regex: 'a{0,2}'`));
  });
});
