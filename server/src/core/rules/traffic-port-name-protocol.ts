import type { DocRule } from '../rule';
import { servicePorts } from '../traffic/port-protocol';

const example = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    app: reviews
  ports:
  - name: ${name}
    port: 9080
`;

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'traffic-port-name-protocol',
    family: 'traffic',
    severity: 'info',
    kinds: ['Service'],
    messages: {
      unnamed: 'Name the port "http-…", "grpc-…", "tcp-…" (or set appProtocol): Istio cannot tell the protocol of port {port} and sniffs it.',
      named: 'Name the port "<protocol>-{name}" (or set appProtocol): Istio cannot tell the protocol of "{name}" and sniffs it.',
    },
    docs: {
      summary: 'A Service port whose name and appProtocol do not tell Istio its protocol.',
      why: [
        'Istio reads a Service port\'s protocol from `appProtocol`, else from the port name up to the first `-`',
        '(`http`, `http2`, `https`, `grpc`, `grpc-web`, `tcp`, `tls`, `mongo`, `mysql`, `redis`, `udp`;',
        '`pkg/config/kube/conversion.go` ConvertProtocol). Otherwise the sidecar sniffs the protocol from the first',
        'bytes: server-first protocols (MySQL, SMTP) stall until a timeout, and HTTP features (retries, header',
        'routing, metrics by path) depend on a guess. Ports 25, 53, 3306 and 27017 default to TCP; UDP ports are',
        'UDP. Istio\'s own Services and gateway-managed ones are skipped, as istioctl does.',
      ].join('\n'),
      bad: example('web'),
      good: example('http-web'),
      link: 'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0118', analyzer: 'service.PortNameAnalyzer' }],
  },
  check(doc, ctx) {
    const { type, ports } = servicePorts(doc);
    if (type === 'ExternalName') return; // traffic-externalname-port-name
    for (const p of ports) {
      if (p.known) continue;
      ctx.report({ ...p.at, messageId: p.name ? 'named' : 'unnamed', data: { name: p.name, port: p.port ?? '?' } });
    }
  },
};
