import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { expectFindings, expectNoFindings, expectFixReplaces, lint, parseMarked } from '../../test-support/rule-tester';
import { applyFixes } from '../index';
import fc from 'fast-check';
import { mayHaveAlias } from './yaml-syntax';

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
    expectFindings('yaml-syntax', VS(`        regex: "/v\\d+\n#                 ^^ "\\d" is an invalid escape in double quotes\n          /x"`));
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

  it('reports one finding for a document broken in many places, with the count of the rest', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a\n  labels: [x\nspec: }\n';
    const found = lint(text).filter((f) => f.rule === 'yaml-syntax');
    assert.equal(found.length, 1, found.map((f) => f.message).join(' | '));
    assert.match(found[0].message, /^YAML syntax error: .* \(\d+ more in this document\)$/);
    assert.match(found[0].detail ?? '', /Only the first of this document's \d+ YAML errors is listed/);
  });
});

// Helm charts write a key once per branch of an if/else; only one branch renders.
// The snippets are the shapes of istio/istio's own charts (manifests/charts, master of Dec 2026).
describe('yaml-syntax on Helm templates', () => {
  it("accepts a key written in both branches of if/else (image: in istio's gateway chart)", () => {
    expectNoFindings(
      'yaml-syntax',
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
spec:
  template:
    spec:
      containers:
        - name: istio-proxy
{{- if contains "/" .Values.global.proxy.image }}
          image: "{{ .Values.global.proxy.image }}"
{{- else }}
          image: "{{ .Values.global.hub }}/{{ .Values.global.proxy.image | default "proxyv2" }}:{{ .Values.global.tag }}"
{{- end }}
          env:
          - name: CA_ADDR
          {{- if .Values.global.caAddress }}
            value: {{ .Values.global.caAddress }}
          {{- else }}
            value: istiod{{- if not (eq .Values.revision "") }}-{{ .Values.revision }}{{- end }}.{{ .Values.global.istioNamespace }}.svc:15012
          {{- end }}
{{- if .Values.tolerations }}
      tolerations:
{{ toYaml .Values.tolerations | indent 6 }}
{{- else if .Values.global.defaultTolerations }}
      tolerations:
{{ toYaml .Values.global.defaultTolerations | indent 6 }}
{{- end }}
`,
    );
  });

  it("accepts istio: istiod / istio: pilot in istiod's chart, and with/else, range/else", () => {
    expectNoFindings(
      'yaml-syntax',
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
spec:
  selector:
    matchLabels:
      {{- if ne .Values.revision "" }}
      app: istiod
      istio.io/rev: {{ .Values.revision | default "default" | quote }}
      {{- else }}
      istio: pilot
      {{- end }}
  template:
    metadata:
      labels:
        {{- if ne .Values.revision "" }}
        istio: istiod
        {{- else }}
        istio: pilot
        {{- end }}
        {{- with .Values.podTier }}
        tier: {{ . }}
        {{- else }}
        tier: control-plane
        {{- end }}
      annotations:
        {{- range $k, $v := .Values.podAnnotations }}
        note: {{ $v }}
        {{- else }}
        note: none
        {{- end }}
`,
    );
  });

  it('still flags a key repeated inside one branch, or inside a branch and again outside it', () => {
    expectFindings(
      'yaml-syntax',
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  labels:
    {{- if ne .Values.revision "" }}
    istio: istiod
    istio: pilot
#   ^^^^^ Duplicate key "istio"
    {{- else }}
    istio: pilot
    {{- end }}
spec:
  template:
    spec:
      containers:
        - name: discovery
{{- if .Values.image }}
          image: "{{ .Values.image }}"
{{- end }}
          image: docker.io/istio/pilot
#         ^^^^^ Duplicate key "image"
`,
    );
  });
});

// istio.io pages elide parts of manifests with "..."; pasted, that is one mistake, not one per line.
describe('yaml-syntax on docs-style elisions', () => {
  it('reports an elided document once, at the first "...", saying it is incomplete', () => {
    expectFindings(
      'yaml-syntax',
      `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    ...
#   ^^^ Incomplete document
    route:
    - destination:
        host: reviews
        subset: v2
  ...
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
`,
    );
  });

  it('leaves alone a "..." that YAML accepts (a document end marker, a value)', () => {
    expectNoFindings('yaml-syntax', `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    note: ...\n...\n`);
  });
});


describe('yaml-syntax alias prefilter', () => {
  // The multiline regex it replaced: `^` after any line terminator, and all of those are in \s.
  const ALIAS_START = /(?:^|[\s[{,])\*/m;
  const chars = ['*', '.', ' ', '\t', '\n', '\r', '\u2028', '\u00a0', '\ufeff', '[', '{', ',', ']', 'a', '-', ':', '\ud83d'];

  it('answers as the regex /(?:^|[\\s[{,])\\*/m on any text', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 12 }), (cs) => mayHaveAlias(cs.join('')) === ALIAS_START.test(cs.join(''))));
    for (const t of ['*a', 'x: *a', 'x:\n*a', 'x:\r*a', '[a,*b]', '{a: 1,*b}', '.*', 'a*', '']) assert.equal(mayHaveAlias(t), ALIAS_START.test(t), JSON.stringify(t));
  });
});
