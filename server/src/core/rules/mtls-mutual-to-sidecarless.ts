/**
 * ISTIO_MUTUAL makes the client sidecar wrap every connection in Istio mTLS
 * (buildUpstreamTLSSettings applies the DestinationRule's mode as written, auto mTLS aside):
 * a destination without a sidecar cannot terminate it and the handshake fails. Known
 * sidecar-less destinations: the Kubernetes API server (reached by a mesh-wide `*.local`
 * rule too), istiod, Kubernetes' own namespaces, workloads with injection off or on the
 * host network, and MESH_EXTERNAL ServiceEntry hosts.
 */
import type { WorkspaceRule } from '../rule';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { modeRange } from '../mtls/dr-conflicts';
import { reachHost } from '../mtls/describe';
import { SERVICE_ENTRIES } from '../mtls/service-entry-facts';
import { destinationRuleDoc, documents, tlsPolicyDoc } from '../mtls/docs-manifests';

const dr = (name: string, host: string, mode: string) => destinationRuleDoc({ name, namespace: 'istio-system', host, policy: tlsPolicyDoc(mode) });

const KUBE_API = { namespace: 'default', service: 'kubernetes' };

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-mutual-to-sidecarless',
    family: 'mtls',
    severity: 'error',
    kinds: ['DestinationRule'],
    messages: {
      mutual: 'Set DISABLE or SIMPLE: {target} has no sidecar ({who}), so the ISTIO_MUTUAL handshake fails',
    },
    details: {
      mutual: 'ISTIO_MUTUAL{where} sends Istio mTLS, and {target} has no sidecar ({who}) to terminate it.',
    },
    docs: {
      summary: 'A DestinationRule forces ISTIO_MUTUAL toward a destination known to run without a sidecar.',
      why: [
        'With `ISTIO_MUTUAL` the client sidecar wraps each connection in Istio mTLS. A destination without a sidecar cannot',
        'terminate it: the handshake fails (503 `UF`, or the application sees garbage). Known sidecar-less destinations: the',
        'Kubernetes API server (`kubernetes.default.svc.cluster.local`, which a mesh-wide `*.local` rule also reaches), istiod,',
        "Kubernetes' own namespaces, workloads with injection turned off or on the host network, and hosts of a",
        '`MESH_EXTERNAL` ServiceEntry.',
        '',
        "Write a more specific DestinationRule for that host with `tls.mode: DISABLE` (istio.io's advice for the API server) or",
        '`SIMPLE` for an external TLS server; better, drop blanket ISTIO_MUTUAL rules: auto mTLS already sends Istio mTLS to',
        'every destination that has a sidecar, and plaintext to the others.',
      ].join('\n'),
      bad: dr('api-server', '"*.local"', 'ISTIO_MUTUAL'),
      good: documents(dr('api-server', '"*.local"', 'ISTIO_MUTUAL'), dr('api-server-plain', 'kubernetes.default.svc.cluster.local', 'DISABLE')),
      link: 'https://istio.io/latest/docs/ops/common-problems/network-issues/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const world = MtlsWorld.of(ws);
    const external = new Set(ws.facts(SERVICE_ENTRIES).flatMap((e) => (e.value.location === 'MESH_EXTERNAL' ? e.value.hosts : [])));
    for (const entry of world.destinationRules) {
      const d = entry.value;
      for (const tls of d.tls) {
        if (tls.mode !== 'ISTIO_MUTUAL') continue;
        const report = (target: string, who: string) => {
          const where = tls.level === 'top' ? '' : tls.port !== undefined ? ` for port ${tls.port}` : ` for subset ${tls.subset}`;
          ctx.report(entry.doc, { ...modeRange(tls), messageId: 'mutual', data: { where, target, who } });
        };
        const host = (d.host ?? '').trim().toLowerCase();
        if (external.has(host)) {
          report(host, 'a MESH_EXTERNAL ServiceEntry');
          continue;
        }
        const none = world.reaches(d, tls).find((r) => r.sidecar.state === 'none');
        if (none) report(reachHost(none), none.serviceName === 'kubernetes' ? 'the Kubernetes API server' : shortReason(none.sidecar.reason));
        else if (tls.level === 'top' && tls.subset === undefined && world.usedBySome(d, KUBE_API)) report('kubernetes.default.svc.cluster.local', 'the Kubernetes API server');
      }
    }
  },
};

/** A few words for the message; the full reason is in the hover. */
function shortReason(reason: string): string {
  if (/istiod/.test(reason)) return 'istiod';
  if (/hostNetwork/.test(reason)) return 'hostNetwork';
  if (/system namespace/.test(reason)) return 'Kubernetes system namespace';
  return 'injection off';
}
