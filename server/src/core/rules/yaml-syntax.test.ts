import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, lint } from '../../test-support/rule-tester';

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
  it('flags an invalid double-quoted escape at the backslash', () => {
    expectFindings('yaml-syntax', VS(`        regex: "/v\\d+"\n#                 ^^ "\\d" is an invalid escape in double quotes`));
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

