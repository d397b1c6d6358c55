import type { WorkspaceRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { TIED_INDEXERS, deploymentExample, eachSharedPort, type PortReach } from '../traffic/workload-services';
import { WORKLOAD_KINDS } from '../kinds';

const service = (name: string, port: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    app: details
  ports:
  - name: ${port}
    port: 9080
`;

const example = (second: string) => `${deploymentExample('details-v1', 'details', '', '        ports:\n        - containerPort: 9080\n')}---
${service('details', 'http')}---
${service('details-legacy', second)}`;

/** What Istio makes of a Service port: its protocol, or that it sniffs one. */
const protocolOf = (r: PortReach) => (r.use.protocol === undefined ? 'sniffed' : r.use.transport === 'TCP' || r.use.protocol === 'UDP' ? r.use.protocol : `${r.use.transport}/${r.use.protocol}`);

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TIED_INDEXERS,
  meta: {
    id: 'traffic-workload-service-protocol-conflict',
    family: 'traffic',
    severity: 'warning',
    kinds: ['Service', ...WORKLOAD_KINDS],
    messages: {
      conflict: 'Give container port {target} one protocol: {protocol} here, {otherProtocol} in Service {other}; a sidecar serves only one',
    },
    details: {
      conflict:
        'Services {services} select the pods of {workload} and reach its container port {target} with different protocols ({protocols}). A sidecar builds one inbound listener per container port, from the oldest of these Services, which files cannot tell; traffic through the others is handled with the wrong protocol.',
    },
    docs: {
      summary: 'Two Services selecting the same pods reach one container port with different protocols.',
      why: [
        'Istio reads a Service port\'s protocol from `appProtocol`, else the port name\'s prefix (`http-…`, `tcp-…`,',
        '`grpc-…`), and UDP from `protocol: UDP`; a port without one is sniffed. A sidecar builds one inbound listener',
        'per container port of its pod, from the oldest Service that reaches it (`listener_inbound.go`,',
        '`reportInboundConflict`): when another Service reaches the same port with another protocol, its traffic is',
        'handled with the wrong one (HTTP routing and telemetry lost, or HTTP parsing of a TCP stream).',
        '',
        'istioctl (IST0116) compares the Services\' port numbers and Kubernetes `protocol` fields; Istio Tips compares',
        'what the sidecar keys on, the container port (`targetPort`, named ports resolved through the containers),',
        'so two Services using the same number for different container ports are not a conflict. Workloads are',
        'Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods that may run a sidecar (not',
        'opted out, not host-network, not ambient); the Services must be in the workspace, in the same namespace.',
      ].join('\n'),
      bad: example('tcp'),
      good: example('http-legacy'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0116/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0116', analyzer: 'deployment.ServiceAssociationAnalyzer' }],
  },
  check(ws, ctx) {
    eachSharedPort(ws, ({ target, reaches, services, workload }, firstAt) => {
      const protocols = [...new Set(reaches.map(protocolOf))].sort();
      if (protocols.length < 2) return;
      for (const r of reaches) {
        const other = reaches.find((o) => o.service !== r.service && protocolOf(o) !== protocolOf(r));
        if (!other || !firstAt(r, r.use.portAt)) continue;
        const data = { target: quote(target, 24), protocol: protocolOf(r), other: quote(other.service.value.name, 40), otherProtocol: protocolOf(other), workload, services: services.join(', '), protocols: protocols.join(', ') };
        ctx.report(r.service.doc, {
          ...r.use.portAt,
          messageId: 'conflict',
          data,
          related: [{ at: other.service.doc, start: other.use.portAt.start, end: other.use.portAt.end, message: `Service ${other.service.value.name}: ${protocolOf(other)}` }],
        });
      }
    });
  },
};
