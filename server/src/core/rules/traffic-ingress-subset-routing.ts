import type { FactEntry, WorkspaceIndex, WorkspaceRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { TRAFFIC_INDEXERS, TrafficWorld } from '../traffic/world';
import { VIRTUAL_SERVICES, type VsFact } from '../traffic/facts';
import { clusterService, toFqdn } from '../traffic/hosts';
import { SERVICES, WORKLOADS } from '../mtls/k8s-facts';
import { selects } from '../mtls/fact-read';
import { serviceExample, subsetsExample } from '../traffic/examples';
import { deploymentExample } from '../traffic/workload-services';
import { servicesByName, workloadsByNamespace } from '../traffic/workload-index';
import { perList } from '../fact-memo';
import { WORKLOAD_KINDS } from '../kinds';

const vs = (name: string, lines: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
${lines}`;

const example = (subset: string) => `${vs('shop-ingress', `  hosts:\n  - shop.example.com\n  gateways:\n  - shop-gateway\n  http:\n  - route:\n    - destination:\n        host: reviews\n${subset}`)}---
${vs('reviews', '  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n')}---
${subsetsExample('reviews', 'shop', [['v1', 'v1'], ['v2', 'v2']])}`;

/** A mesh VirtualService routing its own host to subsets. */
interface MeshSplit {
  vs: FactEntry<VsFact>;
  subsets: Set<string>;
}

const resourceKey = (v: FactEntry<VsFact>) => `${v.value.namespace}/${v.value.name ?? `${v.doc.uri}#${v.doc.index}`}`;
const bindsMesh = (v: VsFact) => !v.gateways?.length || v.gateways.some((g) => g.value === 'mesh');

/**
 * Whether the workspace shows that every pod of the host's Service is in every subset `split`
 * routes to: then routing without a subset reaches the same pods, and nothing is lost.
 */
function sameEitherWay(ws: WorkspaceIndex, world: TrafficWorld, fqdn: string, split: MeshSplit): boolean {
  const target = clusterService(fqdn);
  // The first Service of that name, and the selected pods in list order.
  const svc = target && servicesByName(ws.facts(SERVICES)).get(`${target.namespace}/${target.name}`)?.[0].value;
  if (!svc?.selector || svc.selectorPartial) return false;
  const selector = svc.selector;
  const pods = (workloadsByNamespace(ws.facts(WORKLOADS)).get(svc.namespace) ?? []).filter((w) => selects(selector, w.value.labels));
  if (!pods.length || pods.some((p) => p.value.labelsPartial)) return false;
  const defined = world.subsets(fqdn, split.vs.value.namespace).rules.flatMap((d) => d.value.subsets);
  for (const name of split.subsets) {
    const subset = defined.find((s) => s.name === name);
    if (!subset || subset.partial) return false;
    if (!pods.every((p) => selects({ ...selector, ...subset.labels }, p.value.labels))) return false;
  }
  return true;
}

/** Mesh VirtualServices that route one of their own hosts to subsets, by that host's FQDN (kept while no VirtualService changed). */
const meshSplits = perList((all: ReadonlyArray<FactEntry<VsFact>>) => {
  const splits = new Map<string, MeshSplit[]>();
  for (const v of all) {
    if (!bindsMesh(v.value)) continue;
    const own = new Set(v.value.hosts.map((h) => toFqdn(h.value, v.value.namespace)));
    const byHost = new Map<string, Set<string>>();
    for (const d of v.value.destinations) {
      if (d.section !== 'http' || !d.host || !d.subset) continue;
      const fqdn = toFqdn(d.host.value, v.value.namespace);
      if (!own.has(fqdn)) continue;
      const set = byHost.get(fqdn) ?? new Set<string>();
      byHost.set(fqdn, set.add(d.subset.value));
    }
    for (const [fqdn, subsets] of byHost) splits.set(fqdn, [...(splits.get(fqdn) ?? []), { vs: v, subsets }]);
  }
  return splits;
});

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [...TRAFFIC_INDEXERS, SERVICES, WORKLOADS],
  meta: {
    id: 'traffic-ingress-subset-routing',
    family: 'traffic',
    severity: 'warning',
    kinds: ['VirtualService', 'DestinationRule', 'Service', ...WORKLOAD_KINDS],
    messages: {
      bypass: 'Name a subset: only sidecars apply the mesh\'s subset routing for {host}; this gateway route sends to all its pods',
    },
    details: {
      bypass: 'VirtualService {other} routes {host} to subsets ({subsets}). A gateway applies only the VirtualServices bound to it, so requests entering here go to every pod of {host}.',
    },
    docs: {
      summary: 'A gateway route sends traffic to a host without a subset while a mesh VirtualService routes that host by subsets.',
      why: [
        'A gateway applies only the VirtualServices bound to it. When a VirtualService bound to a gateway routes to a',
        'host without a subset, requests entering through the gateway go to every pod of the host, whatever the mesh',
        'VirtualService of that host (subset `v1`, canary weights, header matches) says: that routing only applies to',
        'calls from sidecars (istioctl IST0140). Name the subset in the gateway\'s route too, or bind the mesh',
        'VirtualService to the gateway as well.',
        '',
        'Hosts compare as fully qualified names. Unlike istioctl, the VirtualService itself and VirtualServices not',
        'bound to the mesh do not count, and nothing is reported when the workspace shows every pod of the Service in',
        'every subset the mesh VirtualService uses (the same pods get the traffic either way).',
      ].join('\n'),
      bad: `${example('')}---\n${serviceExample('reviews', 'shop', [9080])}`,
      good: `${example('        subset: v1\n')}---\n${serviceExample('reviews', 'shop', [9080])}---\n${deploymentExample('reviews-v1', 'reviews')}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0140/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0140', analyzer: 'virtualservice.DestinationHostAnalyzer' }],
  },
  check(ws, ctx) {
    const all = ws.facts(VIRTUAL_SERVICES);
    const splits = meshSplits(all);
    if (!splits.size) return;
    const world = TrafficWorld.of(ws);
    for (const v of all) {
      if (!v.value.gateways?.some((g) => g.value !== 'mesh')) continue;
      for (const d of v.value.destinations) {
        if (d.section !== 'http' || !d.host || d.subset) continue;
        const fqdn = toFqdn(d.host.value, v.value.namespace);
        const split = splits.get(fqdn)?.find((s) => resourceKey(s.vs) !== resourceKey(v));
        if (!split || sameEitherWay(ws, world, fqdn, split)) continue;
        ctx.report(v.doc, {
          start: d.host.start,
          end: d.host.end,
          messageId: 'bypass',
          data: { other: split.vs.value.name ?? '(unnamed)', host: quote(d.host.value, 40), subsets: [...split.subsets].join(', ') },
          related: [{ at: split.vs.doc, start: split.vs.value.anchor.start, end: split.vs.value.anchor.end, message: `Subset routing for ${d.host.value}, applied by sidecars only` }],
        });
      }
    }
  },
};
