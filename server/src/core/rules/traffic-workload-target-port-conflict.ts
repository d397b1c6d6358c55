import type { WorkspaceRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { TIED_INDEXERS, deploymentExample, eachSharedPort } from '../traffic/workload-services';
import { WORKLOAD_KINDS } from '../kinds';

const service = (name: string, port: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    app: ratings
  ports:
  - name: http
    port: ${port}
    targetPort: 9080
`;

const example = (secondPort: number) => `${deploymentExample('ratings-v1', 'ratings')}---
${service('ratings', 9080)}---
${service('ratings-public', secondPort)}`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TIED_INDEXERS,
  meta: {
    id: 'traffic-workload-target-port-conflict',
    family: 'traffic',
    severity: 'info',
    kinds: ['Service', ...WORKLOAD_KINDS],
    messages: {
      conflict: 'Reach container port {target} through one Service port: here {port}, elsewhere {ports}; the sidecar serves it with one Service\'s settings',
    },
    details: {
      conflict:
        'Services {services} select the pods of {workload} and reach container port {target} through Service ports {allPorts}. The sidecar builds one inbound listener per container port, from the oldest of these Services (files cannot tell which); requests through the others get its protocol and are reported in its telemetry.',
    },
    docs: {
      summary: 'Services selecting the same pods reach one container port through different Service port numbers.',
      why: [
        'Istio asks that Services selecting the same workload with the same `targetPort` use the same `port`',
        '(istioctl IST0137). A sidecar builds one inbound listener per container port, from the oldest Service that',
        'reaches it (`listener_inbound.go`, `getFilterChainsByServicePort`), so the other Services\' port settings',
        'are not used for it and their requests are reported as the first Service\'s. When the protocols differ too,',
        '`traffic-workload-service-protocol-conflict` reports the breakage; this rule is informational.',
        '',
        'Named target ports are resolved through the containers\' port names (istioctl compares the text). Two ports',
        'of one Service reaching the same container port are not reported (istioctl does): the listener\'s Service is the same.',
        'Workloads are those that may run a sidecar; the Services must be in the workspace, in the same namespace.',
      ].join('\n'),
      bad: example(80),
      good: example(9080),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0137/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0137', analyzer: 'deployment.ServiceAssociationAnalyzer' }],
  },
  check(ws, ctx) {
    eachSharedPort(ws, ({ target, reaches, services, workload }, firstAt) => {
      const ports = [...new Set(reaches.map((r) => r.use.port))].sort((a, b) => a - b);
      if (ports.length < 2) return;
      for (const r of reaches) {
        if (!firstAt(r, r.use.targetAt)) continue;
        const others = ports.filter((p) => p !== r.use.port).join(', ');
        ctx.report(r.service.doc, { ...r.use.targetAt, messageId: 'conflict', data: { target: quote(target, 24), port: r.use.port, ports: quote(others, 24), allPorts: ports.join(', '), services: services.join(', '), workload } });
      }
    });
  },
};
