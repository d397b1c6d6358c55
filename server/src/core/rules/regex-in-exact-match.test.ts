import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'regex-in-exact-match';

const vs = (matchLines: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: [web]
  http:
  - match:
${matchLines}
    route:
    - destination:
        host: web
`;

const route = (pathLines: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  rules:
  - matches:
    - path:
${pathLines}
    backendRefs:
    - name: web
      port: 80
`;

describe('regex-in-exact-match', () => {
  it('flags the regex construct in an exact match and turns it into a regex (keeping quotes)', () => {
    const src = vs(`    - headers:
        user-agent:
          exact: ".*Google.*"
#                 ^^ any run of characters`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /regex: "\.\*Google\.\*"\n/);
  });

  it('keeps "starts with" when a prefix becomes a regex', () => {
    const src = vs(`    - uri:
        prefix: '/v\\d+/'
#                  ^^ a regex escape`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /regex: '\/v\\d\+\/\.\*'\n/);
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
    assert.match(applyFix(ID, typed), /type: RegularExpression\n\s+value: \/api\/\[a-z\]\+\n/);
    const implied = route(`        value: /users/(me|self)`);
    assert.match(applyFix(ID, implied), /- path:\n        type: RegularExpression\n        value: \/users\/\(me\|self\)\.\*\n/);
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
