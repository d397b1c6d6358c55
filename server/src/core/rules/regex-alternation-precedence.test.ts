import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, lint, parseMarked, applyFix } from '../../test-support/rule-tester';
import { vsUserAgent as vs, vsUri } from '../regex/test-fixtures';
import { looseAlternation } from '../regex/alternation';
import { Re2Engine } from '../../engines/re2';

const ID = 'regex-alternation-precedence';
const re2 = new Re2Engine();

describe('regex-alternation-precedence', () => {
  it('flags wrappers that belong to the first and last alternatives only', () => {
    expectFindings(ID, vs(`          regex: '.*iPhone|Android.*'
#                ^^^^^^^^^^^^^^^^^^^^ Write ".*(?:iPhone|Android).*": "|" binds loosest, so this matches ".*iPhone" or "Android.*"`));
    expectFindings(ID, vs(`          regex: '^.*\\biPhone|Pixel\\b.*$'
#                ^^^^^^^^^^^^^^^^^^^^^^^^ Write "^.*(?:\\biPhone|Pixel\\b).*$"`));
  });

  it('is the explanation: regex-full-match no longer calls ".*iPhone|Android.*" a value matched "exactly"', () => {
    const text = parseMarked(vs(`          regex: '.*iPhone|Android.*'`)).text;
    assert.deepEqual(lint(text).map((f) => f.rule), [ID]);
  });

  it('groups the alternatives (for review), and the rewrite matches real user agents the original missed', () => {
    const src = vs(`          regex: '.*iPhone|Android.*'`);
    assert.equal(applyFix(ID, src), parseMarked(src).text.replace("'.*iPhone|Android.*'", "'.*(?:iPhone|Android).*'"));
    const [f] = lint(parseMarked(src).text).filter((x) => x.rule === ID);
    assert.equal(f.fixes[0].safe, false);
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
    assert.equal(re2.fullMatch('.*iPhone|Android.*', ua), false);
    assert.equal(re2.fullMatch('.*(?:iPhone|Android).*', ua), true);
    // What the original does match, as the message says: values ending with iPhone or starting with Android.
    assert.equal(re2.fullMatch('.*iPhone|Android.*', 'my iPhone'), true);
    assert.equal(re2.fullMatch('.*iPhone|Android.*', 'Android 14'), true);
  });

  it('stays silent where the pattern is written as meant or the wrappers change nothing', () => {
    expectNoFindings(ID, vs(`          regex: '.*(?:iPhone|Android).*'`));
    expectNoFindings(ID, vs(`          regex: '.*iPhone.*|.*Android.*'`));
    expectNoFindings(ID, vs(`          regex: 'iPhone|Android'`));
    expectNoFindings(ID, vs(`          regex: '.*iPhone|Android'`));
    // Under a full match "^" and "$" are no-ops: exactly "/api" or "/web" either way.
    expectNoFindings(ID, vsUri(`        regex: '^/api|/web$'`));
  });

  it('keeps flags and anchors outside the group, and counts anchors where the regex is searched', () => {
    assert.equal(looseAlternation('(?i).*iphone|android.*', 'full')?.grouped, '(?i).*(?:iphone|android).*');
    assert.equal(looseAlternation('.*a|b|c.*', 'full')?.grouped, '.*(?:a|b|c).*');
    assert.equal(looseAlternation('^/api|/web$', 'full'), undefined);
    assert.equal(looseAlternation('^/api|/web$', 'replace')?.grouped, '^(?:/api|/web)$');
  });

  it('keeps messages within 160 characters for long alternatives', () => {
    const long = `.*${'x'.repeat(80)}|${'y'.repeat(80)}.*`;
    const [f] = lint(parseMarked(vs(`          regex: '${long}'`)).text).filter((x) => x.rule === ID);
    assert.ok(f.message.length <= 160, `${f.message.length}: ${f.message}`);
  });
});
