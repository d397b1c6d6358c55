import type { WorkspaceRule } from '../rule';
import { reportTlsConflicts } from '../mtls/dr-conflicts';
import { MTLS_INDEXERS } from '../mtls/world';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-disable-vs-dr-mutual',
    family: 'mtls',
    severity: 'error',
    kinds: ['DestinationRule'],
    messages: {
      istioMutual:
        'tls.mode ISTIO_MUTUAL{where} forces mTLS toward {target}, but its mTLS mode there is {decision}. With DISABLE the ' +
        'server sidecar accepts only plaintext, so the TLS handshake fails (HTTP 503 with flag UF, or a connection reset). ' +
        'Set that PeerAuthentication to PERMISSIVE or STRICT, or remove this tls block so auto mTLS follows the server.{note}',
      mutual:
        'tls.mode MUTUAL{where} sends TLS toward {target}, whose mTLS mode is {decision}. With DISABLE the server sidecar does ' +
        'not terminate TLS: this only works if the application itself accepts these certificates; otherwise connections fail ' +
        '(HTTP 503 with flag UF, or a reset).{note}',
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
      bad: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: legacy',
        'spec:',
        '  mtls:',
        '    mode: DISABLE',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: billing',
        '  namespace: legacy',
        'spec:',
        '  host: billing.legacy.svc.cluster.local',
        '  trafficPolicy:',
        '    tls:',
        '      mode: ISTIO_MUTUAL',
        '',
      ].join('\n'),
      good: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: legacy',
        'spec:',
        '  mtls:',
        '    mode: PERMISSIVE',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: billing',
        '  namespace: legacy',
        'spec:',
        '  host: billing.legacy.svc.cluster.local',
        '  trafficPolicy:',
        '    tls:',
        '      mode: ISTIO_MUTUAL',
        '',
      ].join('\n'),
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
