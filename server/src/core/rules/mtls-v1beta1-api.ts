import type { DocRule } from '../rule';
import { ISTIO_SECURITY } from '../kinds';
import { istioAtLeast } from '../config';
import { get, span } from '../yaml/nodes';
import { sameQuoting } from '../mtls/read';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-v1beta1-api',
    family: 'mtls',
    severity: 'info',
    kinds: ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'],
    messages: {
      beta: "Use security.istio.io/v1 once every target cluster runs Istio 1.22 or later: {kind} is served as v1 there, with the same fields",
    },
    docs: {
      summary: 'A security.istio.io/v1beta1 resource that can use the stable security.istio.io/v1 API.',
      why: [
        'PeerAuthentication, RequestAuthentication and AuthorizationPolicy reached `security.istio.io/v1` in Istio 1.22. The v1 and',
        'v1beta1 schemas are identical, so only the `apiVersion` line changes, and the stored objects are the same. Writing v1',
        'keeps manifests on the API that will stay, and matches current Istio documentation.',
        '',
        'Keep v1beta1 only while some cluster still runs Istio older than 1.22 (there the v1 kinds do not exist and `kubectl apply`',
        'fails with "no matches for kind"). The quick fix edits the apiVersion value only.',
        '',
        'Whether the fix is safe depends on the clusters, which files cannot tell: set `istioVersion` (`.istio-tips.yaml`,',
        '`--istio-version`, or the `istioTips.istioVersion` setting). At 1.22 or later the fix is safe and `--fix` applies it;',
        'with the version unknown it is offered for review only; below 1.22 the rule stays silent (v1beta1 is required there).',
      ].join('\n'),
      bad: peerAuthenticationDoc({ namespace: 'bookinfo', mode: 'STRICT', apiVersion: 'security.istio.io/v1beta1' }),
      good: peerAuthenticationDoc({ namespace: 'bookinfo', mode: 'STRICT' }),
      link: 'https://istio.io/latest/news/releases/1.22.x/announcing-1.22/',
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    if (doc.group !== ISTIO_SECURITY || doc.version !== 'v1beta1') return;
    const node = get(doc.root, 'apiVersion', doc.yaml);
    const s = span(node);
    const e = node && sameQuoting(doc, node, `${ISTIO_SECURITY}/v1`);
    if (!s || !e) return;
    // security.istio.io/v1 is served from Istio 1.22: below it the v1beta1 API is the only one.
    const supported = istioAtLeast(ctx.config.istioVersion, 1, 22);
    if (supported === false) return;
    const fix = supported
      ? { title: 'Use security.istio.io/v1', safe: true, edits: [e] }
      : { title: 'Use security.istio.io/v1 (needs Istio 1.22 or later; set istioVersion to apply it with --fix)', safe: false, preferred: true, edits: [e] };
    ctx.report({ ...s, messageId: 'beta', data: { kind: doc.kind }, fixes: [fix] });
  },
};
