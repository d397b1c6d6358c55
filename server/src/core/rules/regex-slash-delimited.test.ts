import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'regex-slash-delimited';

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

describe('regex-slash-delimited', () => {
  it('flags a JavaScript literal and moves its flags inline', () => {
    const src = vs(`    - headers:
        user-agent:
          regex: "/.*googlebot.*/gi"
#                 ^^^^^^^^^^^^^^^^^ "g" has no RE2 equivalent`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /regex: "\(\?i\)\.\*googlebot\.\*"\n/);
  });

  it('flags a path literal with escaped slashes, keeping plain style', () => {
    const src = vs(`    - uri:
        regex: /^\\/api\\/v1/
#              ^^^^^^^^^^^^`);
    expectFindings(ID, src);
    assert.match(applyFix(ID, src), /regex: \^\\\/api\\\/v1\n/);
  });

  it('accepts paths that merely start and end with a slash', () => {
    expectNoFindings(ID, vs(`    - uri:
        regex: /api/
    - uri:
        regex: /api/v[0-9]+/`));
  });
});
