import type { WorkspaceRule } from '../rule';
import { TRAFFIC_INDEXERS, TrafficWorld } from '../traffic/world';
import { replaceValue } from '../mtls/yaml-edit';
import { toFqdn } from '../traffic/hosts';
import { routeExample, serviceExample } from '../traffic/examples';

const example = (host: string) => `${serviceExample('reviews', 'bookinfo', [9080])}---\n${routeExample('reviews', 'bookinfo', `        host: ${host}\n`)}`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TRAFFIC_INDEXERS,
  meta: {
    id: 'traffic-destination-host-not-found',
    family: 'traffic',
    severity: 'error',
    kinds: ['VirtualService', 'Service', 'ServiceEntry'],
    messages: {
      missing: 'Requests fail (503 NR): no Service or ServiceEntry "{fqdn}" is visible here',
      literal: 'Write "{fqdn}": a host with a dot is taken literally, so "{host}" names no Service (503 NR)',
    },
    details: {
      missing:
        'Envoy has no cluster for "{fqdn}": no Service or ServiceEntry visible to this VirtualService declares it ' +
        '(exportTo applies), so every request the route sends there fails with 503 (NR/NC). Checked because the workspace ' +
        'declares Services of that namespace (for a host outside the cluster: ServiceEntries); one applied from elsewhere ' +
        'is not seen here.',
      literal:
        'Istio expands only a host without a dot to a Service of the VirtualService\'s namespace and takes a host with a dot ' +
        'literally: "{host}" names no Service, so requests routed to it fail with 503 (NR). The Service meant is "{fqdn}".',
    },
    docs: {
      summary: 'A VirtualService routes (or mirrors) to a host that no Service or ServiceEntry visible to it declares.',
      why: [
        'Envoy has no cluster for a destination host that is not in the service registry, so every request the route',
        'sends there fails (HTTP 503 `NR`/`NC`). Istio expands a host without a dot to a Service of the',
        "VirtualService's own namespace (`reviews` in `bookinfo` is `reviews.bookinfo.svc.cluster.local`) and takes a",
        'host with a dot literally: `reviews.prod` is not the Service `reviews` of `prod`. Services hidden by the',
        '`networking.istio.io/exportTo` annotation and ServiceEntries hidden by `exportTo` do not count.',
        '',
        'A workspace is often part of a cluster. The rule only claims that a host is missing when the workspace holds',
        "the host's namespace: a cluster host (`name.ns.svc.cluster.local` or a short name) is checked when the",
        'workspace declares at least one Service in that namespace; any other host when it declares at least one',
        'ServiceEntry. Silence is not a proof that the host exists.',
      ].join('\n'),
      bad: example('reveiws'),
      good: example('reviews'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0101', analyzer: 'virtualservice.DestinationHostAnalyzer' }],
  },
  check(ws, ctx) {
    const world = TrafficWorld.of(ws);
    world.eachVirtualService(ws, ctx, rule.meta.id, (vs, report) => {
      const { namespace, exportTo } = vs.value;
      for (const d of vs.value.destinations) {
        const host = d.host;
        if (!host || !host.value || world.destination(host.value, namespace, exportTo)) continue;
        const literal = world.literalService(host.value);
        if (literal) {
          const fix = { title: `Use "${literal}"`, safe: false, edits: [replaceValue(host, literal)] };
          report({ start: host.start, end: host.end, messageId: 'literal', data: { fqdn: literal, host: host.value }, fixes: [fix] });
          continue;
        }
        if (!world.coversHost(host.value, namespace)) continue;
        report({ start: host.start, end: host.end, messageId: 'missing', data: { fqdn: toFqdn(host.value, namespace) } });
      }
    });
  },
};
