import type { WorkspaceRule } from '../rule';
import { TRAFFIC_INDEXERS, TrafficWorld } from '../traffic/world';
import { routeExample, subsetsExample } from '../traffic/examples';
import { didYouMean } from '../traffic/hosts';
import { replaceValue } from '../mtls/yaml-edit';

const example = (subset: string) =>
  `${subsetsExample('reviews', 'bookinfo', [['v1', 'v1'], ['v2', 'v2']])}---\n${routeExample('reviews', 'bookinfo', `        host: reviews\n        subset: ${subset}\n`)}`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TRAFFIC_INDEXERS,
  meta: {
    id: 'traffic-subset-not-found',
    family: 'traffic',
    severity: 'error',
    kinds: ['VirtualService', 'DestinationRule'],
    messages: {
      missing: 'Requests to subset "{subset}" fail (503 NR): DestinationRule {dr} defines {subsets}{hint}',
      noRule: 'Requests to subset "{subset}" fail (503 NR): no DestinationRule defines subsets for {host}. Apply one that does',
    },
    details: {
      missing:
        'Subset "{subset}" is not in DestinationRule {dr}, the one Istio uses for {host} here (it defines {subsets}). A ' +
        'route to a subset no DestinationRule defines goes to a cluster that does not exist: requests fail with 503 (NR). ' +
        'Common causes: a typo, or the VirtualService applied before its DestinationRule.',
      noRule:
        'No DestinationRule visible here defines subsets for {host}, so a route to subset "{subset}" goes to a cluster that ' +
        'does not exist: requests fail with 503 (NR). Apply a DestinationRule that defines it (before the VirtualService ' +
        'that routes to it). Checked because the workspace holds DestinationRules of this namespace or of the host\'s.',
    },
    docs: {
      summary: 'A VirtualService routes to a subset that no DestinationRule defines for the destination host.',
      why: [
        'A subset is a named group of endpoints that a DestinationRule defines by labels. Routing to a subset that no',
        'DestinationRule for the host defines gives a route to a cluster that does not exist: requests fail with',
        'HTTP 503 (`NR`). A common cause is applying the VirtualService before its DestinationRule, or a typo; when',
        'the name is one or two edits away from a defined subset, the fix offers that name.',
        '',
        'The DestinationRule Istio uses for the host is found as istio does: visible to the VirtualService through',
        '`exportTo`, an exact host before the most specific wildcard. When no DestinationRule for the host is in the',
        'workspace, the rule reports only if the host exists and the workspace holds DestinationRules of the VirtualService\'s or the',
        "host's namespace (otherwise the DestinationRule may simply live elsewhere).",
      ].join('\n'),
      bad: example('v3'),
      good: example('v2'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0101', analyzer: 'virtualservice.DestinationRuleAnalyzer' }],
  },
  check(ws, ctx) {
    const world = TrafficWorld.of(ws);
    world.eachVirtualService(ws, ctx, rule.meta.id, (vs, report) => {
      for (const d of vs.value.destinations) {
        const subset = d.subset;
        if (!subset?.value || !d.host?.value) continue;
        const found = world.subsets(d.host.value, vs.value.namespace);
        if (found.partial || found.names.includes(subset.value)) continue;
        const host = d.host.value;
        if (!found.rules.length) {
          // A host that does not exist is traffic-destination-host-not-found's finding: one finding per mistake.
          const exists = world.destination(host, vs.value.namespace, vs.value.exportTo);
          if (exists && world.coversSubsets(host, vs.value.namespace)) report({ start: subset.start, end: subset.end, messageId: 'noRule', data: { host, subset: subset.value } });
          continue;
        }
        const guess = didYouMean(subset.value, found.names);
        const dr = found.rules[0];
        report({
          start: subset.start,
          end: subset.end,
          messageId: 'missing',
          data: {
            subset: subset.value,
            host,
            dr: `"${dr.value.name ?? ''}"`,
            subsets: found.names.length ? found.names.slice(0, 4).map((n) => `"${n}"`).join(', ') + (found.names.length > 4 ? ', …' : '') : 'none',
            hint: guess ? `; did you mean "${guess}"?` : '',
          },
          ...(guess ? { fixes: [{ title: `Change to "${guess}"`, safe: false, edits: [replaceValue(subset, guess)] }] } : {}),
        });
      }
    });
  },
};
