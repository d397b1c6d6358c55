// istioctl annotations.K8sAnalyzer (annotations/annotations.go): IST0108 for a name in an Istio
// namespace (`istioAnnotation`: the part before "/" ends with istio.io, or kubernetes.io/ingress.class)
// that annotation.AllResourceAnnotations() does not list; cases of testdata/misannotated.yaml.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectFixReplaces, lint } from '../../test-support/rule-tester';
import { ISTIO_API_COMMIT, ISTIO_API_VERSION, ISTIO_ANNOTATIONS, ISTIO_LABELS } from '../annotations/registry.gen';
import { isIstioAnnotation } from '../annotations/read';

const ID = 'annotation-unknown';

describe(ID, () => {
  it('flags an unknown Istio annotation on the key, not a valid one nor a foreign one (misannotated.yaml: Service httpbin, details)', () => {
    expectFindings(
      ID,
      `
apiVersion: v1
kind: Service
metadata:
  name: httpbin
  annotations:
    networking.istio.io/exportThree: bar
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ exportThree
    networking.istio.io/exportTo: baz
    kubernetes.io/psp: my-privileged-psp
    helm.sh/hook: test-success
spec:
  ports:
  - name: http
    port: 8000
`,
    );
  });

  it('offers the one known name within two edits or differing in case, as a review fix keeping the quotes', () => {
    const src = `
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    "sidecar.istio.io/rewriteAppHttpProbers": "false"
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sidecar.istio.io/rewriteAppHTTPProbers
    traffic.sidecar.istio.io/excludeOutboundPort: "9000"
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ traffic.sidecar.istio.io/excludeOutboundPorts
    sidecar.istio.io/completelyMadeUp: "1"
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Check the annotation name
spec:
  containers:
  - name: c
`;
    const found = expectFindings(ID, src);
    assert.equal(found[0].fixes[0].safe, false);
    assert.equal(found[2].fixes.length, 0);
    expectFixReplaces(ID, src, 'Change to', '"sidecar.istio.io/rewriteAppHttpProbers"', '"sidecar.istio.io/rewriteAppHTTPProbers"');
  });

  it('offers no rename onto a key the mapping already has (fuzz seed 856040464: a duplicate key is invalid YAML)', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: reviews-v1\n  annotations:\n    sidecar.istio.io/inject: "false"\n    sidecar.istio.io/inject}: "false"\n';
    const found = lint(pod).filter((f) => f.rule === ID);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].fixes, []);
  });

  it('points an Istio label written as an annotation to metadata.labels', () => {
    expectFindings(
      ID,
      `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    istio.io/dataplane-mode: ambient
#   ^^^^^^^^^^^^^^^^^^^^^^^ metadata.labels
`,
    );
  });

  it('reads pod templates as Pods, skips templated keys, other kinds and the always-ignored names (ignore-istio-annotations)', () => {
    expectFindings(
      ID,
      `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  annotations:
    made.up.istio.io/thing: x
spec:
  template:
    metadata:
      annotations:
        istio.io/rev: rev
        ambient.istio.io/redirection: enabled
        sidecar.istio.io/status: "{}"
        {{ .Values.key }}: x
        proxy.istio.io/confg: "{}"
#       ^^^^^^^^^^^^^^^^^^^^ proxy.istio.io/config
    spec:
      containers:
      - name: db
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: gateway
  annotations:
    istio.io/ingress.class: istio
`,
    );
  });

  it("classifies keys like istioctl's istioAnnotation", () => {
    assert.ok(isIstioAnnotation('sidecar.istio.io/inject'));
    assert.ok(isIstioAnnotation('istio.io/rev'));
    assert.ok(isIstioAnnotation('kubernetes.io/ingress.class'));
    assert.ok(isIstioAnnotation('foo.istio.io'));
    assert.ok(!isIstioAnnotation('prometheus.io/scrape'));
    assert.ok(!isIstioAnnotation('kubernetes.io/psp'));
    assert.ok(!isIstioAnnotation('istio.io.example.com/x'));
  });
});

// The table is generated (scripts/gen-istio-annotations.mjs) from istio/api's registry at a pinned revision.
describe('generated annotation registry', () => {
  it('records the istio/api revision it comes from', () => {
    assert.match(ISTIO_API_COMMIT, /^[0-9a-f]{40}$/);
    assert.match(ISTIO_API_VERSION, /istio\/api .*1\.3\d/);
  });

  it('holds the entries istioctl and the injector rely on', () => {
    const get = (name: string) => ISTIO_ANNOTATIONS.find((e) => e.name === name);
    assert.deepEqual(get('sidecar.istio.io/inject'), { name: 'sidecar.istio.io/inject', resources: ['Pod'], status: 'Beta', deprecated: true });
    assert.deepEqual(get('networking.istio.io/exportTo')?.resources, ['Service']);
    assert.deepEqual(get('kubernetes.io/ingress.class')?.resources, ['Ingress']);
    assert.deepEqual(get('galley.istio.io/analyze-suppress')?.resources, ['Any']);
    assert.ok(get('proxy.istio.io/config') && !get('proxy.istio.io/config')?.deprecated);
    assert.ok(ISTIO_ANNOTATIONS.length >= 60 && ISTIO_LABELS.length >= 20);
    assert.ok(ISTIO_LABELS.some((e) => e.name === 'istio.io/dataplane-mode'));
  });

  it("keeps Istio's own chart annotations known (manifests/charts: gateway, istio-cni, injection templates)", () => {
    const chartKeys = ['inject.istio.io/templates', 'sidecar.istio.io/rewriteAppHTTPProbers', 'sidecar.istio.io/interceptionMode', 'traffic.sidecar.istio.io/includeInboundPorts', 'traffic.sidecar.istio.io/excludeInboundPorts', 'traffic.sidecar.istio.io/includeOutboundIPRanges', 'traffic.sidecar.istio.io/excludeOutboundIPRanges', 'traffic.sidecar.istio.io/includeOutboundPorts', 'traffic.sidecar.istio.io/excludeOutboundPorts', 'status.sidecar.istio.io/port', 'prometheus.istio.io/merge-metrics', 'ambient.istio.io/redirection'];
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n${chartKeys.map((k) => `    ${k}: "x"\n`).join('')}spec:\n  containers:\n  - name: c\n`;
    assert.deepEqual(lint(text).filter((f) => f.rule === ID), []);
  });
});
