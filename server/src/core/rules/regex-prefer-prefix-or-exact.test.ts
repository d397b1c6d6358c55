import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, expectFixReplaces } from '../../test-support/rule-tester';
import { vsMatch as vs, httpRoute } from '../regex/test-fixtures';

const ID = 'regex-prefer-prefix-or-exact';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-prefer-prefix-or-exact', () => {
  it('rewrites a literal-plus-.* regex to a prefix, safely', () => {
    const src = vs(`    - uri:
        regex: '^/api/.*'
#               ^^^^^^^^ prefix: /api/`);
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'info');
    assert.equal(f.fixes[0].safe, true);
    expectFix(src, undefined, "regex: '^/api/.*'", "prefix: '/api/'");
  });

  it('rewrites a literal regex to exact, decoding escapes and keeping double quotes', () => {
    const src = vs(`    - uri:
        regex: "/v1\\\\.0/health"
#               ^^^^^^^^^^^^^^ exact: /v1.0/health`);
    expectFindings(ID, src);
    expectFix(src, undefined, 'regex: "/v1\\\\.0/health"', 'exact: "/v1.0/health"');
  });

  it('quotes a plain value that would otherwise change type', () => {
    const src = vs(`    - headers:
        x-api-version: {regex: "2"}
    - queryParams:
        v: {regex: 2}
#                  ^`);
    const found = expectFindings(ID, src.replace('{regex: "2"}', '{exact: "2"}'));
    assert.equal(found.length, 1);
    expectFix(src.replace('{regex: "2"}', '{exact: "2"}'), undefined, '{regex: 2}', "{exact: '2'}");
  });

  it('offers only Exact for Gateway API, and nothing for a path prefix', () => {
    const route = (value: string) => httpRoute(`    - headers:
      - name: x-env
        type: RegularExpression
        value: canary
    - path:
        type: RegularExpression
        value: ${value}`);
    expectFix(route('/api/.*'), undefined, 'type: RegularExpression\n        value: canary', 'type: Exact\n        value: canary');
    assert.equal(expectFindings(ID, route('/api/.*').replace('value: canary', 'value: canary\n#              ^^^^^^')).length, 1);
  });

  it('stays out of real regexes, ignoreUriCase and patterns other rules explain', () => {
    expectNoFindings(ID, vs(`    - uri:
        regex: /api/.+
      method:
        regex: GET|POST
      headers:
        user-agent:
          regex: Google
    - uri:
        regex: /Orders/.*
      ignoreUriCase: true
    - uri:
        regex: ^/api`));
  });

  it('offers no prefix for a uri regex with a query: Envoy removes it before any path match, so neither form ever matches', () => {
    expectNoFindings(ID, vs(`    - uri:
        regex: '/search\\?q=.*'
    - uri:
        regex: '/a#top'`));
    expectFindings(ID, vs(`    - headers:
        x-original-uri:
          regex: '/search\\?q=.*'
#                 ^^^^^^^^^^^^^ "prefix: /search?q="`));
  });
});
