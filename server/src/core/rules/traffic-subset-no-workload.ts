import type { FactEntry, WorkspaceRule } from '../rule';
import { DRS, type DrFact } from '../traffic/facts';
import { EntryReports, perList } from '../fact-memo';
import { servicesByName, workloadsByNamespace } from '../traffic/workload-index';
import { clusterService, toFqdn } from '../traffic/hosts';
import { SERVICES, WORKLOADS } from '../mtls/k8s-facts';
import { formatLabels, mayMatch, selects } from '../mtls/fact-read';
import { serviceExample, subsetsExample } from '../traffic/examples';
import { WORKLOAD_KINDS } from '../kinds';

const example = (version: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      labels:
        app: reviews
        version: v1
    spec:
      containers:
      - name: reviews
        image: example.com/reviews:1
---
${serviceExample('reviews', 'bookinfo', [9080])}---
${subsetsExample('reviews', 'bookinfo', [['v1', version]])}`;

/** Labels Istio adds to endpoints itself (pilot label.AugmentLabels): files cannot tell their values. */
const augmented = (key: string) => key.startsWith('topology.istio.io/') || key.startsWith('topology.kubernetes.io/') || key === 'kubernetes.io/hostname';

const reports = new EntryReports<FactEntry<DrFact>>();
/** The Service (namespace/name) a rule's host names, kept per fact (a keystroke leaves the other rules' facts alone). */
const targetOf = perList((dr: DrFact) => {
  const svc = dr.host ? clusterService(toFqdn(dr.host, dr.namespace)) : undefined;
  return svc && `${svc.namespace}/${svc.name}`;
});

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [DRS, SERVICES, WORKLOADS],
  meta: {
    id: 'traffic-subset-no-workload',
    family: 'traffic',
    severity: 'warning',
    kinds: ['DestinationRule', 'Service', ...WORKLOAD_KINDS],
    messages: {
      empty: 'Requests to subset "{subset}" fail (503 UH): no pod of Service {service} has {labels}',
    },
    details: {
      empty:
        'Subset "{subset}" takes the pods of Service {service} that also carry {labels}. No pod in the workspace has ' +
        'them, so its cluster is empty and every request routed to it fails with 503 UH (no healthy upstream). Check the ' +
        'labels of the pod template (not the Deployment\'s own metadata), or deploy that version first.',
    },
    docs: {
      summary: 'A DestinationRule subset whose labels select none of the pods behind its Service.',
      why: [
        'A subset\'s endpoints are the Service\'s endpoints that also carry the subset labels. When no pod has them,',
        'the subset\'s cluster is empty and every request routed to it fails with HTTP 503 `UH` (no healthy',
        'upstream). Typical causes: a `version` label that differs from the Deployment\'s pod template, a label',
        'written on the Deployment\'s own metadata instead of the pod template, or a version not deployed yet.',
        '',
        'The rule reports only when the workspace holds pods of the Service (at least one workload in the Service\'s',
        'namespace matches its selector), so a workspace without the Deployments stays silent. Labels Istio adds to',
        'endpoints itself (`topology.istio.io/*`, `topology.kubernetes.io/*`, `kubernetes.io/hostname`) are not judged.',
      ].join('\n'),
      bad: example('1.0'),
      good: example('v1'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0173/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0173', analyzer: 'destinationrule.SubsetSelectPodAnalyzer' }],
  },
  check(ws, ctx) {
    // A Service selects pods of its own namespace only; both lookups are kept while their lists hold.
    const services = servicesByName(ws.facts(SERVICES));
    const workloads = workloadsByNamespace(ws.facts(WORKLOADS));
    for (const d of ws.facts(DRS)) {
      const target = targetOf(d.value);
      const named = target === undefined ? undefined : services.get(target);
      // The last Service of that name counts (as a map by name keeps it).
      const svc = named?.[named.length - 1].value;
      if (!svc?.selector || svc.selectorPartial) continue;
      const inNamespace = workloads.get(svc.namespace);
      // A keystroke elsewhere leaves this DestinationRule, its Service and the namespace's workloads the same objects.
      reports.run(d, d.doc, [svc, inNamespace], ctx, (report) => {
        const selector = svc.selector!;
        const pods = (inNamespace ?? []).filter((w) => (w.value.labelsPartial ? mayMatch(selector, w.value.labels) : selects(selector, w.value.labels)));
        if (!pods.length) return;
        for (const subset of d.value.subsets) {
          const keys = Object.keys(subset.labels);
          if (subset.partial || !keys.length || keys.some(augmented)) continue;
          const wanted = { ...selector, ...subset.labels };
          if (pods.some((w) => (w.value.labelsPartial ? mayMatch(wanted, w.value.labels) : selects(wanted, w.value.labels)))) continue;
          report({ ...subset.at, messageId: 'empty', data: { service: `${svc.namespace}/${svc.name}`, labels: formatLabels(subset.labels), subset: subset.name } });
        }
      });
    }
  },
};
