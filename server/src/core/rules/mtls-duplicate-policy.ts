import type { DocRef, FactEntry, ReportInput, WorkspaceRule } from '../rule';
import { formatLabels, mayMatch, selects } from '../mtls/fact-read';
import { PEER_AUTHENTICATIONS, type PeerAuthnFact } from '../mtls/facts';
import { WORKLOADS, type WorkloadFact } from '../mtls/k8s-facts';
import { fileName } from '../mtls/describe';
import { MESH_CONFIGS } from '../mtls/mesh-config';
import { meshSettings } from '../mtls/mesh-settings';
import { documents, peerAuthenticationDoc } from '../mtls/docs-manifests';

type Entry = FactEntry<PeerAuthnFact>;

/**
 * Copies of one resource (same name and namespace, e.g. a base and an overlay) are one object
 * in the cluster, not competing policies.
 */
const identity = (e: Entry): string => (e.value.name ? `${e.value.namespace}/${e.value.name}` : `${e.doc.uri}#${e.doc.index}`);

const describe = (e: Entry): string => `"${e.value.name ?? 'unnamed'}" (${fileName(e.doc.uri)})`;

/**
 * Which of two policies Istio applies where both select a pod: the older creationTimestamp, then
 * name, then namespace (configCompareByCreationTime); undefined when a timestamp is not written.
 */
function older(a: PeerAuthnFact, b: PeerAuthnFact): PeerAuthnFact | undefined {
  if (!a.createdAt || !b.createdAt) return undefined;
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return undefined;
  if (ta !== tb) return ta < tb ? a : b;
  return (a.name ?? '') <= (b.name ?? '') ? a : b;
}

/**
 * The pods two different selectors both pick: a workload of the workspace, or, when one selector
 * holds the other's labels, every pod of the narrower one. Undefined when they cannot share a pod.
 */
function sharedPods(a: PeerAuthnFact, b: PeerAuthnFact, workloads: readonly FactEntry<WorkloadFact>[]): string | undefined {
  const sa = a.selector!;
  const sb = b.selector!;
  if (!mayMatch(sa, sb)) return undefined;
  const w = workloads.find((x) => x.value.namespace === a.namespace && selects(sa, x.value.labels) && selects(sb, x.value.labels));
  if (w) return `${w.value.kind} ${w.value.name ?? 'unnamed'}`;
  if (selects(sa, sb) || selects(sb, sa)) return `pods ${formatLabels({ ...sa, ...sb })}`;
  return undefined;
}

/** Pairs of non-identical workload policies of one namespace that select a common pod. */
function reportOverlaps(list: readonly Entry[], workloads: readonly FactEntry<WorkloadFact>[], report: (doc: DocRef, r: ReportInput) => void): void {
  for (const e of list) {
    for (const o of list) {
      if (o === e || o.value.namespace !== e.value.namespace || formatLabels(o.value.selector!) === formatLabels(e.value.selector!)) continue;
      const pods = sharedPods(e.value, o.value, workloads);
      if (!pods) continue;
      const winner = older(e.value, o.value);
      const data = { other: describe(o), pods };
      if (!winner) report(e.doc, { ...e.value.anchor, messageId: 'overlap', severity: 'warning', data });
      else report(e.doc, { ...e.value.anchor, messageId: winner === e.value ? 'overlapWins' : 'overlapLoses', severity: 'warning', data });
    }
  }
}

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [PEER_AUTHENTICATIONS, WORKLOADS, MESH_CONFIGS],
  meta: {
    id: 'mtls-duplicate-policy',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication'],
    messages: {
      wide: "Keep one {scope} PeerAuthentication for {place}: Istio applies only the oldest (also {others})",
      workload: "Merge into one policy: {others} selects the same pods {selector} in {ns}; Istio applies only the oldest",
      overlap: 'Merge into one policy: {other} also selects {pods}; Istio applies the older, which the files do not tell',
      overlapWins: 'Merge into one policy: {other} also selects {pods}; this older policy (creationTimestamp) wins there',
      overlapLoses: 'Merge into one policy: {other} also selects {pods}; it is older and wins there: this one is ignored',
    },
    details: {
      wide: 'Istio applies only the oldest policy for a scope (creationTimestamp), and the files cannot tell which that is.',
    },
    docs: {
      summary: 'Several PeerAuthentications compete for the same scope (mesh, namespace, or workload selectors that pick the same pods).',
      why: [
        'For one scope Istio uses a single PeerAuthentication: when several exist (two namespace-wide policies in one',
        'namespace, two mesh-wide ones in the root namespace, or two with the same selector) it picks the **oldest** by',
        'creation time and ignores the others. Creation time is not in your files: a re-install, a restore from git or a',
        'different apply order flips which one wins, and with it whether plaintext is accepted. Two namespace or mesh-wide',
        'policies are reported as errors; two identical workload selectors as warnings.',
        '',
        'Workload selectors need not be identical to compete: Istio does not prefer the most specific one. When two different',
        'selectors pick one pod (a workload of the workspace carries both label sets, or one selector contains the other), that',
        'pod gets the older policy alone, also a warning. If both policies carry `metadata.creationTimestamp` (exported from a',
        'cluster), the finding says which one applies.',
        '',
        'Copies of the same resource (same name and namespace in two files, such as a base and an overlay) are one object',
        'in the cluster and are not reported, nor are policies in Helm templates (a condition may render only one of',
        'them). Keep exactly one policy per scope.',
      ].join('\n'),
      bad: documents(peerAuthenticationDoc({ namespace: 'shop', mode: 'STRICT' }), peerAuthenticationDoc({ name: 'shop-permissive', namespace: 'shop', mode: 'PERMISSIVE' })),
      good: peerAuthenticationDoc({ namespace: 'shop', mode: 'STRICT' }),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const root = meshSettings(ws).rootNamespace.value;
    const groups = new Map<string, Entry[]>();
    const selectorPolicies: Entry[] = [];
    for (const e of ws.facts(PEER_AUTHENTICATIONS)) {
      const p = e.value;
      // Unknown scope; ignored by Istio; or a Helm template that may render one policy or the other.
      if (p.selectorUnknown || (p.selector && p.namespace === root) || p.templated) continue;
      if (p.selector && !p.rejected) selectorPolicies.push(e);
      const key = `${p.namespace}\u0000${p.selector ? formatLabels(p.selector) : '*'}`;
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    }
    for (const list of groups.values()) {
      if (new Set(list.map(identity)).size < 2) continue;
      for (const e of list) {
        const others = list.filter((o) => identity(o) !== identity(e));
        const shown = others.slice(0, 3).map(describe).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
        const p = e.value;
        if (p.selector) {
          ctx.report(e.doc, { ...p.anchor, messageId: 'workload', severity: 'warning', data: { ns: p.namespace, selector: formatLabels(p.selector), others: shown } });
        } else {
          const mesh = p.namespace === root;
          ctx.report(e.doc, { ...p.anchor, messageId: 'wide', data: { scope: mesh ? 'mesh-wide' : 'namespace-wide', place: mesh ? `the mesh (namespace ${root})` : `namespace ${p.namespace}`, others: shown } });
        }
      }
    }
    reportOverlaps(selectorPolicies, ws.facts(WORKLOADS), (doc, r) => ctx.report(doc, r));
  },
};
