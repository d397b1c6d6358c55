import type { WorkspaceRule } from '../rule';
import type { Fix } from '../types';
import { ambientConflicts, conflictData, istioMutualFix, modeRange, removeTlsFix, reportTlsConflicts } from '../mtls/dr-conflicts';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-plaintext-to-strict',
    family: 'mtls',
    severity: 'error',
    kinds: ['DestinationRule'],
    messages: {
      plaintext:
        'tls.mode DISABLE{where} sends plaintext to {target}, whose mTLS mode is {decision}. Under STRICT the server sidecar ' +
        'rejects plaintext, so these requests fail (HTTP 503 with flag UF, or a connection reset for TCP). Remove this tls block ' +
        'so auto mTLS uses Istio mTLS, or set ISTIO_MUTUAL.{note}',
      implicit:
        'This tls block{where} has no mode, and a missing mode means DISABLE: it sends plaintext to {target}, whose mTLS mode is ' +
        '{decision}. The server sidecar rejects it (HTTP 503 with flag UF, or a connection reset). Remove the block or add ' +
        'mode: ISTIO_MUTUAL.{note}',
      ambient: 'tls.mode {mode}{where} does not turn mTLS off toward ambient {target}: sidecars and waypoints reach it over HBONE (mTLS).',
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
      ].join('\n'),
      bad: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: payments',
        'spec:',
        '  mtls:',
        '    mode: STRICT',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: ledger',
        '  namespace: payments',
        'spec:',
        '  host: ledger.payments.svc.cluster.local',
        '  trafficPolicy:',
        '    tls:',
        '      mode: DISABLE',
        '',
      ].join('\n'),
      good: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: payments',
        'spec:',
        '  mtls:',
        '    mode: STRICT',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: ledger',
        '  namespace: payments',
        'spec:',
        '  host: ledger.payments.svc.cluster.local',
        '  trafficPolicy:',
        '    tls:',
        '      mode: ISTIO_MUTUAL',
        '',
      ].join('\n'),
      link: 'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
    },
    fix: 'unsafe',
  },
  check(ws, ctx) {
    reportTlsConflicts(ws, ctx, ['DISABLE'], 'STRICT', (c) => {
      const remove = removeTlsFix(c);
      return {
        messageId: c.tls.implicit ? 'implicit' : 'plaintext',
        fixes: [remove, istioMutualFix(c, !remove)].filter((f): f is Fix => f !== undefined),
      };
    });
    // Ambient destinations: no 503, but the block does not do what it says.
    for (const c of ambientConflicts(new MtlsWorld(ws), ['DISABLE'], (r) => r.decision.mode === 'STRICT')) {
      ctx.report(c.dr.doc, { ...modeRange(c.tls), messageId: 'ambient', severity: 'info', data: conflictData(c, ws.config.rootNamespace) });
    }
  },
};
