import type { FactEntry, WorkspaceRule } from '../rule';
import { SIDECAR_INDEXERS, sidecarKey, sidecarView, type SidecarFact } from '../traffic/sidecars';
import { fileName } from '../mtls/describe';

const sidecar = (name: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: shop
spec:
  egress:
  - hosts:
    - "./*"
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: SIDECAR_INDEXERS,
  meta: {
    id: 'traffic-sidecar-multiple-default',
    family: 'traffic',
    severity: 'warning',
    kinds: ['Sidecar'],
    messages: {
      duplicate: 'Keep one Sidecar without a selector here: {sidecar} has none either, and Istio applies only the oldest',
    },
    details: {
      duplicate:
        'Sidecar {sidecar} also has no workloadSelector in namespace {namespace}: both are the default for every workload of ' +
        'the namespace that no selector Sidecar picks. Istio uses only one default per namespace (the oldest, which files ' +
        'cannot tell) and silently ignores the settings of the others. Merge them into one.',
    },
    docs: {
      summary: 'A namespace has more than one Sidecar without a workload selector.',
      why: [
        'A Sidecar without `workloadSelector` is the default for every workload of its namespace that no selector',
        'Sidecar picks. Istio uses only one default per namespace (the oldest, which files cannot tell), so the',
        'settings of the others are silently ignored. Merge them into one.',
      ].join('\n'),
      bad: `${sidecar('default')}---\n${sidecar('egress')}`,
      good: sidecar('default'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0111/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0111', analyzer: 'sidecar.SelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const view = sidecarView(ws);
    const byNs = new Map<string, Array<FactEntry<SidecarFact>>>();
    for (const s of view.sidecars) {
      if (s.value.selector || s.value.partial) continue;
      const list = byNs.get(s.value.namespace) ?? [];
      list.push(s);
      byNs.set(s.value.namespace, list);
    }
    for (const [namespace, list] of byNs) {
      for (const s of list) {
        const other = list.find((o) => sidecarKey(o) !== sidecarKey(s));
        if (!other) continue;
        ctx.report(s.doc, { ...s.value.anchor, messageId: 'duplicate', data: { sidecar: `"${other.value.name ?? '?'}" (${fileName(other.doc.uri)})`, namespace } });
      }
    }
  },
};
