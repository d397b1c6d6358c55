import type { DocRef, FactEntry, ReportInput, WorkspaceRule } from '../rule';
import { perList } from '../fact-memo';
import { TRAFFIC_INDEXERS } from '../traffic/world';
import { VIRTUAL_SERVICES, type VsFact } from '../traffic/facts';
import { exportScopes, hostMatches, toFqdn } from '../traffic/hosts';
import { fileName } from '../mtls/describe';
import type { ValueAt } from '../mtls/yaml-edit';

const vs = (name: string, host: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts:
  - ${host}
  http:
  - route:
    - destination:
        host: ${host}
`;

interface HostUse {
  vs: FactEntry<VsFact>;
  host: ValueAt;
  fqdn: string;
}

const resourceKey = (v: FactEntry<VsFact>) => (v.value.name ? `${v.value.namespace}/${v.value.name}` : `${v.doc.uri}#${v.doc.index}`);
const label = (u: HostUse) => `${u.vs.value.namespace}/${u.vs.value.name ?? '?'} (${fileName(u.vs.doc.uri)})`;

/** What the rule reports, computed from the VirtualServices alone: kept while none of them changed (a DestinationRule keystroke re-runs the traffic rules). */
const conflicts = perList((list: ReadonlyArray<FactEntry<VsFact>>) => {
  const out: Array<{ at: DocRef; input: ReportInput }> = [];
  // Host uses by scope (a namespace, or * for all) and FQDN, as ConflictingMeshGatewayHostsAnalyzer keys them.
  const byKey = new Map<string, HostUse[]>();
  const everywhere: HostUse[] = [];
  for (const v of list) {
    const { gateways, namespace, exportTo, partial } = v.value;
    if (partial || (gateways && !gateways.some((g) => g.value === 'mesh'))) continue;
    for (const scope of exportScopes(exportTo, namespace)) {
      for (const host of v.value.hosts) {
        const use = { vs: v, host, fqdn: toFqdn(host.value, namespace) };
        const key = `${scope}/${use.fqdn}`;
        const bucket = byKey.get(key);
        if (bucket) bucket.push(use);
        else byKey.set(key, [use]);
        if (scope === '*') everywhere.push(use);
      }
    }
  }
  const reported = new Set<string>();
  for (const [key, uses] of byKey) {
    const scoped = !key.startsWith('*/');
    const all = scoped ? [...uses, ...everywhere.filter((e) => hostMatches(uses[0].fqdn, e.fqdn))] : uses;
    // Documents with the same namespace and name are one resource (a later apply replaces it): no conflict.
    const resources = new Set(all.map((u) => resourceKey(u.vs)));
    if (resources.size < 2) continue;
    for (const u of all) {
      const id = `${u.vs.doc.uri}#${u.vs.doc.index}@${u.host.start}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const other = all.find((o) => resourceKey(o.vs) !== resourceKey(u.vs))!;
      out.push({ at: u.vs.doc, input: { start: u.host.start, end: u.host.end, messageId: 'conflict', data: { other: label(other) } } });
    }
  }
  return out;
});

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TRAFFIC_INDEXERS,
  meta: {
    id: 'traffic-mesh-host-conflict',
    family: 'traffic',
    severity: 'warning',
    kinds: ['VirtualService'],
    messages: {
      conflict: 'Sidecars ignore all but the oldest VirtualService for a host: merge these routes with {other}',
    },
    details: {
      conflict:
        'VirtualService {other} declares this host for sidecars too, where this one is visible. Sidecars take one ' +
        'VirtualService per host (the oldest, which files cannot tell) and silently drop the other\'s routes; only ' +
        'gateways merge them. Merge the routes into one VirtualService.',
    },
    docs: {
      summary: 'Two VirtualServices bound to the mesh (sidecars) declare the same host for the same namespaces.',
      why: [
        'For sidecars, Istio builds one virtual host per destination host; when several VirtualServices bound to',
        'the `mesh` gateway (no `gateways`, or `mesh` listed) declare the same host for a namespace, only one of them',
        '(the oldest, which files cannot tell) is used and the others\' routes are silently dropped. Gateways merge',
        'VirtualServices; sidecars do not. Hosts compare as fully qualified names (a short name is a Service of the',
        'VirtualService\'s namespace), and only VirtualServices visible in a common namespace (`exportTo`) conflict.',
      ].join('\n'),
      bad: `${vs('reviews', 'reviews')}---\n${vs('reviews-canary', 'reviews.shop.svc.cluster.local')}`,
      good: `${vs('reviews', 'reviews')}---\n${vs('ratings', 'ratings')}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0109/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0109', analyzer: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer' }],
  },
  check(ws, ctx) {
    for (const c of conflicts(ws.facts(VIRTUAL_SERVICES))) ctx.report(c.at, c.input);
  },
};
