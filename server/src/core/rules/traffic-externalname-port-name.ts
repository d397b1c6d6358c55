import type { DocRule } from '../rule';
import { servicePorts } from '../traffic/port-protocol';
import { strIn } from '../yaml/nodes';

const example = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: payments-db
  namespace: shop
spec:
  type: ExternalName
  externalName: db.payments.example.com
  ports:
  - name: ${name}
    port: 5432
`;

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'traffic-externalname-port-name',
    family: 'traffic',
    severity: 'warning',
    kinds: ['Service'],
    messages: {
      invalid: 'Name the port with its protocol (e.g. "tls-{port}"), not plain "tcp": sidecars may not forward TCP to this ExternalName',
    },
    details: {
      invalid:
        'A sidecar forwards only the traffic it can attribute to a port. For an ExternalName Service, a port named ' +
        'plainly "tcp" or without a protocol prefix (so the protocol is sniffed) may stop TCP traffic to the external ' +
        'name from being forwarded (istioctl IST0150). Name it with the protocol it carries: "tls-{port}", "mysql", ' +
        '"mongo", "http-api".',
    },
    docs: {
      summary: 'An ExternalName Service port named "tcp" or without a protocol.',
      why: [
        'For an ExternalName Service, Istio builds a DNS-resolved cluster for the external name, and a sidecar',
        'forwards only the traffic it can attribute to the port. A port named plainly `tcp` or without a protocol',
        'prefix (so the protocol is sniffed) may stop TCP traffic to the external name from being forwarded',
        '(istioctl IST0150, `service.PortNameAnalyzer`). Give the port a name with the protocol it really carries,',
        'such as `tls-db`, `mysql`, `mongo` or `http-api`.',
      ].join('\n'),
      bad: example('tcp'),
      good: example('tls-postgres'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0150/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0150', analyzer: 'service.PortNameAnalyzer' }],
  },
  check(doc, ctx) {
    // The type first: reading every port of every Service only to find few ExternalName ones
    // was a measurable part of opening a file of hundreds of Services.
    if (strIn(doc.root, ['spec', 'type'], doc.yaml) !== 'ExternalName') return;
    const { type, ports } = servicePorts(doc);
    if (type !== 'ExternalName') return;
    for (const p of ports) {
      if (p.known && p.name !== 'tcp') continue;
      ctx.report({ ...p.at, messageId: 'invalid', data: { port: p.port ?? 'port' } });
    }
  },
};
