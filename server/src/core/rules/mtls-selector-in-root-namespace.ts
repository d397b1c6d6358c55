import type { WorkspaceRule } from '../rule';
import { PEER_AUTHENTICATIONS } from '../mtls/facts';
import { MESH_CONFIGS } from '../mtls/mesh-config';
import { meshSettings } from '../mtls/mesh-settings';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

// A workspace rule, so that the root namespace a mesh ConfigMap, IstioOperator or Helm values in
// the workspace set counts (mtls/mesh-settings.ts), not only the configured one.
export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [PEER_AUTHENTICATIONS, MESH_CONFIGS],
  meta: {
    id: 'mtls-selector-in-root-namespace',
    family: 'mtls',
    severity: 'warning',
    kinds: ['PeerAuthentication'],
    messages: {
      ignored: "No effect: Istio ignores a selector policy in the root namespace \"{ns}\". Move it to the workloads' namespace or remove the selector",
    },
    details: {
      ignored: 'The root namespace is "{ns}", as decided by {from}. Root-namespace policies are the mesh-wide defaults; only ones without a selector count there.',
    },
    docs: {
      summary: 'A PeerAuthentication with a workload selector in the root namespace, where Istio ignores it.',
      why: [
        'Policies in the root namespace (`meshConfig.rootNamespace`, `istio-system` by default; read from the mesh ConfigMap,',
        'IstioOperator or Helm values in the workspace, or set `rootNamespace` in `.istio-tips.yaml`) are the mesh-wide',
        'defaults, and only ones *without* a selector count there. Istio',
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
  check(ws, ctx) {
    const root = meshSettings(ws).rootNamespace;
    for (const p of ws.facts(PEER_AUTHENTICATIONS)) {
      const at = p.value.selectorAt;
      if (p.value.namespace !== root.value || p.value.selector === undefined || !at) continue;
      ctx.report(p.doc, { start: at.start, end: at.start + 'selector'.length, messageId: 'ignored', data: { ns: root.value, from: root.from } });
    }
  },
};
