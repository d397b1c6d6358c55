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
      istioMutual: 'Remove this tls block or make the server PERMISSIVE: DISABLE {target}{note} refuses ISTIO_MUTUAL (503 UF)',
      mutual: 'Check that the app terminates TLS: DISABLE {target}{note} passes MUTUAL TLS to the app as is (else 503 UF)',
    },
    details: {
      istioMutual: 'ISTIO_MUTUAL{where} forces Istio mTLS toward {target}, whose mode is {decision}: its sidecar expects plaintext.',
      mutual: 'MUTUAL{where} sends TLS toward {target}, whose mode is {decision}: the sidecar passes the TLS bytes to the application, so this works only if the application terminates TLS itself.',
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
