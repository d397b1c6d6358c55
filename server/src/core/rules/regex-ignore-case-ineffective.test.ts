import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, expectFixReplaces } from '../../test-support/rule-tester';
import { vsMatch as vs } from '../regex/test-fixtures';

const ID = 'regex-ignore-case-ineffective';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-ignore-case-ineffective', () => {
  it('flags a uri regex next to ignoreUriCase and adds (?i) safely', () => {
    const src = vs(`    - ignoreUriCase: true
      uri:
        regex: "/Orders/\\\\d+"
#               ^^^^^^^^^^^^ stays case-sensitive`);
    const [f] = expectFindings(ID, src);
    assert.equal(f.fixes[0].safe, true);
    expectFix(src, undefined, '"/Orders/\\\\d+"', '"(?i)/Orders/\\\\d+"');
  });

  it('works in flow style', () => {
    const src = vs(`    - {uri: {regex: /Orders/.*}, ignoreUriCase: true}
#                   ^^^^^^^^^^`);
    expectFindings(ID, src);
    expectFix(src, undefined, '{regex: /Orders/.*}', '{regex: (?i)/Orders/.*}');
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
