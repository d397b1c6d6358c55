import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, lint, parseMarked, expectFixReplaces } from '../../test-support/rule-tester';
import { applyFixes } from '../index';
import { vsUserAgent as vs, compactVs } from '../regex/test-fixtures';

const ID = 'regex-escaped-wildcard';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-escaped-wildcard', () => {
  it('flags each Markdown-escaped wildcard in a single-quoted pattern', () => {
    expectFindings(ID, vs(`          regex: '.\\*Google.\\*'
#                 ^^^ literal "*"
#                          ^^^ literal "*"`));
  });

  it('explains the YAML side in double quotes too, with both findings', () => {
    const src = vs(`          regex: ".\\*Google.\\*"
#                 ^^^ invalid YAML escape`);
    const text = parseMarked(src).text;
    const found = lint(text).filter((f) => f.rule === ID);
    assert.equal(found.length, 2);
    assert.equal(text.slice(found[0].start, found[0].end), '.\\*');
    assert.equal(text.slice(found[1].start, found[1].end), '.\\*');
    assert.match(found[0].message, /invalid YAML escape in double quotes/);
    assert.match(found[0].detail ?? '', /invalid YAML escape, so kubectl rejects the file/);
    assert.ok(lint(text).some((f) => f.rule === 'yaml-syntax'), 'yaml-syntax reports the escape as well');
  });

  it('fixes one occurrence, and all of them together', () => {
    const src = vs(`          regex: '.\\*Google.\\*'`);
    expectFix(src, undefined, "'.\\*Google.\\*'", "'.*Google.\\*'");
    const text = parseMarked(src).text;
    const all = lint(text).filter((f) => f.rule === ID).map((f) => f.fixes[0]);
    assert.equal(applyFixes(text, all).text, text.replace("'.\\*Google.\\*'", "'.*Google.*'"));
  });

  it('works in plain and flow style', () => {
    expectFindings(
      ID,
      compactVs(`  - match: [{headers: {user-agent: {regex: .\\*bot}}}, {uri: {regex: '/a/[^/]\\+'}}]
#                                          ^^^
#                                                                       ^^^^^^`),
    );
  });

  it('leaves deliberate literal stars alone', () => {
    expectNoFindings(ID, vs(`          regex: '\\*/\\*'`));
    expectNoFindings(ID, vs(`          regex: '.*Google.*'`));
  });
});
