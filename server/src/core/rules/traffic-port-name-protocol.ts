import type { DocRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { servicePorts } from '../traffic/port-protocol';
import { namespaceOf } from '../mtls/fact-read';
import { SYSTEM_NAMESPACES } from '../mtls/injection';

const example = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
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
    defaultEnabled: false,
    kinds: ['Service'],
    messages: {
      named: 'Prefix port name "{name}" with its protocol (http-, grpc-, tcp-…) or set appProtocol: Istio sniffs the protocol of port {port}',
      unnamed: 'Name port {port} with its protocol (http-{port}, grpc-{port}, tcp-{port}…) or set appProtocol: Istio sniffs its protocol',
    },
    docs: {
      summary: 'A Service port whose name and appProtocol tell Istio no protocol, so the protocol is sniffed.',
      why: [
        'Istio reads a Service port\'s protocol from `appProtocol`, else from the port name up to the first `-`',
        '(`http`, `http2`, `https`, `grpc`, `grpc-web`, `tcp`, `tls`, `mongo`, `mysql`, `redis`, `udp`; ports 25, 53,',
        '3306 and 27017 default to TCP). Otherwise it sniffs the protocol from the first bytes of each connection,',
        'which adds a short delay, can misjudge server-first protocols (the server speaks first, so there is nothing',
        'to sniff until the detection timeout), and leaves HTTP features to chance (istioctl IST0118).',
        '',
        'Most workspaces have many such ports that work well with sniffing, so the rule is off by default: turn it on',
        'to make every port explicit. ExternalName Services are `traffic-externalname-port-name`\'s; Istio\'s own',
        'Services (labels `istio`, `release: istio`, `gateway.istio.io/managed`) and Kubernetes\' system namespaces are',
        'skipped, as istioctl does.',
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
    const namespace = namespaceOf(doc, ctx.config);
    if (type === 'ExternalName' || namespace === undefined || SYSTEM_NAMESPACES.has(namespace)) return;
    for (const p of ports) {
      if (p.known) continue;
      const port = p.port ?? 'without a number';
      ctx.report({ ...p.at, messageId: p.name ? 'named' : 'unnamed', data: { name: quote(p.name, 24), port } });
    }
  },
};
