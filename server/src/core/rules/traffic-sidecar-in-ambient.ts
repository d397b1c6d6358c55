import type { FactEntry, WorkspaceRule } from '../rule';
import { NAMESPACES, type NamespaceFact } from '../mtls/k8s-facts';
import { SIDECAR_INDEXERS, sidecarView } from '../traffic/sidecars';
import { sidecarExample } from '../traffic/examples';
import { namespaceInAmbient, wantsSidecar, workloadInAmbient } from '../traffic/ambient';
import { WORKLOAD_KINDS } from '../kinds';

const example = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n${labels}---\n${sidecarExample('default', 'shop')}`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [...SIDECAR_INDEXERS, NAMESPACES],
  meta: {
    id: 'traffic-sidecar-in-ambient',
    family: 'traffic',
    severity: 'warning',
    kinds: ['Sidecar', 'Namespace', ...WORKLOAD_KINDS],
    messages: {
      namespace: 'Remove this Sidecar or move {namespace} to sidecar mode: the namespace runs in ambient mode, where no sidecar reads it',
      workloads: 'Remove this Sidecar: it selects only ambient-mode pods ({what}), where no sidecar reads it',
    },
    docs: {
      summary: 'A Sidecar resource in an ambient-mode namespace, or selecting only ambient-mode workloads, where it has no effect.',
      why: [
        'In ambient mode pods run without a sidecar: ztunnel (and waypoint proxies) carry their traffic, and neither',
        'reads Sidecar resources. A Sidecar written for such pods changes nothing, so the egress limits or ingress',
        'settings it declares are not in force.',
        '',
        'A namespace is in ambient mode when its Namespace manifest is labelled `istio.io/dataplane-mode: ambient` and',
        'not for sidecar injection (`istio-injection: enabled`, `istio.io/rev`), as istioctl decides; a namespace-wide',
        'Sidecar there is reported unless a workload of the namespace asks for a sidecar itself. A Sidecar with a',
        '`workloadSelector` is reported when every workload of the workspace it selects is enrolled in ambient mode',
        '(istio-cni: by pod or namespace label, not for host-network pods or pods with a sidecar).',
      ].join('\n'),
      bad: example('    istio.io/dataplane-mode: ambient\n'),
      good: example('    istio-injection: enabled\n'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0167/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0167', analyzer: 'sidecar.SelectorAnalyzer' }],
  },
  check(ws, ctx) {
    const view = sidecarView(ws);
    const namespaces = new Map<string, FactEntry<NamespaceFact>>();
    for (const n of ws.facts(NAMESPACES)) if (!n.value.labelsPartial) namespaces.set(n.value.name, n);
    for (const s of view.sidecars) {
      const ns = namespaces.get(s.value.namespace);
      const pods = view.workloads.get(s.value.namespace) ?? [];
      if (!s.value.selector) {
        if (!ns || !namespaceInAmbient(ns.value.labels) || pods.some((w) => wantsSidecar(w.value))) continue;
        ctx.report(s.doc, { ...s.value.anchor, messageId: 'namespace', data: { namespace: s.value.namespace } });
        continue;
      }
      if (s.value.partial) continue;
      const selected = view.selected(s.value);
      if (!selected.length || !selected.every((w) => workloadInAmbient(w.value, ns))) continue;
      const what = selected.length === 1 ? `${selected[0].value.kind} "${selected[0].value.name ?? '?'}"` : `${selected.length} workloads`;
      ctx.report(s.doc, { ...(s.value.selectorAt ?? s.value.anchor), messageId: 'workloads', data: { what } });
    }
  },
};
