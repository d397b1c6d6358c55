import { describe, it } from 'node:test';
import { expectFindings, expectNoFindings, expectFixReplaces } from '../../test-support/rule-tester';
import { vsMatch as vs } from '../regex/test-fixtures';

const ID = 'regex-slash-delimited';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-slash-delimited', () => {
  it('flags a JavaScript literal and moves its flags inline', () => {
    const src = vs(`    - headers:
        user-agent:
          regex: "/.*googlebot.*/gi"
#                 ^^^^^^^^^^^^^^^^^ "g" has no RE2 equivalent`);
    expectFindings(ID, src);
    expectFix(src, undefined, '"/.*googlebot.*/gi"', '"(?i).*googlebot.*"');
  });

  it('flags a path literal with escaped slashes, keeping plain style', () => {
    const src = vs(`    - uri:
        regex: /^\\/api\\/v1/
#              ^^^^^^^^^^^^`);
    expectFindings(ID, src);
    expectFix(src, undefined, 'regex: /^\\/api\\/v1/', 'regex: ^\\/api\\/v1');
  });

  it('accepts paths that merely start and end with a slash', () => {
    expectNoFindings(ID, vs(`    - uri:
        regex: /api/
    - uri:
        regex: /api/v[0-9]+/`));
  });
});
