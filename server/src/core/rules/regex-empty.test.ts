import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { vsMatch as vs, bareHttpRoute } from '../regex/test-fixtures';

const ID = 'regex-empty';

describe('regex-empty', () => {
  it('flags an empty quoted regex on the quotes', () => {
    const [f] = expectFindings(ID, vs(`    - uri:\n        regex: ""\n#              ^^ empty`));
    assert.match(f.message, /^Write the pattern, or drop the uri match/);
    assert.match(f.detail ?? '', /uri regex is empty/);
  });

  it('flags a regex key without a value on the key', () => {
    expectFindings(ID, vs(`    - headers:\n        x-id:\n          regex:\n#         ^^^^^ header "x-id"`));
  });

  it('explains uriRegexRewrite needs a match', () => {
    const [f] = expectFindings(
      ID,
      vs(`    - uri: {prefix: /v1}
    rewrite:
      uriRegexRewrite: {match: '', rewrite: /v2}
#                              ^^`),
    );
    assert.match(f.message, /empty uriRegexRewrite match/);
    assert.match(f.detail ?? '', /needs both `match` and `rewrite`/);
  });

  it('stays silent on non-empty regexes, empty exact values, Gateway API and templates', () => {
    expectNoFindings(ID, vs(`    - uri: {regex: '.*'}`));
    expectNoFindings(ID, vs(`    - uri: {exact: ''}`));
    expectNoFindings(ID, vs(`    - uri: {regex: "{{ .Values.re }}"}`));
    expectNoFindings(
      ID,
      bareHttpRoute(`    - headers: [{type: RegularExpression, name: x, value: ''}]`),
    );
  });
});
