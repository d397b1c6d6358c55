// istioctl annotations.K8sAnalyzer (annotations/annotations.go): IST0107 when the annotation's
// registry resources (not `Any`) do not include the kind it is on; cases of testdata/misannotated.yaml.
import { describe, it } from 'node:test';
import { expectFindings } from '../../test-support/rule-tester';

const ID = 'annotation-misplaced';

describe(ID, () => {
  it('flags an Ingress-only annotation on a Pod and a Namespace, not proxy config on a Pod nor an Any annotation (grafana-test, staging)', () => {
    expectFindings(
      ID,
      `
apiVersion: v1
kind: Pod
metadata:
  name: grafana-test
  annotations:
    proxy.istio.io/config: "{}"
    helm.sh/hook: test-success
    kubernetes.io/ingress.class: "istio"
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ Move "kubernetes.io/ingress.class" to a Ingress
    gateway.istio.io/controller-version: "5"
    galley.istio.io/analyze-suppress: IST0108
spec:
  containers:
  - name: grafana-test
---
apiVersion: v1
kind: Namespace
metadata:
  name: staging
  annotations:
    kubernetes.io/ingress.class: "foo"
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ ignores it on a Namespace
`,
    );
  });

  it("points a pod annotation on a Deployment's own metadata to the pod template (fortio-deploy), and reads the template as a Pod", () => {
    expectFindings(
      ID,
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fortio-deploy
  annotations:
     sidecar.istio.io/statsInclusionPrefixes: cluster.outbound
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ spec.template.metadata.annotations
spec:
  template:
    metadata:
      annotations:
        sidecar.istio.io/proxyCPU: 100m
        networking.istio.io/exportTo: "."
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Move "networking.istio.io/exportTo" to a Service
    spec:
      containers:
      - name: fortio
`,
    );
  });
});
