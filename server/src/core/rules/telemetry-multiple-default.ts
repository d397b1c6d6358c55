import type { FactEntry, WorkspaceRule } from '../rule';
import { TELEMETRIES, describeTelemetry, telemetryKey, type TelemetryFact } from '../telemetry/facts';
import { selectorExample, telemetryExample } from '../telemetry/examples';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [TELEMETRIES],
  meta: {
    id: 'telemetry-multiple-default',
    family: 'telemetry',
    severity: 'error',
    kinds: ['Telemetry'],
    messages: {
      duplicate: 'Keep one selector-less Telemetry in namespace {namespace}: {other} is another; which applies is undefined',
    },
    docs: {
      summary: 'A namespace has more than one Telemetry without a workload selector.',
      why: [
        'A Telemetry without `selector` (nor `targetRef`/`targetRefs`) applies to every workload of its namespace',
        '(in the root namespace, to the whole mesh). Istio uses only one such Telemetry per namespace, the oldest,',
        'which files cannot tell, so the settings of the others are silently ignored (istioctl IST0160,',
        '`telemetry.DefaultSelectorAnalyzer`). Merge them into one. Unlike istioctl, a Telemetry attached to a',
        'Gateway or Service through `targetRefs` is not counted as a namespace default.',
      ].join('\n'),
      bad: `${telemetryExample('tracing', '')}---\n${telemetryExample('metrics', '')}`,
      good: `${telemetryExample('tracing', '')}---\n${telemetryExample('metrics', selectorExample('      app: reviews\n'))}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0160/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0160', analyzer: 'telemetry.DefaultSelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const byNs = new Map<string, Array<FactEntry<TelemetryFact>>>();
    for (const t of ws.facts(TELEMETRIES)) {
      if (t.value.hasSelector || t.value.targeted) continue;
      const list = byNs.get(t.value.namespace) ?? [];
      list.push(t);
      byNs.set(t.value.namespace, list);
    }
    for (const [namespace, list] of byNs) {
      for (const t of list) {
        const other = list.find((o) => telemetryKey(o) !== telemetryKey(t));
        if (other) ctx.report(t.doc, { ...t.value.anchor, messageId: 'duplicate', data: { other: describeTelemetry(other), namespace } });
      }
    }
  },
};
