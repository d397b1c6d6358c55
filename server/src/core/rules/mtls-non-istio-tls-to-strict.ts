import type { WorkspaceRule } from '../rule';
import type { Fix } from '../types';
import { istioMutualFix, reportTlsConflicts } from '../mtls/dr-conflicts';
import { MTLS_INDEXERS } from '../mtls/world';
import { policyAndRule } from '../mtls/docs-manifests';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-non-istio-tls-to-strict',
    family: 'mtls',
    severity: 'warning',
    kinds: ['DestinationRule'],
    messages: {
      ownTls: 'Use ISTIO_MUTUAL in the mesh: STRICT {target}{note} refuses {mode} with your own certificates (503 UF)',
    },
    details: {
      ownTls: 'tls.mode {mode}{where} presents your own certificates to {target}; its mode, {decision}, accepts only Istio mTLS.',
    },
    docs: {
      summary: 'A DestinationRule uses SIMPLE or MUTUAL TLS (your own certificates) toward a workload whose PeerAuthentication mode is STRICT.',
      why: [
        '`SIMPLE` and `MUTUAL` make the client sidecar open a TLS connection with certificates you provide: meant for',
        'destinations outside the mesh. A destination in STRICT mode has a sidecar that only accepts Istio mutual TLS, with a',
        'client certificate issued by the mesh CA. The handshake fails and callers see **503 with response flag `UF`** or',
        'connection resets.',
        '',
        'Inside the mesh use `ISTIO_MUTUAL` (or no `tls` at all: auto mTLS). If the application itself terminates TLS behind',
        'its sidecar, the sidecar still requires Istio mTLS on the outside under STRICT; keep the application TLS inside it.',
        '',
        '**Fix:** set `ISTIO_MUTUAL`. Not marked safe: it changes the certificates used; certificate fields left in the block',
        'are then ignored.',
      ].join('\n'),
      bad: policyAndRule('orders', 'STRICT', 'inventory', 'SIMPLE'),
      good: policyAndRule('orders', 'STRICT', 'inventory', 'ISTIO_MUTUAL'),
      link: 'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings',
    },
    fix: 'unsafe',
  },
  check(ws, ctx) {
    reportTlsConflicts(ws, ctx, ['SIMPLE', 'MUTUAL'], 'STRICT', (c) => ({
      messageId: 'ownTls',
      fixes: [istioMutualFix(c, true)].filter((f): f is Fix => f !== undefined),
    }));
  },
};
