import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { vsMatch as vs, vsUri as uri, httpRoute } from '../regex/test-fixtures';

const ID = 'regex-never-matches';

describe('regex-never-matches', () => {
  it('a uri regex that needs a query string (Envoy PathMatcher::match removes it first)', () => {
    const [f] = expectFindings(ID, uri(`        regex: '/search\\?q=.*'\n#              ^^^^^^^^^^^^^^^ query string`));
    assert.ok(f.message.length <= 160);
    expectFindings(ID, uri(`        regex: '.*[?].*'\n#              ^^^^^^^^^ query`));
  });

  it('a uri regex with no value starting with a slash', () => {
    expectFindings(ID, uri(`        regex: '[A-Z]'\n#              ^^^^^^^ starts with /`));
    expectFindings(ID, uri(`        regex: 'api/v[0-9]+'\n#              ^^^^^^^^^^^^^ starts with /`));
  });

  it('a method regex that only matches lowercase', () => {
    expectFindings(ID, vs(`    - method:\n        regex: 'get|post'\n#              ^^^^^^^^^^ uppercase`));
    expectNoFindings(ID, vs(`    - method:\n        regex: '(?i)get|post'`));
    expectNoFindings(ID, vs(`    - method:\n        regex: 'GET|POST'`));
  });

  it('any regex whose language is empty', () => {
    expectFindings(ID, vs(`    - headers:\n        x-env:\n          regex: 'a\\bb'\n#                ^^^^^^ no value at all`));
    expectFindings(ID, vs(`    - headers:\n        x-env:\n          regex: '[^\\x00-\\x{10FFFF}]'\n#                ^^^^^^^^^^^^^^^^^^^^ no value`));
  });

  it('Gateway API paths go through the same path matcher', () => {
    expectFindings(ID, httpRoute(`    - path: {type: RegularExpression, value: 'v1/.*'}\n#                                            ^^^^^^^ starts with /`));
  });

  it('stays silent on patterns that can match, on ? in headers, unsupported syntax and templates', () => {
    expectNoFindings(ID, uri(`        regex: '/api/v[0-9]+/.*'`));
    expectNoFindings(ID, uri(`        regex: '(/a|b)\\??'`));
    expectNoFindings(ID, vs(`    - headers:\n        referer:\n          regex: '.*\\?.*'`));
    expectNoFindings(ID, uri(`        regex: '(?!/a)[A-Z]'`));
    expectNoFindings(ID, uri(`        regex: "{{ .Values.re }}"`));
    expectNoFindings(ID, uri(`        prefix: 'api'`));
  });
});
