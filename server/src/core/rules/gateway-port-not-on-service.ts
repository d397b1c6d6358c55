import type { FactEntry, WorkspaceRule } from '../rule';
import { SERVICES, WORKLOADS, type ServiceFact, type WorkloadFact } from '../mtls/k8s-facts';
import { selects } from '../mtls/fact-read';
import { SVC } from '../traffic/facts';
import { gatewayExample } from '../traffic/examples';
import { GATEWAY_SERVERS, gatewayWorkloads } from '../traffic/gateway-servers';
import { WORKLOAD_KINDS } from '../kinds';

const httpServer = (port: number) => `  - port:\n      number: ${port}\n      name: http\n      protocol: HTTP\n    hosts:\n    - "*"\n`;
const example = (port: number) => `${gatewayExample('public', 'ingress', '    app: public-gateway\n', httpServer(port))}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: public-gateway
  namespace: ingress
spec:
  selector:
    matchLabels:
      app: public-gateway
  template:
    metadata:
      annotations:
        inject.istio.io/templates: gateway
      labels:
        app: public-gateway
        sidecar.istio.io/inject: "true"
    spec:
      containers:
      - name: istio-proxy
        image: auto
---
apiVersion: v1
kind: Service
metadata:
  name: public-gateway
  namespace: ingress
spec:
  type: LoadBalancer
  selector:
    app: public-gateway
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;

/** The ports a Service forwards to its pods, as IngressGatewayPortAnalyzer collects them: TCP ports' target ports, and their service ports. */
interface Exposed {
  services: string[];
  ports: Set<number>;
  /** Something is templated or unreadable: absence proves nothing. */
  unknown: boolean;
}

function exposedPorts(pods: ReadonlyArray<FactEntry<WorkloadFact>>, services: ReadonlyArray<FactEntry<ServiceFact>>, protocols: Map<string, { partial: boolean; byPort: Map<number, string> }>): Exposed {
  const out: Exposed = { services: [], ports: new Set(), unknown: false };
  for (const s of services) {
    const svc = s.value;
    if (!svc.selector) continue;
    const mine = pods.filter((w) => w.value.namespace === svc.namespace);
    if (!mine.length) continue;
    if (svc.selectorPartial) {
      out.unknown = true;
      continue;
    }
    if (!mine.some((w) => selects(svc.selector!, w.value.labels))) continue;
    const proto = protocols.get(`${svc.namespace}/${svc.name}`);
    if (!proto || proto.partial) out.unknown = true;
    if (!out.services.includes(svc.name)) out.services.push(svc.name);
    for (const p of svc.ports) {
      // Kubernetes defaults a port's protocol to TCP; the gateway proxy listens on TCP only.
      if ((proto?.byPort.get(p.port) ?? 'TCP') !== 'TCP') continue;
      // A named targetPort reads as 0 in istioctl (IntValue), which leaves the service port.
      out.ports.add(p.port);
      if (typeof p.targetPort === 'number') out.ports.add(p.targetPort);
    }
  }
  return out;
}

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [GATEWAY_SERVERS, WORKLOADS, SERVICES, SVC],
  meta: {
    id: 'gateway-port-not-on-service',
    family: 'gateway',
    severity: 'warning',
    kinds: ['Gateway', 'Service', ...WORKLOAD_KINDS],
    messages: {
      missing: 'Listen on a port Service {service} exposes ({ports}), or add {port} to it: no Service of the gateway pods forwards port {port}',
    },
    docs: {
      summary: 'A Gateway server listens on a port that no Service of the selected gateway pods exposes.',
      why: [
        'A Gateway server\'s port is the port the gateway proxy listens on. Clients reach the proxy through its Service',
        '(usually a LoadBalancer), so a server on a port the Service neither exposes nor targets is unreachable from',
        'outside the pod: requests to the host on that port time out or are refused.',
        '',
        'As istioctl\'s IngressGatewayPortAnalyzer does, a port counts as exposed when a TCP port of a Service selecting',
        'the gateway pods has it as its `port` or its numeric `targetPort`. The rule reports only when the workspace holds',
        'the selected pods and at least one Service selecting them (a Service kept elsewhere would be unknown), and',
        'not for `hostNetwork` pods, which listen on the node directly.',
      ].join('\n'),
      bad: example(8443),
      good: example(8080),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0162/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0162', analyzer: 'gateway.IngressGatewayPortAnalyzer' }],
  },
  check(ws, ctx) {
    const workloads = ws.facts(WORKLOADS);
    const services = ws.facts(SERVICES);
    let protocols: Map<string, { partial: boolean; byPort: Map<number, string> }> | undefined;
    for (const g of ws.facts(GATEWAY_SERVERS)) {
      if (g.value.selectorPartial || !g.value.servers.length) continue;
      const { yes, maybe } = gatewayWorkloads(g.value, workloads);
      if (maybe || !yes.length || yes.some((w) => w.value.hostNetwork)) continue;
      protocols ??= new Map(ws.facts(SVC).map((s) => [`${s.value.namespace}/${s.value.name}`, { partial: s.value.portsPartial, byPort: new Map(s.value.ports.map((p) => [p.port, (p.protocol ?? 'TCP').toUpperCase()])) }]));
      const exposed = exposedPorts(yes, services, protocols);
      if (exposed.unknown || !exposed.services.length) continue;
      for (const server of g.value.servers) {
        if (server.port === undefined || exposed.ports.has(server.port)) continue;
        const ports = [...exposed.ports].sort((a, b) => a - b);
        ctx.report(g.doc, {
          ...server.portAt,
          messageId: 'missing',
          data: { port: server.port, service: exposed.services.length > 1 ? `${exposed.services[0]} (or ${exposed.services.length - 1} more)` : exposed.services[0], ports: ports.length > 6 ? `${ports.slice(0, 6).join(', ')}, …` : ports.join(', ') || 'none on TCP' },
        });
      }
    }
  },
};
