import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings, lint, parseMarked } from '../../test-support/rule-tester';
import { vsUri as uri } from '../regex/test-fixtures';

const ID = 'regex-named-group-compat';

describe('regex-named-group-compat', () => {
  it('flags each (?<name> opener as info', () => {
    const found = expectFindings(
      ID,
      uri(`        regex: '/(?<ver>v[0-9]+)/(?<rest>.*)'
#                ^^^^^^^ (?P<ver>
#                                ^^^^^^^^ (?P<rest>`),
    );
    assert.ok(found.every((f) => f.severity === 'info'));
  });

  it('the fix inserts P and nothing else (safe), in every quoting style', () => {
    for (const [written, fixed] of [
      ["'/(?<v>x)'", "'/(?P<v>x)'"],
      ['"/(?<v>x)"', '"/(?P<v>x)"'],
      ['/(?<v>x)', '/(?P<v>x)'],
    ]) {
      const src = uri(`        regex: ${written}`);
      const text = parseMarked(src).text;
      assert.equal(applyFix(ID, src, '(?P<v>'), text.replace(written, fixed));
      assert.equal(lint(text).find((f) => f.rule === ID)?.fixes[0].safe, true);
    }
  });

  it('ignores (?P<name>, lookbehind, escaped or bracketed text', () => {
    expectNoFindings(ID, uri(`        regex: '(?P<v>x)\\(?<v>[(?<v>]'`));
    expectNoFindings(ID, uri(`        regex: '(?<=a)b'`));
  });
});
