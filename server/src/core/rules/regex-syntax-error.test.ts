import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { vsUri as uri, bareHttpRoute, envoyFilter, compactVs } from '../regex/test-fixtures';

const ID = 'regex-syntax-error';

const regexPathRoute = (valueLine: string) => bareHttpRoute(`    - path:
        type: RegularExpression
${valueLine}
    backendRefs: [{name: web, port: 80}]`);

describe('regex-syntax-error', () => {
  it('both engines reject: Go text and position, RE2 agrees', () => {
    const [f] = expectFindings(ID, uri(`        regex: '/api/(v1|v2/.*'\n#                    ^ missing closing )`));
    assert.equal(f.message, 'Invalid regex (missing closing ): "/api/(v1|v2/.*"): Istio\'s webhook and Envoy\'s RE2 both reject it');
    assert.match(f.detail ?? '', /Istio's validation webhook \(Go regexp\) rejects it with "error parsing regexp: missing closing \): `\/api\/\(v1\|v2\/\.\*`"/);
    assert.match(f.detail ?? '', /Envoy's RE2 agrees \("missing \): \/api\/\(v1\|v2\/\.\*"\)/);
  });

  it('points at the offending token through double-quoted escapes', () => {
    expectFindings(ID, uri(`        regex: "a\\\\qb"\n#                ^^^ invalid escape sequence`));
    expectFindings(ID, uri(`        regex: '[z-a]x'\n#                ^^^ invalid character class range`));
    expectFindings(ID, uri(`        regex: 'a**'\n#                ^^ nested repetition`));
  });

  it('Gateway API: only Envoy judges, and the message says Istio does not check', () => {
    const [f] = expectFindings(ID, regexPathRoute(`        value: '/v1/(a'\n#                   ^ RE2 rejects`));
    assert.match(f.message, /Istio does not check it/);
    assert.match(f.detail ?? '', /Istio does not validate Gateway API regexes/);
    assert.doesNotMatch(f.message, /Go regexp/);
  });

  it('Go-only rejections: a duplicate group name (EnvoyFilter proxyVersion is Go only)', () => {
    const [f] = expectFindings(ID, uri(`        regex: '(?P<v>a)(?P<v>b)'\n#                       ^^^^^^ duplicate capture group name`));
    assert.match(f.message, /Envoy's RE2 would accept it/);
    expectFindings(
      ID,
      envoyFilter(`  - applyTo: HTTP_FILTER
    match:
      proxy:
        proxyVersion: '^1\\.2[0-9'
#                           ^ missing closing ]`),
    );
  });

  it('does not double-report what regex-unsupported-syntax names', () => {
    expectNoFindings(ID, uri(`        regex: '\\p{Letter}+'`));
    expectNoFindings(ID, uri(`        regex: 'a\\C'`));
  });

  it('stays silent on valid patterns, (?<name>…), empty and unsupported-syntax patterns', () => {
    expectNoFindings(ID, uri(`        regex: '/api/v[0-9]+/(?P<rest>.*)'`));
    expectNoFindings(ID, uri(`        regex: '(?<year>[0-9]{4})'`));
    expectNoFindings(ID, uri(`        regex: ''`));
    expectNoFindings(ID, uri(`        regex: '(?=a)(b'`));
    expectNoFindings(ID, uri(`        exact: '(b'`));
    expectNoFindings(ID, uri(`        regex: "{{ .Values.re }}("`));
  });

  it('checks headers, query params, CORS origins and uriRegexRewrite too', () => {
    expectFindings(
      ID,
      compactVs(`  - match:
    - headers:
        x-v: {regex: 'a)'}
#                      ^
      queryParams:
        q: {regex: '+a'}
#                   ^
    corsPolicy:
      allowOrigins:
      - regex: 'https://(a'
#                       ^
    rewrite:
      uriRegexRewrite: {match: '^/v1/(.*', rewrite: '/v2/\\1'}
#                                    ^`),
    );
  });
});
