import type { WorkspaceRule } from '../rule';
import { reportTlsConflicts } from '../mtls/dr-conflicts';
import { MTLS_INDEXERS } from '../mtls/world';
import { policyAndRule } from '../mtls/docs-manifests';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-disable-vs-dr-mutual',
    family: 'mtls',
    severity: 'error',
    kinds: ['DestinationRule'],
    messages: {
      istioMutual: 'Handshake fails (503 UF): ISTIO_MUTUAL{where} forces mTLS to {target}, DISABLE there{note}. Remove this tls block or make it PERMISSIVE',
      mutual: 'May fail (503 UF): MUTUAL{where} sends TLS to {target}, DISABLE there{note}; works only if the app itself terminates this TLS',
    },
    docs: {
      summary: 'A DestinationRule forces mutual TLS toward workloads whose PeerAuthentication mode is DISABLE.',
      why: [
        'A PeerAuthentication in DISABLE mode makes the server sidecar accept plaintext only. A DestinationRule with',
        '`ISTIO_MUTUAL` makes clients send Istio mTLS regardless: the handshake fails, HTTP callers see **503 with response',
        'flag `UF`** and TCP callers connection resets. Auto mTLS would have followed the server\'s mode; the explicit `tls`',
        'block overrides it.',
        '',
        'With `MUTUAL` (your own certificates) the sidecar passes the TLS through to the application: it only works when the',
        'application terminates that TLS itself, so that case is reported as a warning.',
        '',
        'Decide which side is right: if the workload should take part in mTLS, switch its PeerAuthentication to PERMISSIVE',
        '(then STRICT); if it must stay in plaintext, delete the `tls` block from the DestinationRule.',
      ].join('\n'),
      bad: policyAndRule('legacy', 'DISABLE', 'billing', 'ISTIO_MUTUAL'),
      good: policyAndRule('legacy', 'PERMISSIVE', 'billing', 'ISTIO_MUTUAL'),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    reportTlsConflicts(ws, ctx, ['ISTIO_MUTUAL', 'MUTUAL'], 'DISABLE', (c) => {
      const mutual = c.tls.mode === 'MUTUAL';
      return { messageId: mutual ? 'mutual' : 'istioMutual', ...(mutual ? { severity: 'warning' as const } : {}) };
    });
  },
};
