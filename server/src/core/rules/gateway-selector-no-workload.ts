import type { WorkspaceRule } from '../rule';
import { WORKLOADS } from '../mtls/k8s-facts';
import { holdsCandidates, noWorkloadReport } from '../traffic/selector-typo';
import { gatewayExample } from '../traffic/examples';
import { GATEWAY_SERVERS, gatewayWorkloads, isGatewayWorkload } from '../traffic/gateway-servers';
import { WORKLOAD_KINDS } from '../kinds';

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

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [GATEWAY_SERVERS, WORKLOADS],
  meta: {
    id: 'gateway-selector-no-workload',
    family: 'gateway',
    severity: 'warning',
    kinds: ['Gateway', ...WORKLOAD_KINDS],
    messages: {
      none: 'Fix selector {labels}{typo}: it matches no workload in the files, so this Gateway may serve nothing',
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
      ctx.report(g.doc, noWorkloadReport(selector, selectorValues, workloads, { ...(selectorAt ? { selectorAt } : {}), anchor }, 'none'));
    }
  },
};
