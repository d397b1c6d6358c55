import type { WorkspaceRule } from '../rule';
import { TRAFFIC_INDEXERS, TrafficWorld } from '../traffic/world';
import { routeExample, serviceExample } from '../traffic/examples';

const example = (destination: string) => `${serviceExample('reviews', 'bookinfo', [9080, 9090])}---\n${routeExample('reviews', 'bookinfo', destination)}`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TRAFFIC_INDEXERS,
  meta: {
    id: 'traffic-destination-port',
    family: 'traffic',
    severity: 'error',
    kinds: ['VirtualService', 'Service', 'ServiceEntry'],
    messages: {
      notFound: 'Requests fail (503): {kind} "{host}" has no port {port} (it has {ports})',
      required: 'Add port.number: "{host}" has several ports ({ports}) and this destination names none',
    },
    details: {
      notFound:
        'A destination port selects one port of the destination {kind} (the Service port, not the container port). ' +
        '"{host}" declares {ports}, not {port}: the route goes to a cluster that does not exist and requests routed to it ' +
        'fail with 503. Use one of its ports.',
      required:
        'A destination without port is unambiguous only when its host has a single port. "{host}" has several ({ports}), ' +
        'so Istio cannot tell which one this destination means (istioctl IST0112) and the route may go to a port the ' +
        'author did not mean. Add port.number.',
    },
    docs: {
      summary: 'A VirtualService destination names a port its Service or ServiceEntry lacks, or names none where the host has several.',
      why: [
        'A destination port selects one port of the destination Service (the Service port, not the container port).',
        'A number the Service does not declare gives a route to a cluster that does not exist: requests fail with 503.',
        'A destination without `port` is only unambiguous when the host has a single port; with several, istioctl',
        'reports IST0112 and the route may go to a port the author did not mean.',
        '',
        'Checked only when the host is found in the workspace (see `traffic-destination-host-not-found`) and its port',
        'list is fully readable.',
      ].join('\n'),
      bad: example('        host: reviews\n'),
      good: example('        host: reviews\n        port:\n          number: 9080\n'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0112/',
    },
    fix: 'none',
    istioctl: [
      { code: 'IST0112', analyzer: 'virtualservice.DestinationHostAnalyzer' },
      { code: 'IST0101', analyzer: 'virtualservice.DestinationHostAnalyzer' },
    ],
  },
  check(ws, ctx) {
    const world = TrafficWorld.of(ws);
    world.eachVirtualService(ws, ctx, rule.meta.id, (vs, report) => {
      for (const d of vs.value.destinations) {
        if (!d.host?.value) continue;
        const target = world.destination(d.host.value, vs.value.namespace, vs.value.exportTo);
        if (!target || target.portsPartial) continue;
        const ports = target.ports.join(', ');
        if (d.port === undefined) {
          if (target.ports.length < 2 || d.portAt) continue;
          report({ start: d.host.start, end: d.host.end, messageId: 'required', data: { host: d.host.value, ports } });
        } else if (!target.ports.includes(d.port) && d.portAt) {
          report({ start: d.portAt.start, end: d.portAt.end, messageId: 'notFound', data: { kind: target.kind, host: d.host.value, port: d.port, ports: ports || 'none' } });
        }
      }
    });
  },
};
