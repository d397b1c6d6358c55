import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'regex-ignore-case-ineffective';

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

describe('regex-ignore-case-ineffective', () => {
  it('flags a uri regex next to ignoreUriCase and adds (?i) safely', () => {
    const src = vs(`    - ignoreUriCase: true
      uri:
        regex: "/Orders/\\\\d+"
#               ^^^^^^^^^^^^ stays case-sensitive`);
    const [f] = expectFindings(ID, src);
    assert.equal(f.fixes[0].safe, true);
    assert.match(applyFix(ID, src), /regex: "\(\?i\)\/Orders\/\\\\d\+"\n/);
  });

  it('works in flow style', () => {
    const src = vs(`    - {uri: {regex: /Orders/.*}, ignoreUriCase: true}
#                   ^^^^^^^^^^`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /\{regex: \(\?i\)\/Orders\/\.\*\}/);
  });

  it('stays silent when the pattern is already case-insensitive, or the match is not a regex', () => {
    expectNoFindings(ID, vs(`    - ignoreUriCase: true
      uri:
        regex: (?i)/orders/.*
    - ignoreUriCase: true
      uri:
        prefix: /Orders/
    - uri:
        regex: /Orders/.*`));
  });
});
