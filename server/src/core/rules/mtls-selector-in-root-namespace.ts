import type { DocRule } from '../rule';
import { keySpan } from '../yaml/nodes';
import { namespaceOf } from '../mtls/fact-read';
import { isPeerAuthentication, readSelector } from '../mtls/read';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-selector-in-root-namespace',
    family: 'mtls',
    severity: 'warning',
    kinds: ['PeerAuthentication'],
    messages: {
      ignored: "No effect: Istio ignores a selector policy in the root namespace \"{ns}\". Move it to the workloads' namespace or remove the selector",
    },
    docs: {
      summary: 'A PeerAuthentication with a workload selector in the root namespace, where Istio ignores it.',
      why: [
        'Policies in the root namespace (`meshConfig.rootNamespace`, `istio-system` by default; set `rootNamespace` in',
        '`.istio-tips.yaml` if yours differs) are the mesh-wide defaults, and only ones *without* a selector count there. Istio',
        'skips a root-namespace policy that has `selector.matchLabels` when it computes any workload\'s mode, so the STRICT or',
        'DISABLE you meant for those pods never happens, and nothing reports it.',
        '',
        'Workload policies belong in the namespace of the pods they select. Pods in several namespaces need one policy per namespace.',
      ].join('\n'),
      bad: peerAuthenticationDoc({ name: 'ratings-strict', namespace: 'istio-system', selector: ['app: ratings'], mode: 'STRICT' }),
      good: peerAuthenticationDoc({ name: 'ratings-strict', namespace: 'bookinfo', selector: ['app: ratings'], mode: 'STRICT' }),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'none',
  },
  check(doc, ctx) {
    if (!isPeerAuthentication(doc)) return;
    const ns = namespaceOf(doc, ctx.config);
    if (ns !== ctx.config.rootNamespace) return;
    const selector = readSelector(doc);
    const k = selector.pair && keySpan(selector.pair);
    if (selector.state === 'labels' && k) ctx.report({ ...k, messageId: 'ignored', data: { ns } });
  },
};
