import { describe, it } from 'node:test';
import { expectFindings, expectNoFindings, expectFixReplaces } from '../../test-support/rule-tester';
import { vsMatch as vs, vsCorsOrigins as cors, httpRoute, virtualService } from '../regex/test-fixtures';

const ID = 'regex-full-match';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-full-match', () => {
  it('flags a bare word for user-agent (the weekly tip) and offers the contains form', () => {
    const src = vs(`    - headers:
        user-agent:
          regex: Google
#                ^^^^^^ exactly that`);
    expectFindings(ID, src);
    expectFix(src, 'containing', 'regex: Google', 'regex: .*Google.*');
  });

  it('flags "^" without an end, through double-quote escapes, with starts-with and prefix fixes', () => {
    const src = vs(`    - uri:
        regex: "^/api/v2\\\\.1"
#               ^ "^" does not mean "starts with"`);
    expectFindings(ID, src);
    expectFix(src, 'starting with', '"^/api/v2\\\\.1"', '"/api/v2\\\\.1.*"');
    expectFix(src, 'prefix', 'regex: "^/api/v2\\\\.1"', 'prefix: "/api/v2.1"');
  });

  it('flags "$" without a start, in single quotes, with an ends-with fix', () => {
    const src = vs(`    - uri:
        regex: '\\.jpg$'
#                    ^ "$" does not mean "ends with"`);
    expectFindings(ID, src);
    expectFix(src, 'ending with', "'\\.jpg$'", "'.*\\.jpg'");
  });

  it('groups an alternation in flow style before opening it up', () => {
    const src = vs(`    - headers: {user-agent: {regex: "Chrome|Firefox"}}
#                                    ^^^^^^^^^^^^^^ compound`);
    expectFindings(ID, src);
    expectFix(src, 'containing', '"Chrome|Firefox"', '".*(?:Chrome|Firefox).*"');
  });

  it('flags a path without a leading slash', () => {
    expectFindings(ID, vs(`    - uri:
        regex: health
#              ^^^^^^ always start with "/"`));
  });

  it('reports in every document of a multi-document file', () => {
    const second = vs(`    - headers:
        cookie:
          regex: "user=jason"
#                 ^^^^^^^^^^`);
    expectFindings(ID, `${vs(`    - uri:
        regex: ^/v1
#              ^`)}---${second}`);
  });

  it('flags Gateway API paths and offers PathPrefix', () => {
    const src = httpRoute(`    - path:
        type: RegularExpression
        value: ^/api
#              ^`);
    expectFindings(ID, src);
    expectFix(src, 'PathPrefix', 'type: RegularExpression\n        value: ^/api', 'type: PathPrefix\n        value: /api');
  });

  it('accepts deliberate patterns, including the istio.io cookie example', () => {
    expectNoFindings(
      ID,
      vs(`    - headers:
        cookie:
          regex: "^(.*?;)?(user=jason)(;.*)?$"
        user-agent:
          regex: '.*Google.*'
        x-env:
          regex: prod
      method:
        regex: GET
      uri:
        regex: ^/api/.*`),
    );
  });

  it('leaves rewrite matches (search and replace) and templated values alone', () => {
    expectNoFindings(
      ID,
      virtualService(`  - match:
    - headers:
        user-agent:
          regex: "{{ .Values.bot }}"
    rewrite:
      uriRegexRewrite:
        match: ^/old
        rewrite: /new`),
    );
  });
});

describe('regex-full-match on CORS origins', () => {
  it('flags an origin pattern without a scheme and offers the https form', () => {
    const src = cors(`      - regex: '.+\\.example\\.com'
      - regex: 'app\\.example\\.com'
#               ^^^^^^^^^^^^^^^^^ scheme://host`);
    expectFindings(ID, src);
    expectFix(src, undefined, "'app\\.example\\.com'", "'https://app\\.example\\.com'");
  });

  it('accepts origins with a scheme, a wildcard start, or the null origin', () => {
    expectNoFindings(ID, cors(`      - regex: 'https?://app\\.example\\.com'
      - regex: '(?i)HTTPS://app\\.example\\.com'
      - regex: 'null'`));
  });
});
