/** Odd shapes never make the mTLS indexers or rules throw (an internal-error finding would say so). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintWorkspace } from '../../test-support/rule-tester';

const head = (apiVersion: string, kind: string, ns = 'shop') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: ${ns}\n`;
const PA = head('security.istio.io/v1', 'PeerAuthentication');
const DR = head('networking.istio.io/v1', 'DestinationRule');
const DEP = head('apps/v1', 'Deployment');
const SVC = head('v1', 'Service');

const SHAPES: string[] = [
  `${PA}spec: STRICT\n`,
  `${PA}spec:\n  mtls: STRICT\n`,
  `${PA}spec:\n  mtls:\n    mode: [STRICT]\n`,
  `${PA}spec:\n  selector: app\n  mtls: {mode: STRICT}\n`,
  `${PA}spec:\n  selector:\n    matchLabels: [a, b]\n  portLevelMtls: [8080]\n`,
  `${PA}spec:\n  selector:\n    matchLabels: {app: a}\n  portLevelMtls:\n    "99999": {mode: STRICT}\n    abc: DISABLE\n    8080: ~\n`,
  `${PA}spec:\n  mtls: &m {mode: STRICT}\n  portLevelMtls: {8080: *m}\n  selector: {matchLabels: {app: *m}}\n`,
  `${DR}spec: []\n`,
  `${DR}spec:\n  host: [a]\n  trafficPolicy: DISABLE\n`,
  `${DR}spec:\n  host: x\n  trafficPolicy:\n    tls: DISABLE\n    portLevelSettings: {port: 80}\n`,
  `${DR}spec:\n  host: x\n  trafficPolicy:\n    portLevelSettings:\n    - port: 80\n      tls: {mode: DISABLE}\n    - port: {number: abc}\n      tls: ~\n    - tls:\n        mode: 7\n`,
  `${DR}spec:\n  host: x\n  subsets:\n  - name: [v1]\n  - labels: v1\n    trafficPolicy: {tls: {mode: DISABLE}}\n  - name: v2\n    labels: [a]\n    trafficPolicy:\n      tls:\n`,
  `${DR}spec:\n  host: "*"\n  exportTo: .\n  trafficPolicy: &p\n    tls: {}\n  subsets:\n  - name: a\n    trafficPolicy: *p\n`,
  `${DEP}spec:\n  template: []\n`,
  `${DEP}spec:\n  template:\n    metadata: {labels: [a], annotations: x}\n    spec:\n      hostNetwork: yes\n      containers: {name: a}\n`,
  `${DEP}spec:\n  template:\n    metadata:\n      annotations:\n        sidecar.istio.io/rewriteAppHTTPProbers: [false]\n    spec:\n      containers:\n      - ports: 8080\n        readinessProbe: {httpGet: 8080, grpc: {port: x}}\n      - livenessProbe: [a]\n      - ~\n`,
  `${SVC}spec:\n  selector: app\n  ports:\n  - port: http\n  - 80\n  - port: 80\n    targetPort: {a: b}\n`,
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [shop]\n  labels: enabled\n`,
  `apiVersion: batch/v1\nkind: CronJob\nmetadata: x\nspec:\n  jobTemplate: ~\n`,
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: "{{ .Release.Namespace }}"\nspec: {containers: []}\n`,
];

describe('mTLS indexers and rules on hostile shapes', () => {
  it('never throw, alone or together with a STRICT mesh', () => {
    const strict = `${head('security.istio.io/v1', 'PeerAuthentication', 'istio-system')}spec:\n  mtls:\n    mode: STRICT\n`;
    const files = Object.fromEntries(SHAPES.map((s, i) => [`s${i}.yaml`, s]));
    for (const set of [files, { ...files, 'mesh.yaml': strict }, { all: SHAPES.join('---\n') }]) {
      const errors = [...lintWorkspace(set).values()].flat().filter((f) => f.rule === 'internal-error');
      assert.deepEqual(errors.map((f) => `${f.uri}: ${f.message}`), []);
    }
  });
});
