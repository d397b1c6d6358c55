import type { WorkspaceRule } from '../rule';
import type { Fix } from '../types';
import { ambientConflicts, conflictData, istioMutualFix, modeRange, removeTlsFix, reportPolicySide, reportTlsConflicts } from '../mtls/dr-conflicts';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { policyAndRule } from '../mtls/docs-manifests';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-plaintext-to-strict',
    family: 'mtls',
    severity: 'error',
    kinds: ['DestinationRule'],
    messages: {
      plaintext: 'Remove this tls block or set ISTIO_MUTUAL: STRICT {target}{note} refuses this plaintext (503 UF)',
      implicit: 'Add mode: ISTIO_MUTUAL or remove tls: tls without mode is DISABLE, refused by STRICT {target}{note} (503 UF)',
      ambient: 'Remove this tls block: no effect on ambient {target}, which sidecars and waypoints reach over HBONE (mTLS) anyway',
      breaks: 'STRICT here refuses plaintext from {count} DestinationRule{s}: {rules}. Fix them while PERMISSIVE',
    },
    details: {
      plaintext: 'tls.mode DISABLE{where} sends plaintext to {target}, where the mode is {decision}. Change the DestinationRule while that server is still PERMISSIVE.',
      implicit: 'A tls block without mode{where} is DISABLE: plaintext to {target}, where the mode is {decision}.',
      ambient: 'tls.mode {mode}{where}: sidecars and waypoints reach ambient workloads over HBONE (mTLS) whatever this block says, and ambient clients ignore DestinationRule tls.',
    },
    docs: {
      summary: 'A DestinationRule turns TLS off (tls.mode DISABLE) toward a workload whose PeerAuthentication mode is STRICT.',
      why: [
        'With auto mTLS (on by default) a client sidecar already sends Istio mTLS to every destination that has a sidecar. An explicit',
        '`tls.mode: DISABLE` overrides that and sends plaintext. A destination in STRICT mode accepts only mTLS, so the',
        'connection is refused: HTTP callers get **503 with response flag `UF`** (upstream connection failure), TCP callers',
        'see connection resets. It typically appears the day a namespace is switched to STRICT during an mTLS migration, on',
        'a DestinationRule written long before, in another file.',
        '',
        'The check follows Istio\'s precedence (workload > namespace > mesh policy, port-level exceptions by container port,',
        'Service port mapped to the container port through the Service), across every file of the workspace. It stays silent',
        'when the targeted port has a PERMISSIVE or DISABLE exception, when the destination has no sidecar or its sidecar',
        'does not intercept the port (`traffic.sidecar.istio.io/excludeInboundPorts`), or when the',
        'files cannot tell. A `tls` block without `mode` counts as DISABLE, which is the API default. A wildcard rule',
        '(`*.local` in the root namespace, say) is not reported for namespaces where a more specific DestinationRule takes over.',
        '',
        '**Fix:** delete the `tls` block and let auto mTLS choose (preferred: it still sends plaintext to pods without a',
        'sidecar), or set `ISTIO_MUTUAL`. Neither fix is marked safe: both change what the client sends, which is exactly',
        'what the STRICT server needs.',
        '',
        '**Migration order** (zero downtime): change the DestinationRule while the namespace is still PERMISSIVE, confirm in the',
        'metrics that the traffic is mTLS (`connection_security_policy="mutual_tls"` in `istio_requests_total`), then switch to',
        'STRICT. Applied after STRICT, the fix ends an outage that has already begun. The STRICT PeerAuthentication itself gets',
        'an information-level finding listing the DestinationRules its STRICT breaks, with links to each.',
        '',
        'Not reported: destinations without a sidecar (the Kubernetes API server, istiod, workloads with injection off), where',
        'nothing enforces STRICT; ambient destinations (`istio.io/dataplane-mode: ambient`), which sidecars and waypoints reach',
        'over HBONE whatever the `tls` block says (an information finding says the block has no effect); hosts Istio takes',
        'literally (`reviews.prod`: see `dr-host-unmatched`). DestinationRule choice follows Istio: per client namespace, with',
        '`exportTo`, the most specific host first. When the files do not say whether the pods are injected, the message says so.',
      ].join('\n'),
      bad: policyAndRule('payments', 'STRICT', 'ledger', 'DISABLE'),
      good: policyAndRule('payments', 'STRICT', 'ledger', 'ISTIO_MUTUAL'),
      link: 'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
    },
    fix: 'unsafe',
  },
  check(ws, ctx) {
    const conflicts = reportTlsConflicts(ws, ctx, ['DISABLE'], 'STRICT', (c) => {
      const remove = removeTlsFix(c);
      return {
        messageId: c.tls.implicit ? 'implicit' : 'plaintext',
        fixes: [remove, istioMutualFix(c, !remove)].filter((f): f is Fix => f !== undefined),
      };
    });
    const world = MtlsWorld.of(ws);
    reportPolicySide(ctx, conflicts, 'breaks', world.config.rootNamespace);
    // Ambient destinations: no 503, but the block does not do what it says.
    for (const c of ambientConflicts(world, ['DISABLE'], (r) => r.decision.mode === 'STRICT')) {
      ctx.report(c.dr.doc, { ...modeRange(c.tls), messageId: 'ambient', severity: 'info', data: conflictData(c, world.config.rootNamespace) });
    }
  },
};
