// istioctl annotations.K8sAnalyzer (IST0125) runs the injector's checks, istio/istio
// pkg/kube/inject/validate.go `AnnotationValidation`: validateUInt32 (strconv.ParseUint 32),
// validateCIDRList (netip.ParsePrefix on each comma-separated item, untrimmed), parsePorts
// (trimmed items, ParseUint 16), validateInterceptionMode, validateBool (strconv.ParseBool),
// netutil.ValidateInterfaceNames and validateResourceQuantity (resource.ParseQuantity).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings } from '../../test-support/rule-tester';
import { ANNOTATION_CHECKS } from '../annotations/validate';

const ID = 'annotation-invalid-value';
const check = (key: string, value: string) => ANNOTATION_CHECKS.get(key)!(value);

describe(ID, () => {
  it('flags a non-integer delay on the value, not a valid one (misannotated.yaml: invalid-annotations)', () => {
    expectFindings(
      ID,
      `
apiVersion: v1
kind: Pod
metadata:
  name: invalid-annotations
  annotations:
    readiness.status.sidecar.istio.io/initialDelaySeconds: bar
#                                                          ^^^ not a whole number
    readiness.status.sidecar.istio.io/periodSeconds: "10"
spec:
  containers:
  - name: foo
`,
    );
  });

  it('checks pod templates, and skips misplaced, templated and unchecked annotations', () => {
    expectFindings(
      ID,
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  annotations:
    sidecar.istio.io/interceptionMode: redirect
spec:
  template:
    metadata:
      annotations:
        sidecar.istio.io/interceptionMode: redirect
#                                          ^^^^^^^^ REDIRECT, TPROXY or NONE
        traffic.sidecar.istio.io/excludeOutboundIPRanges: "{{ .Values.ranges }}"
        sidecar.istio.io/logLevel: whatever
    spec:
      containers:
      - name: c
`,
    );
  });

  it('judges CIDR lists like netip.ParsePrefix, untrimmed', () => {
    const k = 'traffic.sidecar.istio.io/excludeOutboundIPRanges';
    assert.equal(check(k, ''), undefined);
    assert.equal(check(k, '10.0.0.0/8,172.16.0.0/12'), undefined);
    assert.equal(check(k, '10.0.0.1/8'), undefined);
    assert.equal(check(k, '::/0,fd00::/8,::ffff:10.0.0.0/104'), undefined);
    assert.match(check(k, '10.0.0.0/8, 172.16.0.0/12')!, /remove the spaces/);
    assert.ok(check(k, '10.0.0.0'));
    assert.ok(check(k, '10.0.0.0/33'));
    assert.ok(check(k, '10.0.0.0/08'));
    assert.ok(check(k, '010.0.0.0/8'));
    assert.ok(check(k, '*'));
    assert.equal(check('traffic.sidecar.istio.io/includeOutboundIPRanges', '*'), undefined);
  });

  it('judges port lists like parsePorts (items trimmed, 0-65535)', () => {
    const k = 'traffic.sidecar.istio.io/excludeInboundPorts';
    assert.equal(check(k, '15020, 8080'), undefined);
    assert.equal(check(k, ' '), undefined);
    assert.equal(check(k, '0'), undefined);
    assert.ok(check(k, '8080,'));
    assert.ok(check(k, '65536'));
    assert.ok(check(k, '*'));
    assert.equal(check('traffic.sidecar.istio.io/includeInboundPorts', '*'), undefined);
    assert.ok(check('status.sidecar.istio.io/port', '-1'));
  });

  it('judges booleans, numbers, interface names and resource quantities', () => {
    assert.equal(check('prometheus.istio.io/merge-metrics', 'True'), undefined);
    assert.ok(check('prometheus.istio.io/merge-metrics', 'yes'));
    assert.ok(check('readiness.status.sidecar.istio.io/failureThreshold', '+3'));
    assert.ok(check('readiness.status.sidecar.istio.io/failureThreshold', '4294967296'));
    assert.equal(check('traffic.sidecar.istio.io/excludeInterfaces', 'eth1, net1'), undefined);
    assert.ok(check('traffic.sidecar.istio.io/excludeInterfaces', 'eth1,,net1'));
    assert.ok(check('traffic.sidecar.istio.io/excludeInterfaces', '1eth'));
    assert.ok(check('traffic.sidecar.istio.io/excludeInterfaces', 'averyverylongname0'));
    for (const ok of ['100m', '0.5', '128Mi', '1G', '1e3', '2E']) assert.equal(check('sidecar.istio.io/proxyCPU', ok), undefined, ok);
    for (const bad of ['', '1g', '1K', '128MB', '1.5.3', ' 1']) assert.ok(check('sidecar.istio.io/proxyMemory', bad), bad);
  });
});
