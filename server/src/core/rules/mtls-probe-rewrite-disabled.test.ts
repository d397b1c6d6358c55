import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, dedent, expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { expectWorkspace } from '../../test-support/ws-tester';
import { peerAuthentication } from '../mtls/test-fixtures';

const ID = 'mtls-probe-rewrite-disabled';

const strict = (extra = '') => peerAuthentication({ namespace: 'shop', mode: 'STRICT', spec: extra });
const deployment = (annotations: string, probes: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: cart
${annotations}    spec:
      containers:
      - name: cart
        ports:
        - name: http
          containerPort: 8080
        - name: admin
          containerPort: 9000
${probes}`;
const OFF = '      annotations:\n        sidecar.istio.io/rewriteAppHTTPProbers: "false"\n';
const OFF_MARKED = `${OFF}#                                               ^^^^^^^ readinessProbe (httpGet in cart)\n`;
const HTTP = '        readinessProbe:\n          httpGet:\n            path: /ready\n            port: http\n';

describe(ID, () => {
  it('flags the annotation when HTTP or gRPC probes meet STRICT', () => {
    expectFindings(ID, `${strict()}---${deployment(OFF_MARKED, HTTP)}`);
    expectWorkspace(ID, { 'pa.yaml': strict(), 'app.yaml': deployment(OFF.replace('"false"', '"false"') + '#                                               ^^^^^^^ livenessProbe (grpc in cart)\n', '        livenessProbe:\n          grpc:\n            port: 9000\n') });
  });

  it('ignores TCP and exec probes, PERMISSIVE scopes, and probe ports with a PERMISSIVE exception', () => {
    expectNoFindings(ID, `${strict()}---${deployment(OFF, '        livenessProbe:\n          tcpSocket:\n            port: 8080\n        readinessProbe:\n          exec:\n            command: [cat, /ready]\n')}`);
    expectNoFindings(ID, deployment(OFF, HTTP));
    const exception = strict('  selector:\n    matchLabels:\n      app: cart\n  portLevelMtls:\n    8080:\n      mode: PERMISSIVE\n').replace('name: default', 'name: cart');
    expectNoFindings(ID, `${strict()}---${exception}---${deployment(OFF, HTTP)}`);
    // The exception is on another port than the probe's: still fails.
    expectFindings(ID, `${strict()}---${exception.replace('8080', '9000')}---${deployment(OFF_MARKED, HTTP)}`);
  });

  it('ignores workloads without a sidecar, annotations that keep rewriting on, and ports the sidecar does not intercept', () => {
    expectNoFindings(ID, `${strict()}---${deployment(`${OFF}        sidecar.istio.io/inject: "false"\n`, HTTP)}`);
    expectNoFindings(ID, `${strict()}---${deployment(OFF.replace('"false"', '"true"'), HTTP)}`);
    expectNoFindings(ID, `${strict()}---${deployment(`${OFF}        traffic.sidecar.istio.io/excludeInboundPorts: "8080"\n`, HTTP)}`);
  });

  it('removes the annotation (safe), or the annotations key it was alone in', () => {
    const src = `${strict()}---${deployment(OFF, HTTP)}`;
    assert.equal(applyFix(ID, src, 'Remove'), dedent(`${strict()}---${deployment('', HTTP)}`));
    const two = `${OFF}        prometheus.io/scrape: "true"\n`;
    assert.equal(applyFix(ID, `${strict()}---${deployment(two, HTTP)}`), dedent(`${strict()}---${deployment('      annotations:\n        prometheus.io/scrape: "true"\n', HTTP)}`));
    const [finding] = expectFindings(ID, `${strict()}---${deployment(OFF_MARKED, HTTP)}`);
    assert.equal(finding.fixes[0].safe, true);
  });
});
