import { MESH_CONFIGS } from '../mtls/mesh-config';
import type { WorkspaceRule } from '../rule';
import { SE_PORTS } from '../traffic/service-entry-ports';
import { dnsAutoAllocation } from '../traffic/mesh-dns';

const example = (addresses: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: legacy-db
  namespace: shop
spec:
  hosts:
  - db.legacy.example.com
${addresses}  ports:
  - number: 5432
    name: tcp-postgres
    protocol: TCP
  location: MESH_EXTERNAL
  resolution: DNS
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [SE_PORTS, MESH_CONFIGS],
  meta: {
    id: 'traffic-serviceentry-addresses-required',
    family: 'traffic',
    severity: 'warning',
    kinds: ['ServiceEntry'],
    messages: {
      required: 'Add spec.addresses for TCP port {port}: without an address its listener is 0.0.0.0:{port}, shared by every such host',
      unknown: 'Add spec.addresses for TCP port {port}, unless meshConfig turns on DNS capture and ISTIO_META_DNS_AUTO_ALLOCATE',
    },
    details: {
      unknown:
        'Whether this breaks depends on meshConfig.defaultConfig.proxyMetadata, which the files do not settle: with ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE (or PILOT_ENABLE_IP_AUTOALLOCATE) "true", sidecars get an allocated address for the host. Otherwise TCP traffic to port {port} cannot be told apart from other hosts on that port.',
    },
    docs: {
      summary: 'A ServiceEntry TCP port (protocol TCP or unset) without `addresses`, where Istio cannot tell its traffic from other hosts.',
      why: [
        'For TCP there is no Host header: a sidecar can tell the destination of a TCP connection only by its IP',
        'address. A ServiceEntry port that is TCP (or has no protocol) and has no `addresses` gets an outbound',
        'listener on 0.0.0.0 for that port, shared by every host without an address on the same port, so traffic',
        'may go to the wrong one (istioctl IST0134). Give the ServiceEntry `addresses`, or turn on DNS capture with',
        'address auto-allocation (`meshConfig.defaultConfig.proxyMetadata`: `ISTIO_META_DNS_CAPTURE` and',
        '`ISTIO_META_DNS_AUTO_ALLOCATE` "true"), or use a protocol with a host name (HTTP, TLS with SNI).',
        '',
        'The setting is read from the mesh ConfigMap (`istio` in the root namespace) when the workspace holds it;',
        'without it Istio Tips reports at `info` and says the finding depends on meshConfig (CI does not fail on an',
        'unknown). Addresses istiod already allocated (`status.addresses`) count.',
      ].join('\n'),
      bad: example(''),
      good: example('  addresses:\n  - 240.240.10.1\n'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0134/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0134', analyzer: 'serviceentry.ProtocolAddressesAnalyzer' }],
  },
  check(ws, ctx) {
    const setting = dnsAutoAllocation(ws);
    if (setting === 'on') return;
    for (const se of ws.facts(SE_PORTS)) {
      if (se.value.hasAddresses || se.value.allocated) continue;
      for (const p of se.value.ports) {
        if (p.protocol !== '' && p.protocol.toUpperCase() !== 'TCP') continue;
        const known = setting === 'off';
        ctx.report(se.doc, { ...p.at, messageId: known ? 'required' : 'unknown', data: { port: p.number }, ...(known ? {} : { severity: 'info' as const }) });
      }
    }
  },
};
