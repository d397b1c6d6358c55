/**
 * Auto mTLS decides what a client sends from the namespace's (or mesh's) mode alone
 * (PushContext.BestEffortInferServiceMTLSMode reads GetNamespaceMutualTLSMode; workload and port
 * policies are not consulted), and buildUpstreamTLSSettings sends plaintext when that mode is
 * DISABLE. A workload- or port-level STRICT inside a DISABLE namespace therefore receives
 * plaintext from every client and refuses it, unless a DestinationRule asks for ISTIO_MUTUAL.
 */
import type { WorkspaceRule } from '../rule';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { describeDecision } from '../mtls/describe';
import { decisionRange } from '../mtls/dr-conflicts';
import { destinationRuleDoc, documents, peerAuthenticationDoc, tlsPolicyDoc } from '../mtls/docs-manifests';

const example = (workloadMode: string, drMode: string) =>
  documents(
    peerAuthenticationDoc({ namespace: 'legacy', mode: 'DISABLE' }),
    peerAuthenticationDoc({ name: 'billing', namespace: 'legacy', selector: ['app: billing'], mode: workloadMode }),
    ...(drMode ? [destinationRuleDoc({ name: 'billing', namespace: 'legacy', host: 'billing', policy: tlsPolicyDoc(drMode) })] : []),
  );

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-strict-under-disable',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication'],
    messages: {
      strict: 'Add an ISTIO_MUTUAL DestinationRule: auto mTLS reads only the {scope} mode (DISABLE) and sends plaintext to this STRICT{where}',
    },
    docs: {
      summary: 'A workload- or port-level STRICT inside a namespace (or mesh) whose mode is DISABLE, with no DestinationRule asking for ISTIO_MUTUAL.',
      why: [
        "Auto mTLS chooses what a client sends from the destination namespace's mode only (Istio's",
        '`BestEffortInferServiceMTLSMode` reads the namespace or mesh policy; workload and port policies are not consulted).',
        'With the namespace in DISABLE, every client sends plaintext, and the workload or port that asks for STRICT refuses it:',
        '**503 with flag `UF`** for HTTP, connection resets for TCP.',
        '',
        'Either make the namespace PERMISSIVE (auto mTLS then sends mTLS to sidecars), or add a DestinationRule with',
        '`tls.mode: ISTIO_MUTUAL` for the Service of those workloads. The rule stays silent when any DestinationRule sets',
        'ISTIO_MUTUAL toward the namespace.',
      ].join('\n'),
      bad: example('STRICT', ''),
      good: example('STRICT', 'ISTIO_MUTUAL'),
      link: 'https://istio.io/latest/docs/concepts/security/#auto-mutual-tls',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const world = MtlsWorld.of(ws);
    // Namespaces some DestinationRule sends ISTIO_MUTUAL to: the workload may be covered there.
    const mutual = new Set<string>();
    for (const dr of world.destinationRules) {
      for (const tls of dr.value.tls) if (tls.mode === 'ISTIO_MUTUAL') for (const r of world.reaches(dr.value, tls)) mutual.add(r.namespace);
    }
    for (const ns of world.namespaces) {
      if (ns === world.config.rootNamespace || mutual.has(ns)) continue;
      const base = world.model.namespace(ns);
      if (base.mode !== 'DISABLE') continue;
      const scope = base.level === 'mesh' ? 'mesh' : 'namespace';
      for (const p of world.model.selectorPolicies(ns)) {
        const v = p.value;
        const wide = v.mode === 'STRICT' ? [{ d: { mode: 'STRICT' as const, level: 'workload' as const, policy: p }, where: ' workload' }] : [];
        const ports = v.ports
          .filter((x) => x.mode === 'STRICT')
          .map((x) => ({ d: { mode: 'STRICT' as const, level: 'port' as const, policy: p, port: x.port }, where: ` port ${x.port}` }));
        for (const { d, where } of [...wide, ...ports]) {
          const range = decisionRange(d);
          if (!range) continue;
          const at = decisionRange(base);
          ctx.report(p.doc, {
            ...range,
            messageId: 'strict',
            data: { scope, where },
            ...(at && base.policy ? { related: [{ at: base.policy.doc, ...at, message: `Mode ${describeDecision(base, world.config.rootNamespace)}` }] } : {}),
          });
        }
      }
    }
  },
};
