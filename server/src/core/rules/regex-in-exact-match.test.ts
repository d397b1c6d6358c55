import { describe, it } from 'node:test';
import { expectFindings, expectNoFindings, expectFixReplaces } from '../../test-support/rule-tester';
import { vsMatch as vs, httpRoute } from '../regex/test-fixtures';

const ID = 'regex-in-exact-match';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

const route = (pathLines: string) => httpRoute(`    - path:\n${pathLines}`);

describe('regex-in-exact-match', () => {
  it('flags the regex construct in an exact match and turns it into a regex (keeping quotes)', () => {
    const src = vs(`    - headers:
        user-agent:
          exact: ".*Google.*"
#                 ^^ any run of characters`);
    expectFindings(ID, src);
    expectFix(src, undefined, 'exact: ".*Google.*"', 'regex: ".*Google.*"');
  });

  it('keeps "starts with" when a prefix becomes a regex', () => {
    const src = vs(`    - uri:
        prefix: '/v\\d+/'
#                  ^^ a regex escape`);
    expectFindings(ID, src);
    expectFix(src, undefined, "prefix: '/v\\d+/'", "regex: '/v\\d+/.*'");
  });

  it('flags flow style, in every document', () => {
    const doc = vs(`    - uri: {exact: "^/api"}
#                   ^ start anchor`);
    expectFindings(ID, `${doc}---${doc}`);
  });

  it('switches the Gateway API type, adding it when it was implied', () => {
    const typed = route(`        type: Exact
        value: /api/[a-z]+
#                   ^^^^^^ character class`);
    expectFindings(ID, typed);
    expectFix(typed, undefined, 'type: Exact', 'type: RegularExpression');
    const implied = route(`        value: /users/(me|self)`);
    expectFix(implied, undefined, '        value: /users/(me|self)', '        type: RegularExpression\n        value: /users/(me|self).*');
  });

  it('accepts ordinary exact and prefix values', () => {
    expectNoFindings(
      ID,
      vs(`    - uri:
        prefix: /api/v1.0/
      authority:
        exact: shop.example.com
      headers:
        accept:
          exact: application/vnd.api+json
        x-tenant:
          exact: "*"`),
    );
  });
});
