import type { WorkspaceRule } from '../rule';
import { formatLabels } from '../mtls/fact-read';
import { TELEMETRY_INDEXERS, selectsByLabels, telemetryView } from '../telemetry/facts';
import { reviewsDeployment, selectorExample, telemetryExample } from '../telemetry/examples';
import { WORKLOAD_KINDS } from '../kinds';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TELEMETRY_INDEXERS,
  meta: {
    id: 'telemetry-selector-no-workload',
    family: 'telemetry',
    severity: 'warning',
    kinds: ['Telemetry', ...WORKLOAD_KINDS],
    messages: {
      none: 'Check the selector: no workload of namespace {namespace} in this workspace has the labels {labels}, so this Telemetry applies to none',
    },
    docs: {
      summary: 'A Telemetry whose selector matches no workload of its namespace.',
      why: [
        'A Telemetry with `selector.matchLabels` applies only to the pods of its own namespace that carry those',
        'labels; with a typo or a label from another namespace it configures nothing (istioctl IST0101,',
        '`telemetry.SelectorAnalyzer`). A workspace is often only part of a cluster, so the rule reports only when',
        'the workspace holds workloads of that namespace (pod templates of Deployments, StatefulSets, DaemonSets,',
        'ReplicaSets, Jobs, CronJobs and bare Pods) and none of them can match; the message says so.',
      ].join('\n'),
      bad: `${telemetryExample('reviews', selectorExample('      app: review\n'))}---\n${reviewsDeployment}`,
      good: `${telemetryExample('reviews', selectorExample('      app: reviews\n'))}---\n${reviewsDeployment}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0101', analyzer: 'telemetry.SelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const view = telemetryView(ws);
    for (const t of view.telemetries) {
      // No workload of the namespace in the workspace: the pods may live elsewhere, so nothing is claimed.
      if (!selectsByLabels(t.value) || !view.workloads.get(t.value.namespace)?.length || view.mayBeSelected(t.value)) continue;
      ctx.report(t.doc, { ...(t.value.selectorAt ?? t.value.anchor), messageId: 'none', data: { namespace: t.value.namespace, labels: formatLabels(t.value.matchLabels) } });
    }
  },
};
