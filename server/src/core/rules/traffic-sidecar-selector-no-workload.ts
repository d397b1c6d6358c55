import type { WorkspaceRule } from '../rule';
import { mayMatch } from '../mtls/fact-read';
import { SIDECAR_INDEXERS, sidecarView } from '../traffic/sidecars';
import { noWorkloadReport } from '../traffic/selector-typo';
import { deploymentExample, sidecarExample } from '../traffic/examples';
import { WORKLOAD_KINDS } from '../kinds';

const example = (app: string) => `${sidecarExample('cart', 'shop', `  workloadSelector:\n    labels:\n      app: ${app}\n`)}---\n${deploymentExample('cart', 'shop')}`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: SIDECAR_INDEXERS,
  meta: {
    id: 'traffic-sidecar-selector-no-workload',
    family: 'traffic',
    severity: 'warning',
    kinds: ['Sidecar', ...WORKLOAD_KINDS],
    messages: {
      none: 'Fix workloadSelector {labels}{typo}: it matches no workload of {namespace} in the files; this Sidecar may apply to none',
    },
    docs: {
      summary: 'A Sidecar\'s workloadSelector matches no workload of its namespace.',
      why: [
        'A Sidecar with a `workloadSelector` configures only the pods of its own namespace that carry all its labels.',
        'When none does, the Sidecar does nothing: the pods meant to get its egress and ingress settings use the',
        'namespace default (or the mesh\'s), which often means they keep seeing every service of the mesh.',
        '',
        'Workloads are the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and',
        'bare Pods. istioctl reads the cluster; the rule reports only when the workspace holds workloads in the',
        'Sidecar\'s namespace, and says nothing when a workload with templated labels might match. When one label',
        'value is one or two edits from the value of a workload that has the other labels, the fix offers it.',
      ].join('\n'),
      bad: example('carts'),
      good: example('cart'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0101', analyzer: 'sidecar.SelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const view = sidecarView(ws);
    for (const s of view.sidecars) {
      const { selector, selectorValues, partial, namespace } = s.value;
      const pods = view.workloads.get(namespace);
      if (!selector || partial || !pods?.length || view.selected(s.value).length) continue;
      if (pods.some((w) => w.value.labelsPartial && mayMatch(selector, w.value.labels))) continue;
      ctx.report(s.doc, noWorkloadReport(selector, selectorValues ?? {}, pods, s.value, 'none', { namespace }));
    }
  },
};
