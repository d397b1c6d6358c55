// istioctl service.PortNameAnalyzer (service/portname.go; protocol from pkg/config/kube/conversion.go
// ConvertProtocol), IST0118, cases of testdata/service-no-port-name.yaml, service-port-name.yaml and
// service-no-port-name-system-namespace.yaml. The rule is off by default (RuleMeta.defaultEnabled).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, lint } from '../../test-support/rule-tester';

const ID = 'traffic-port-name-protocol';
const ON = { rules: { [ID]: 'info' as const } };
const svc = (ns: string, ports: string, labels = '') => `
apiVersion: v1
kind: Service
metadata:
  name: my-service
  namespace: ${ns}
${labels}spec:
  selector:
    app: my-service
  ports:
${ports}`;
const unnamed = '  - protocol: TCP\n    port: 8080\n#         ^^^^ http-8080\n    targetPort: 8080\n  - protocol: TCP\n    port: 8081\n#         ^^^^\n';

describe(ID, () => {
  it('is off by default: nothing until the config gives it a severity', () => {
    assert.deepEqual(lint(svc('my-namespace1', unnamed).replace(/^#.*\n/gm, '')).filter((f) => f.rule === ID), []);
  });

  it('flags unnamed ports and names without a protocol, on the name (else the port)', () => {
    expectFindings(ID, svc('my-namespace1', unnamed), ON);
    expectFindings(ID, svc('my-namespace2', '  - name: foo\n#         ^^^ "foo"\n    protocol: TCP\n    port: 8080\n'), ON);
    const found = expectFindings(ID, svc('my-namespace2', '  - name: web\n#         ^^^\n    port: 8080\n'), { rules: { [ID]: 'warning' } });
    assert.equal(found[0].severity, 'warning');
  });

  it('accepts protocol prefixes, appProtocol, UDP and well-known ports', () => {
    expectFindings(ID, svc('my-namespace', '  - name: tcp-foo\n    port: 8080\n  - name: web\n    appProtocol: http\n    port: 8081\n  - name: dns\n    protocol: UDP\n    port: 5353\n  - name: smtp\n    port: 25\n'), ON);
  });

  it('skips system namespaces, Istio and gateway-managed Services, and ExternalName Services', () => {
    expectFindings(ID, svc('kube-system', unnamed.replace(/^#.*\n/gm, '')), ON);
    expectFindings(ID, svc('istio-system', '  - name: foo\n    port: 8080\n', '  labels:\n    istio: xxx\n'), ON);
    expectFindings(ID, svc('istio-system', '  - name: foo\n    port: 8080\n', '  labels:\n    release: istio\n'), ON);
    expectFindings(ID, svc('ambient', '  - name: mesh\n    port: 15008\n', '  labels:\n    gateway.istio.io/managed: istio.io-mesh-controller\n'), ON);
    expectFindings(ID, svc('shop', '  - name: foo\n    port: 8080\n').replace('spec:\n', 'spec:\n  type: ExternalName\n  externalName: db.example.com\n'), ON);
  });
});
