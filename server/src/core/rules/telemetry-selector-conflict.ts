import type { FactEntry, WorkspaceRule } from '../rule';
import type { WorkloadFact } from '../mtls/k8s-facts';
import { TELEMETRY_INDEXERS, describeTelemetry, telemetryKey, telemetryView, type TelemetryFact } from '../telemetry/facts';
import { reviewsDeployment, selectorExample, telemetryExample } from '../telemetry/examples';
import { WORKLOAD_KINDS } from '../kinds';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: TELEMETRY_INDEXERS,
  meta: {
    id: 'telemetry-selector-conflict',
    family: 'telemetry',
    severity: 'error',
    kinds: ['Telemetry', ...WORKLOAD_KINDS],
    messages: {
      conflict: 'Make the selectors disjoint: {other} also selects {workload}; which Telemetry wins is undefined',
    },
    docs: {
      summary: 'Two Telemetry resources with workload selectors select the same workload.',
      why: [
        'A workload gets one workload-level Telemetry. When two Telemetries of its namespace select it, Istio picks',
        'one by creation time (which files cannot tell) and ignores the other, so metrics, tracing or access',
        'logging silently differ from what one of the files says (istioctl IST0159, `telemetry.SelectorAnalyzer`).',
        'Workloads are the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and',
        'bare Pods in the workspace.',
      ].join('\n'),
      bad: `${telemetryExample('reviews', selectorExample('      app: reviews\n'))}---\n${telemetryExample('v1', selectorExample('      version: v1\n'))}---\n${reviewsDeployment}`,
      good: `${telemetryExample('reviews', selectorExample('      app: reviews\n'))}---\n${telemetryExample('v2', selectorExample('      version: v2\n'))}---\n${reviewsDeployment}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0159/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0159', analyzer: 'telemetry.SelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const view = telemetryView(ws);
    const byWorkload = new Map<FactEntry<WorkloadFact>, Array<FactEntry<TelemetryFact>>>();
    for (const t of view.telemetries) {
      for (const w of view.selected(t.value)) {
        const list = byWorkload.get(w) ?? [];
        if (!list.some((o) => telemetryKey(o) === telemetryKey(t))) list.push(t);
        byWorkload.set(w, list);
      }
    }
    const reported = new Set<object>();
    for (const [w, list] of byWorkload) {
      if (list.length < 2) continue;
      for (const t of list) {
        if (reported.has(t)) continue;
        reported.add(t);
        const other = list.find((o) => o !== t)!;
        ctx.report(t.doc, { ...(t.value.selectorAt ?? t.value.anchor), messageId: 'conflict', data: { other: describeTelemetry(other), workload: `${w.value.kind} "${w.value.name ?? '?'}"` } });
      }
    }
  },
};
