import type { FactEntry, WorkspaceRule } from '../rule';
import type { WorkloadFact } from '../mtls/k8s-facts';
import { SIDECAR_INDEXERS, sidecarKey, sidecarView, type SidecarFact } from '../traffic/sidecars';
import { fileName } from '../mtls/describe';
import { WORKLOAD_KINDS } from '../kinds';

const sidecar = (name: string, labels: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: shop
spec:
  workloadSelector:
    labels:
${labels}  egress:
  - hosts:
    - "./*"
    - "istio-system/*"
`;
const pod = `apiVersion: v1
kind: Pod
metadata:
  name: cart-0
  namespace: shop
  labels:
    app: cart
    tier: backend
spec:
  containers:
  - name: cart
    image: example.com/cart:1
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: SIDECAR_INDEXERS,
  meta: {
    id: 'traffic-sidecar-selector-conflict',
    family: 'traffic',
    severity: 'error',
    kinds: ['Sidecar', ...WORKLOAD_KINDS],
    messages: {
      conflict: 'Make the selectors disjoint: {workload} gets only the oldest of this Sidecar and {sidecar}',
    },
    details: {
      conflict:
        'Sidecar {sidecar} also selects {workload}. A workload gets exactly one Sidecar configuration: Istio uses the oldest ' +
        'of the Sidecars that select it (creation time, which files cannot tell) and ignores the others, so its egress and ' +
        'ingress settings silently differ from what one of the files says. Make the selectors disjoint.',
    },
    docs: {
      summary: 'Two Sidecar resources with workload selectors select the same workload.',
      why: [
        'A workload gets exactly one Sidecar configuration. When several Sidecars of its namespace select it, Istio',
        'uses the oldest (creation time, which files cannot tell) and ignores the others, so egress and ingress',
        'settings silently differ from what one of the files says. Workloads are the pod templates of Deployments,',
        'StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and bare Pods in the workspace.',
      ].join('\n'),
      bad: `${sidecar('cart', '      app: cart\n')}---\n${sidecar('backend', '      tier: backend\n')}---\n${pod}`,
      good: `${sidecar('cart', '      app: cart\n')}---\n${sidecar('frontend', '      tier: frontend\n')}---\n${pod}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0110/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0110', analyzer: 'sidecar.SelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const view = sidecarView(ws);
    const byWorkload = new Map<FactEntry<WorkloadFact>, Array<FactEntry<SidecarFact>>>();
    for (const s of view.sidecars) {
      if (!s.value.selector || s.value.partial) continue;
      for (const w of view.selected(s.value)) {
        const list = byWorkload.get(w) ?? [];
        if (!list.some((o) => sidecarKey(o) === sidecarKey(s))) list.push(s);
        byWorkload.set(w, list);
      }
    }
    const reported = new Set<object>();
    for (const [w, list] of byWorkload) {
      if (list.length < 2) continue;
      const workload = w.value;
      for (const s of list) {
        if (reported.has(s)) continue;
        reported.add(s);
        const other = list.find((o) => o !== s)!;
        const at = s.value.selectorAt ?? s.value.anchor;
        ctx.report(s.doc, { ...at, messageId: 'conflict', data: { sidecar: `"${other.value.name ?? '?'}" (${fileName(other.doc.uri)})`, workload: `${workload.kind} "${workload.name ?? '?'}"` } });
      }
    }
  },
};
