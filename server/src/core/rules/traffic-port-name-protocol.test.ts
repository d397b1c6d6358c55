// istioctl service.PortNameAnalyzer (service/portname.go) with pkg/config/kube/conversion.go
// ConvertProtocol; cases of testdata/service-no-port-name.yaml, service-port-name.yaml and
// service-no-port-name-system-namespace.yaml.
import { describe, it } from 'node:test';
import { expectFindings } from '../../test-support/rule-tester';

const ID = 'traffic-port-name-protocol';
const svc = (ports: string, labels = '') => `
apiVersion: v1
kind: Service
metadata:
  name: my-service
${labels}spec:
  selector:
    app: my-service
  ports:
${ports}`;

describe(ID, () => {
  it('flags unnamed ports and names without a protocol prefix, on the name or the port', () => {
    expectFindings(ID, svc('  - protocol: TCP\n    port: 8080\n#         ^^^^ port 8080\n  - name: foo\n#         ^^^ "foo"\n    port: 8081\n  - name: web-http\n#         ^^^^^^^^\n    port: 8082\n'));
  });

  it('accepts protocol prefixes (any case), appProtocol, grpc-web, UDP and well-known TCP ports', () => {
    expectFindings(
      ID,
      svc(
        [
          '  - name: http\n    port: 80\n',
          '  - name: HTTP2-api\n    port: 81\n',
          '  - name: grpc-web-ui\n    port: 82\n',
          '  - name: web\n    appProtocol: https\n    port: 83\n',
          '  - name: ws\n    appProtocol: kubernetes.io/ws\n    port: 84\n',
          '  - name: dns\n    protocol: UDP\n    port: 5353\n',
          '  - name: db\n    port: 3306\n',
          '  - name: tcp-raw\n    port: 9000\n',
          '  - name: mongo\n    port: 9001\n',
        ].join(''),
      ),
    );
  });

  it("skips Istio's own and gateway-managed Services, and ExternalName Services", () => {
    expectFindings(ID, svc('  - name: foo\n    port: 8080\n', '  labels:\n    istio: ingressgateway\n'));
    expectFindings(ID, svc('  - name: foo\n    port: 8080\n', '  labels:\n    gateway.istio.io/managed: istio.io-gateway-controller\n'));
    expectFindings(ID, svc('  - name: foo\n    port: 8080\n').replace('spec:\n', 'spec:\n  type: ExternalName\n'));
  });
});
