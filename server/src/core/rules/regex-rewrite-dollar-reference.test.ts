import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'regex-rewrite-dollar-reference';

const vs = (rewriteLine: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: [web]
  http:
  - rewrite:
      uriRegexRewrite:
        match: ^/v1/([^/]+)/(.*)$
${rewriteLine}
    route:
    - destination:
        host: web
`;

describe('regex-rewrite-dollar-reference', () => {
  it('flags each $-reference; the fix writes \\N in plain style', () => {
    const src = vs(`        rewrite: /v2/$2/\${1}
#                    ^^ copied into the rewritten path
#                       ^^^^`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /rewrite: \/v2\/\\2\/\$\{1\}\n/);
  });

  it('doubles the backslash inside double quotes', () => {
    const src = vs(`        rewrite: "/v2/$2"
#                     ^^`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /rewrite: "\/v2\/\\\\2"\n/);
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
