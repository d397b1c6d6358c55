import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { expectFindings, expectNoFindings, expectFixReplaces, lint, parseMarked } from '../../test-support/rule-tester';
import { applyFixes } from '../index';

const VS = (regexLine: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r]
  http:
  - match:
    - uri:
${regexLine}
`;

describe('yaml-syntax', () => {
  it('flags a value with invalid double-quoted escapes once, over the value', () => {
    expectFindings('yaml-syntax', VS(`        regex: "/v\\d+"\n#              ^^^^^^^ Use single quotes: "\\d" is not a YAML escape`));
    expectFindings('yaml-syntax', VS(`        regex: "/v\\d+\\.\\w"\n#              ^^^^^^^^^^^ "\\d" (and 2 more)`));
  });

  it('fixes it safely in single quotes: the same string, now valid YAML', () => {
    const src = VS(`        regex: "/v\\d+\\.it's\\t"`);
    expectFixReplaces('yaml-syntax', src, undefined, '"/v\\d+\\.it\'s\\t"', "'/v\\d+\\.it''s\t'");
    const text = parseMarked(src).text;
    const [finding] = lint(text).filter((f) => f.rule === 'yaml-syntax');
    assert.equal(finding.fixes[0].safe, true);
    const fixed = text.replace('"/v\\d+\\.it\'s\\t"', "'/v\\d+\\.it''s\t'");
    const before = parseDocument(text);
    const after = parseDocument(fixed);
    assert.equal(after.errors.length, 0);
    assert.equal(JSON.stringify(after.toJS()), JSON.stringify(before.toJS()), 'the value yaml reads is unchanged');
  });

  it('keeps one finding per escape in a multi-line double-quoted value, without a fix', () => {
    expectFindings('yaml-syntax', VS(`        regex: "/v\\d+\n#                 ^^ Invalid escape sequence "\\d"\n          /x"`));
  });

  it('accepts the same regex single-quoted or with a doubled backslash', () => {
    expectNoFindings('yaml-syntax', VS(`        regex: '/v\\d+'`));
    expectNoFindings('yaml-syntax', VS(`        regex: "/v\\\\d+"`));
  });

  it('flags a duplicate key', () => {
    expectFindings(
      'yaml-syntax',
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: a
metadata:
^^^^^^^^ Duplicate key
  name: b
`,
    );
  });

  it('reports errors in every document of a multi-document file', () => {
    expectFindings(
      'yaml-syntax',
      `
apiVersion: v1
kind: Service
metadata:
  name: a
  name: b
# ^^^^ Duplicate key
---
apiVersion: v1
kind: Service
metadata:
  labels: {}
  labels: {}
# ^^^^^^ Duplicate key
`,
    );
  });

  it('ignores documents of kinds no rule reads', () => {
    expectNoFindings('yaml-syntax', `apiVersion: v1\nkind: ConfigMap\ndata: {a: [1, 2\n`);
  });

  it('flags an unquoted leading "*" (an alias to no anchor) in block, sequence and flow values, with a safe quoting fix', () => {
    const src = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts:
  - *.example.com
#   ^^^^^^^^^^^^^ no anchor ".example.com"
  gateways: [*gw, mesh]
#            ^^^ no anchor "gw"
  http:
  - match:
    - uri:
        regex: *foo
#              ^^^^ Quote this value
    route:
    - destination:
        host: *.shop.svc.cluster.local
#             ^^^^^^^^^^^^^^^^^^^^^^^^ Quote this value
`;
    expectFindings('yaml-syntax', src);
    const text = parseMarked(src).text;
    assert.deepEqual(lint(text).map((f) => f.rule), ['yaml-syntax', 'yaml-syntax', 'yaml-syntax', 'yaml-syntax'], 'no regex-empty for the alias');
    const fixed = applyFixes(text, lint(text).flatMap((f) => f.fixes.filter((x) => x.safe))).text;
    const doc = parseDocument(fixed);
    assert.equal(doc.errors.length, 0);
    const spec = (doc.toJS() as { spec: { hosts: string[]; gateways: string[]; http: { match: { uri: { regex: string } }[]; route: { destination: { host: string } }[] }[] } }).spec;
    assert.deepEqual(spec.hosts, ['*.example.com']);
    assert.deepEqual(spec.gateways, ['*gw', 'mesh']);
    assert.equal(spec.http[0].match[0].uri.regex, '*foo');
    assert.equal(spec.http[0].route[0].destination.host, '*.shop.svc.cluster.local');
  });

  it('accepts aliases to anchors defined before them', () => {
    expectNoFindings('yaml-syntax', `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: [&h web.example.com]
  http:
  - route:
    - destination:
        host: *h
`);
  });
});
