import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, lint } from '../../test-support/rule-tester';
import { vsUri as uri, vsMatch, bareHttpRoute, envoyFilter, compactVs } from '../regex/test-fixtures';

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

  it('Go-only rejections: a non-ASCII group name (EnvoyFilter proxyVersion is Go only)', () => {
    const [f] = expectFindings(ID, uri(`        regex: '(?P<é>a)'\n#               ^^^^^^ invalid named capture`));
    assert.match(f.message, /Envoy's RE2 would accept it/);
    // Go 1.26 and RE2 2024-07-02 both accept duplicate names (parser.parsePerlFlags; go-syntax.test.ts).
    expectNoFindings(ID, uri("        regex: '(?P<v>a)(?P<v>b)'"));
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

describe('regex-syntax-error: presence matches', () => {
  it('withoutHeaders regex "*" is a presence match, not a regex (route.go canBeConvertedToPresentMatch)', () => {
    expectNoFindings(ID, vsMatch(`    - withoutHeaders:\n        x-user:\n          regex: "*"`));
    // Under headers Istio's webhook compiles it: a real mistake there, reported once, by
    // regex-glob-pattern (a glob's leading star absorbs the syntax error it causes).
    const found = lint(vsMatch(`    - headers:\n        x-user:\n          regex: "*"`));
    assert.deepEqual(found.map((f) => f.rule), ['regex-glob-pattern']);
  });
});
