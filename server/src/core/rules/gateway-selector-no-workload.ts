import type { FactEntry, WorkspaceRule } from '../rule';
import { WORKLOADS, type WorkloadFact } from '../mtls/k8s-facts';
import { formatLabels, type Labels } from '../mtls/fact-read';
import { replaceValue, type ValueAt } from '../mtls/yaml-edit';
import type { Span } from '../types';
import { didYouMean } from '../traffic/hosts';
import { gatewayExample } from '../traffic/examples';
import { GATEWAY_SERVERS, gatewayWorkloads, isGatewayWorkload } from '../traffic/gateway-servers';

const example = (label: string) => `${gatewayExample('public', 'ingress', `    istio: ${label}\n`, '  - port:\n      number: 80\n      name: http\n      protocol: HTTP\n    hosts:\n    - "*"\n')}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingressgateway
  namespace: ingress
spec:
  selector:
    matchLabels:
      istio: ingressgateway
  template:
    metadata:
      annotations:
        inject.istio.io/templates: gateway
      labels:
        istio: ingressgateway
        sidecar.istio.io/inject: "true"
    spec:
      containers:
      - name: istio-proxy
        image: auto
`;

/** A selector value one or two edits from a label of a workload that matches every other label: the likely typo. */
export function selectorTypo(selector: Labels, values: Readonly<Record<string, ValueAt>>, workloads: ReadonlyArray<FactEntry<WorkloadFact>>): { at: ValueAt; key: string; guess: string } | undefined {
  const found: Array<{ at: ValueAt; key: string; guess: string }> = [];
  for (const key of Object.keys(selector)) {
    const at = values[key];
    if (!at) continue;
    const others = workloads.filter((w) => Object.keys(selector).every((k) => k === key || w.value.labels[k] === selector[k]));
    const guess = didYouMean(selector[key], others.map((w) => w.value.labels[key]).filter((v): v is string => v !== undefined));
    if (guess) found.push({ at, key, guess });
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Whether the workspace evidently holds the workloads a selector means to pick: one of them carries
 * all its label keys (with other values).
 */
export const holdsCandidates = (selector: Labels, workloads: ReadonlyArray<FactEntry<WorkloadFact>>): boolean =>
  workloads.some((w) => Object.keys(selector).every((k) => k in w.value.labels));

export const reportSpan = (typo: { at: Span } | undefined, selectorAt: Span | undefined, anchor: Span): Span => typo?.at ?? selectorAt ?? anchor;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [GATEWAY_SERVERS, WORKLOADS],
  meta: {
    id: 'gateway-selector-no-workload',
    family: 'gateway',
    severity: 'warning',
    kinds: ['Gateway', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
    messages: {
      none: 'Fix selector {labels}{hint}: no workload in the workspace matches it; unless the cluster runs one, this Gateway serves nothing',
    },
    docs: {
      summary: 'A Gateway selector matches no workload of the workspace, where the workspace holds the gateway workloads.',
      why: [
        'A Gateway configures the proxies whose pod labels match its `selector` (in any namespace). When none does, its',
        'servers exist nowhere and every VirtualService bound to it routes nothing: a typo in `istio: ingressgateway`',
        'is enough.',
        '',
        'istioctl reads the cluster; Istio Tips reads files, and gateways are often installed outside the repository',
        '(istioctl, the gateway Helm chart). So the rule reports only when the workspace evidently holds the gateway',
        'workloads: a workload carries every label key of the selector (with other values), or a gateway workload',
        '(pod template with `inject.istio.io/templates: gateway` or an `istio-proxy` container) lives in the',
        'Gateway\'s namespace. An empty selector picks every pod and is not judged. When one label value is one or two',
        'edits from the value of a workload matching the other labels, the fix offers it.',
      ].join('\n'),
      bad: example('ingresgateway'),
      good: example('ingressgateway'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0101', analyzer: 'gateway.IngressGatewayPortAnalyzer' }],
  },
  check(ws, ctx) {
    const workloads = ws.facts(WORKLOADS);
    for (const g of ws.facts(GATEWAY_SERVERS)) {
      const { selector, selectorPartial, selectorValues, selectorAt, namespace, anchor } = g.value;
      if (selectorPartial || !Object.keys(selector).length) continue;
      const { yes, maybe } = gatewayWorkloads(g.value, workloads);
      if (yes.length || maybe) continue;
      if (!holdsCandidates(selector, workloads) && !workloads.some((w) => w.value.namespace === namespace && isGatewayWorkload(w.value))) continue;
      const typo = selectorTypo(selector, selectorValues, workloads);
      ctx.report(g.doc, {
        ...reportSpan(typo, selectorAt, anchor),
        messageId: 'none',
        data: { labels: formatLabels(selector), hint: typo ? ` (did you mean ${typo.guess}?)` : '' },
        ...(typo ? { fixes: [{ title: `Change to "${typo.guess}"`, safe: false, edits: [replaceValue(typo.at, typo.guess)] }] } : {}),
      });
    }
  },
};
