// istioctl gateway.IngressGatewayPortAnalyzer (gateway/gateway.go analyzeGateway): a server port must be
// the port or numeric targetPort of a TCP port of a Service (in the pod's namespace) selecting the pods the
// Gateway selects. Cases of testdata/gateway-no-port.yaml, gateway-correct-port.yaml,
// gateway-custom-ingressgateway*.yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { gatewayWith, pod } from '../traffic/test-fixtures';

const ID = 'gateway-port-not-on-service';

const server = (port: number, marker = '') => `  - port:\n      number: ${port}\n${marker}      name: http-${port}\n      protocol: HTTP\n    hosts:\n    - "*"\n`;
const gw = (name: string, selector: string, servers: string) => gatewayWith(name, 'default', selector, servers);
const svc = (name: string, selector: string, ports: string) => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: default
spec:
  selector:
${selector}  ports:
${ports}`;
const port = (p: number, extra = '') => `  - name: p${p}\n    port: ${p}\n${extra}`;
const custom = '    myapp: private-ingressgateway\n';
const customPod = pod('my-ingressgateway-1234', 'default', custom);
const flagged = (p: number) => server(p, `#             ${'^'.repeat(String(p).length)}\n`);

describe(ID, () => {
  it('flags a server port the gateway Service lacks, on the number (gateway-no-port, gateway-correct-port)', () => {
    const ingress = '    istio: ingressgateway\n';
    expectWorkspace(ID, {
      'gw.yaml': gw('httpbin-gateway', ingress, server(80) + flagged(8004)),
      'ingress.yaml': pod('istio-ingressgateway-1', 'istio-system', ingress) + '---' + svc('istio-ingressgateway', ingress, port(80, '    targetPort: 8080\n') + port(443, '    targetPort: 8443\n')).replace(/default/g, 'istio-system'),
    });
  });

  it('accepts the service port or the numeric target port (custom-ingressgateway, -translation)', () => {
    expectWorkspace(ID, {
      'gw.yaml': gw('httpbin-gateway', custom, server(80) + server(8003)),
      'ingress.yaml': customPod + '---' + svc('my-ingressgateway', custom, port(80, '    protocol: TCP\n    targetPort: 8003\n')),
    });
  });

  it('flags a port of neither, named target ports and UDP ports (-badport, -badport-notarget)', () => {
    expectWorkspace(ID, {
      'gw.yaml': gw('httpbin-gateway', custom, flagged(8004) + server(80) + flagged(8080) + flagged(53)),
      'ingress.yaml': customPod + '---' + svc('my-ingressgateway', custom, port(80, '    targetPort: http\n') + port(53, '    protocol: UDP\n')),
    });
  });

  it('reads only the Services selecting the selected pods (-svcselector)', () => {
    const p8001 = '    myapp: ingressgateway-8001\n';
    const p8002 = '    myapp: ingressgateway-8002\n';
    expectWorkspace(ID, {
      'gw.yaml': gw('httpbin8001-gateway', p8001, server(8001)) + '---' + gw('httpbin8002-gateway', p8001, flagged(8002)),
      'pods.yaml': pod('my-8001', 'default', p8001) + '---' + pod('my-8002', 'default', p8002),
      'svc.yaml': svc('my-8002', p8002, port(8002, '    targetPort: 80\n')) + '---' + svc('my-8001', p8001, port(8001)),
    });
  });

  it('says nothing without the pods or a Service selecting them, for hostNetwork pods or templated ports', () => {
    expectWorkspace(ID, { 'gw.yaml': gw('a', custom, server(8004)), 'ingress.yaml': customPod });
    expectWorkspace(ID, { 'gw.yaml': gw('a', custom, server(8004)), 'svc.yaml': svc('my-ingressgateway', custom, port(80)) });
    expectWorkspace(ID, {
      'gw.yaml': gw('a', custom, server(8004)),
      'ingress.yaml': customPod.replace('spec:\n', 'spec:\n  hostNetwork: true\n') + '---' + svc('my-ingressgateway', custom, port(80)),
    });
    expectWorkspace(ID, {
      'gw.yaml': gw('a', custom, server(8004)),
      'ingress.yaml': customPod + '---' + svc('my-ingressgateway', custom, port(80) + '  - name: extra\n    port: "{{ .Values.port }}"\n'),
    });
  });
});
