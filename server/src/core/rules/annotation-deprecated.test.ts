// istioctl annotations.K8sAnalyzer (annotations/annotations.go): IST0135 for registry entries marked
// deprecated, except the sidecar.istio.io/inject annotation when the same metadata has the label.
import { describe, it } from 'node:test';
import { expectFindings } from '../../test-support/rule-tester';

const ID = 'annotation-deprecated';

describe(ID, () => {
  it('flags deprecated annotations on the key, also misplaced ones (misannotated.yaml: fortio-deploy)', () => {
    expectFindings(
      ID,
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fortio-deploy
  annotations:
     sidecar.istio.io/statsInclusionPrefixes: cluster.outbound
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sidecar.istio.io/statsInclusionPrefixes
spec:
  template:
    metadata:
      annotations:
        sidecar.istio.io/inject: "true"
#       ^^^^^^^^^^^^^^^^^^^^^^^ label instead
    spec:
      containers:
      - name: fortio
`,
    );
  });

  it('skips the inject annotation when the label is there too (or labels are templated)', () => {
    expectFindings(
      ID,
      `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: istio-cni-node
spec:
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "false"
      annotations:
        sidecar.istio.io/inject: "false"
    spec:
      containers:
      - name: install-cni
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    {{- include "labels" . | nindent 4 }}
  annotations:
    sidecar.istio.io/inject: "false"
spec:
  containers:
  - name: c
`,
    );
  });
});
