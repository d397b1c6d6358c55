import type { FactEntry, WorkspaceRule } from '../rule';
import { NAMESPACES, WORKLOADS, type NamespaceFact, type WorkloadFact } from '../mtls/k8s-facts';
import { sidecarStatus } from '../mtls/injection';
import { AUTHZ_SELECTIONS } from '../authz/selection-facts';
import { selection } from '../traffic/gateway-servers';
import { holdsCandidates, noWorkloadReport } from '../traffic/selector-typo';
import { deploymentExample } from '../traffic/examples';
import { WORKLOAD_KINDS } from '../kinds';

const example = (version: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: cart-readers
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ${version}
  rules:
  - from:
    - source:
        namespaces: ["web"]
---
${deploymentExample('cart', 'shop')}`;

/** A workload is known to run without a proxy that enforces policies (istioctl util.PodInMesh / PodInAmbientMode, from files). */
const outOfMesh = (w: WorkloadFact, ns: FactEntry<NamespaceFact> | undefined): boolean => sidecarStatus(w, ns).state === 'none';

const describeAll = (ws: ReadonlyArray<FactEntry<WorkloadFact>>): string =>
  ws.length === 1 ? `${ws[0].value.kind} "${ws[0].value.name ?? '?'}"` : `${ws.length} workloads`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [AUTHZ_SELECTIONS, WORKLOADS, NAMESPACES],
  meta: {
    id: 'authz-selector-no-workload',
    family: 'authz',
    severity: 'warning',
    kinds: ['AuthorizationPolicy', 'Namespace', ...WORKLOAD_KINDS],
    messages: {
      none: 'Fix selector {labels}: no workload of {namespace} in the workspace matches it, so this policy applies to nothing',
      meshNone: 'Fix selector {labels}: no workload in the workspace matches it, so this mesh-wide policy applies to nothing',
      sidecarless: 'Inject a sidecar or drop this policy: the workloads it selects ({what}) run without one, so nothing enforces it',
    },
    docs: {
      summary: 'An AuthorizationPolicy selects no workload that a proxy of the mesh serves.',
      why: [
        'An AuthorizationPolicy is enforced by the proxy of each workload it selects: the sidecar, or ztunnel in ambient',
        'mode. When its `selector` matches no workload of its namespace (of every namespace, in the root namespace),',
        'or only workloads without a sidecar, nothing enforces it: an ALLOW policy meant to restrict access restricts',
        'nothing, a DENY policy denies nothing.',
        '',
        'istioctl reads the cluster; the rule reports a namespaced policy only when the workspace holds workloads of its',
        'namespace, and a root-namespace selector only when some workload carries all its label keys. Workloads whose',
        'injection the files do not settle count as in the mesh; those known to run without a sidecar',
        '(`sidecar.istio.io/inject: "false"`, `hostNetwork`, a namespace with injection disabled) do not. Policies',
        'attached with `targetRef(s)` are not judged. When one label value is one or two edits from the value of a',
        'workload that has the other labels, the fix offers it.',
      ].join('\n'),
      bad: example('carts'),
      good: example('cart'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0127/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0127', analyzer: 'auth.AuthorizationPoliciesAnalyzer' }],
  },
  check(ws, ctx) {
    const workloads = ws.facts(WORKLOADS);
    const byNs = new Map<string, Array<FactEntry<WorkloadFact>>>();
    for (const w of workloads) {
      const list = byNs.get(w.value.namespace);
      if (list) list.push(w);
      else byNs.set(w.value.namespace, [w]);
    }
    const namespaces = new Map(ws.facts(NAMESPACES).map((n) => [n.value.name, n]));
    const root = ws.config.rootNamespace;
    for (const p of ws.facts(AUTHZ_SELECTIONS)) {
      const { selector, selectorPartial, targeted, namespace } = p.value;
      if (targeted || selectorPartial) continue;
      const meshWide = namespace === root;
      if (meshWide && !selector) continue;
      const candidates = meshWide ? workloads : (byNs.get(namespace) ?? []);
      if (!candidates.length || (meshWide && !holdsCandidates(selector!, workloads))) continue;
      const matched = selector ? candidates.filter((w) => selection(selector, w.value) !== 'no') : candidates;
      if (!matched.length) {
        ctx.report(p.doc, noWorkloadReport(selector!, p.value.selectorValues, candidates, p.value, meshWide ? 'meshNone' : 'none', { namespace }));
        continue;
      }
      if (matched.every((w) => !w.value.labelsPartial && outOfMesh(w.value, namespaces.get(w.value.namespace)))) {
        ctx.report(p.doc, { ...(p.value.selectorAt ?? p.value.anchor), messageId: 'sidecarless', data: { what: describeAll(matched) } });
      }
    }
  },
};
