import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, lint, parseMarked, expectFixReplaces } from '../../test-support/rule-tester';
import { applyFixes } from '../index';
import { vsUserAgent as vs, compactVs } from '../regex/test-fixtures';

const ID = 'regex-escaped-wildcard';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-escaped-wildcard', () => {
  it('reports a value once, over the whole value, however many wildcards are escaped', () => {
    expectFindings(ID, vs(`          regex: '.\\*Google.\\*'
#                ^^^^^^^^^^^^^^ Write ".*" for ".\\*" (2 places)`));
  });

  // The tip's own example: before, 2 yaml-syntax errors + 2 regex-escaped-wildcard warnings.
  it('is one finding in double quotes, where YAML also rejects the escape, and its fix makes the YAML valid', () => {
    const src = vs(`          regex: ".\\*Google.\\*"
#                ^^^^^^^^^^^^^^ invalid YAML escape, so kubectl rejects the file`);
    expectFindings(ID, src);
    const text = parseMarked(src).text;
    assert.deepEqual(lint(text).map((f) => f.rule), [ID], 'yaml-syntax does not report the same escape again');
    expectFix(src, undefined, '".\\*Google.\\*"', "'.*Google.*'");
    const fixed = applyFixes(text, lint(text).flatMap((f) => f.fixes)).text;
    assert.deepEqual(lint(fixed), [], 'nothing left after the one fix');
    const [finding] = lint(text);
    assert.match(finding.message, /invalid YAML escape in double quotes/);
    assert.match(finding.detail ?? '', /the fix rewrites the value in single quotes/);
  });

  it('keeps the YAML error when the regex rule is off, and other invalid escapes are repaired by the same fix', () => {
    const text = parseMarked(vs(`          regex: ".\\*Google\\d"`)).text;
    assert.deepEqual(lint(text, { rules: { [ID]: 'off' } }).map((f) => f.rule), ['yaml-syntax']);
    assert.deepEqual(lint(text).map((f) => f.rule), [ID]);
    expectFix(vs(`          regex: ".\\*Google\\d"`), undefined, '".\\*Google\\d"', "'.*Google\\d'");
  });

  it('keeps valid double quotes double-quoted and fixes every occurrence at once', () => {
    expectFix(vs(`          regex: ".\\\\*Google.\\\\*"`), undefined, '".\\\\*Google.\\\\*"', '".*Google.*"');
    expectFix(vs(`          regex: '.\\*Google.\\*'`), undefined, "'.\\*Google.\\*'", "'.*Google.*'");
    const text = parseMarked(vs(`          regex: '.\\*Google.\\*'`)).text;
    const [finding] = lint(text).filter((f) => f.rule === ID);
    assert.equal(finding.fixes.length, 1);
    assert.equal(finding.fixes[0].safe, false, 'a literal star is a valid reading: review, not fix-all');
  });

  it('works in plain and flow style', () => {
    expectFindings(
      ID,
      compactVs(`  - match: [{headers: {user-agent: {regex: .\\*bot}}}, {uri: {regex: '/a/[^/]\\+'}}]
#                                          ^^^^^^
#                                                                   ^^^^^^^^^^^`),
    );
  });

  it('leaves deliberate literal stars alone', () => {
    expectNoFindings(ID, vs(`          regex: '\\*/\\*'`));
    expectNoFindings(ID, vs(`          regex: '.*Google.*'`));
  });
});
