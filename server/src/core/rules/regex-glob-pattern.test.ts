import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, expectFixReplaces, lint, parseMarked } from '../../test-support/rule-tester';
import { vsCorsOrigins as cors, httpRoute, virtualService, vsUri, vsMatch } from '../regex/test-fixtures';

const ID = 'regex-glob-pattern';

/** Applies the fix titled like `title` and checks the whole resulting text: `before` became `after`, nothing else changed. */
const expectFix = (src: string, title: string | undefined, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

describe('regex-glob-pattern', () => {
  it('flags a glob origin at its star and rewrites it as a regex', () => {
    const src = cors(`      - regex: "https://*.example.com"
#                       ^ zero or more /`);
    expectFindings(ID, src);
    expectFix(src, undefined, '"https://*.example.com"', '"https://[^/]*\\\\.example\\\\.com"');
  });

  it('explains the compile error of a leading star, and keeps single quotes', () => {
    const src = cors(`      - regex: '*.example.com'
#               ^ missing argument to repetition operator`);
    expectFindings(ID, src);
    expectFix(src, undefined, "'*.example.com'", "'[^/]*\\.example\\.com'");
  });

  it('flags path and header globs, and leaves withoutHeaders "*" (header present) alone', () => {
    const src = virtualService(`  - match:
    - uri: {regex: /static/*}
#                          ^
      headers:
        user-agent: {regex: "*bot*"}
#                            ^
        x-canary: {regex: "*"}
#                          ^ missing argument
      withoutHeaders:
        x-debug: {regex: "*"}`);
    expectFindings(ID, src);
    expectFix(src, '/static/.*', '{regex: /static/*}', '{regex: /static/.*}');
    expectFix(src.replace('/static/*', '/static/'), '.*bot.*', '"*bot*"', '".*bot.*"');
  });

  it('flags a Gateway API path glob', () => {
    expectFindings(
      ID,
      httpRoute(`    - path:
        type: RegularExpression
        value: "/assets/*"
#                       ^`),
    );
  });

  it('accepts real regexes', () => {
    expectNoFindings(ID, cors(`      - regex: 'https://[^/]*\\.example\\.com'
      - regex: '.*'
      - exact: '*'`));
  });
});

describe('regex-glob-pattern on GRPCRoute', () => {
  it('explains a leading star as repeating the "/" Istio puts before the service', () => {
    expectFindings(
      ID,
      `
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: echo
spec:
  rules:
  - matches:
    - method:
        type: RegularExpression
        service: "*.EchoService"
#                 ^ zero or more /
    backendRefs:
    - name: echo
      port: 9000
`,
    );
  });

  it('is the one finding for a leading star: the compile error it causes is not repeated', () => {
    const text = parseMarked(vsUri(`        regex: '*.example.com'`)).text;
    assert.deepEqual(lint(text).map((f) => f.rule), [ID]);
    assert.ok(lint(text, { rules: { [ID]: 'off' } }).some((f) => f.rule === 'regex-syntax-error'), 'the syntax error shows when this rule is off');
  });

  describe('glob stars in exact and prefix values (literal there)', () => {
    it('drops the star of a path prefix: prefix /api/ already covers what follows', () => {
      const src = vsUri(`        prefix: /api/*
#                    ^ Write "/api/": a prefix is compared literally`);
      expectFindings(ID, src);
      expectFix(src, undefined, 'prefix: /api/*', 'prefix: /api/');
    });

    it('turns other globs into the regex they stand for', () => {
      const src = vsUri(`        prefix: "/api/*/users"
#                     ^ Use regex "/api/[^/]*/users.*"`);
      expectFindings(ID, src);
      expectFix(src, undefined, 'prefix: "/api/*/users"', 'regex: "/api/[^/]*/users.*"');
      expectFix(vsUri(`        exact: /api/*`), undefined, 'exact: /api/*', 'regex: /api/.*');
      expectFix(vsMatch(`    - authority:
        exact: "*.example.com"`), undefined, 'exact: "*.example.com"', 'regex: "[^/]*\\\\.example\\\\.com"');
    });

    it('reads a lone header "*" as "any value"', () => {
      const src = vsMatch(`    - headers:
        x-canary:
          exact: "*"
#                 ^ Use regex ".*": exact values are compared literally`);
      expectFindings(ID, src);
      expectFix(src, undefined, 'exact: "*"', 'regex: ".*"');
    });

    it('keeps messages within 160 characters for long values', () => {
      const long = `/${'segment/'.repeat(12)}`;
      for (const line of [`        prefix: ${long}*`, `        exact: ${long}*/x`]) {
        const [f] = lint(parseMarked(vsUri(line)).text).filter((x) => x.rule === ID);
        assert.ok(f.message.length <= 160, `${f.message.length}: ${f.message}`);
      }
    });

    it('leaves stars that are real values alone: accept */*, a CORS exact "*", a regex', () => {
      expectNoFindings(ID, vsMatch(`    - headers:
        accept:
          exact: "*/*"
        x-tag:
          prefix: "v1*"`));
      expectNoFindings(ID, cors(`      - exact: "*"`));
    });
  });
});
