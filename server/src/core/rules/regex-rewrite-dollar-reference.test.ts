import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, expectFixReplaces } from '../../test-support/rule-tester';
import { virtualService } from '../regex/test-fixtures';

const ID = 'regex-rewrite-dollar-reference';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

/** A VirtualService whose route rewrites `^/v1/([^/]+)/(.*)$` by `rewriteLine` (`        rewrite: …`). */
const vs = (rewriteLine: string) => virtualService(`  - rewrite:\n      uriRegexRewrite:\n        match: ^/v1/([^/]+)/(.*)$\n${rewriteLine}`);

describe('regex-rewrite-dollar-reference', () => {
  it('flags each $-reference; the fix writes \\N in plain style', () => {
    const src = vs(`        rewrite: /v2/$2/\${1}
#                    ^^ copied into the rewritten path
#                       ^^^^`);
    expectFindings(ID, src);
    expectFix(src, undefined, 'rewrite: /v2/$2/', 'rewrite: /v2/\\2/');
  });

  it('doubles the backslash inside double quotes', () => {
    const src = vs(`        rewrite: "/v2/$2"
#                     ^^`);
    expectFindings(ID, src);
    expectFix(src, undefined, '"/v2/$2"', '"/v2/\\\\2"');
  });

  it('explains named and out-of-range references without a fix', () => {
    const [named, high] = expectFindings(ID, vs(`        rewrite: '/v2/$name/$12'
#                     ^^^^^ no named references
#                           ^^^ "\\0" to "\\9" only`));
    assert.deepEqual([named.fixes, high.fixes], [[], []]);
  });

  it('accepts RE2 substitutions', () => {
    expectNoFindings(ID, vs(`        rewrite: '/v2/\\2/\\1'`));
  });
});
