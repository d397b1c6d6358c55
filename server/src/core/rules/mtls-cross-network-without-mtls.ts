/**
 * In a multi-network mesh, a sidecar reaches endpoints on another network only through that
 * network's east-west gateway, which routes by SNI and so needs Istio mTLS:
 * EndpointBuilder.EndpointsByNetworkFilter (pilot/pkg/xds/endpoints/ep_filters.go) drops a remote
 * endpoint when `!isMtlsEnabled(lbEp)`, and mtlsChecker.checkMtlsEnabled (mtls_checker.go) says
 * mTLS only when the DestinationRule's mode is ISTIO_MUTUAL (any other written mode, DISABLE
 * included, turns it off). Endpoints on the client's own network are kept.
 *
 * Which network an endpoint is on comes from its pod's topology.istio.io/network label, else the
 * network of its cluster (the system namespace's label, Controller.Network), and which cluster
 * a manifest is applied to is not in the files: where the pods' own labels do not show two
 * networks, the finding is an info that says "if".
 */
import type { WorkspaceRule } from '../rule';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { modeRange } from '../mtls/dr-conflicts';
import { NAMESPACES } from '../mtls/facts';
import { MESH_CONFIGS } from '../mtls/mesh-config';
import { NETWORK_GATEWAYS, NETWORK_LABEL } from '../mtls/network-facts';
import { destinationRuleDoc, documents, indented, resource, tlsPolicyDoc } from '../mtls/docs-manifests';

const gatewayService = (network: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: istio-eastwestgateway\n  namespace: istio-system\n  labels:\n    ${NETWORK_LABEL}: ${network}\nspec:\n  ports:\n  - name: tls\n    port: 15443\n`;
const deployment = (network: string) =>
  resource('apps/v1', 'Deployment', `reviews-${network}`, 'shop', `  template:\n    metadata:\n      labels:\n${indented(8, ['app: reviews', `${NETWORK_LABEL}: ${network}`])}`);
const example = (mode: string) =>
  documents(
    gatewayService('network1'),
    resource('v1', 'Service', 'reviews', 'shop', `  selector:\n    app: reviews\n  ports:\n  - port: 9080\n`),
    deployment('network1'),
    deployment('network2'),
    destinationRuleDoc({ name: 'reviews', namespace: 'shop', host: 'reviews', policy: tlsPolicyDoc(mode) }),
  );

const list = (names: Iterable<string>): string => {
  const all = [...names].sort();
  return all.length > 3 ? `${all.slice(0, 3).join(', ')}, …` : all.join(', ');
};

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [...MTLS_INDEXERS, NETWORK_GATEWAYS],
  meta: {
    id: 'mtls-cross-network-without-mtls',
    family: 'mtls',
    severity: 'warning',
    kinds: ['DestinationRule'],
    messages: {
      dropped: 'Use ISTIO_MUTUAL: with {mode}, clients drop the endpoints of {host} on other networks ({networks})',
      maybe: 'Use ISTIO_MUTUAL if {host} has endpoints on another network: with tls.mode {mode}, clients drop those endpoints',
    },
    details: {
      dropped:
        'Pods behind {host} carry topology.istio.io/network labels for several networks, and an east-west gateway is configured. A sidecar reaches ' +
        "another network's endpoints only through its east-west gateway, which routes by SNI on Istio mTLS; with any mode but ISTIO_MUTUAL Istio leaves those endpoints out.",
      maybe:
        'The workspace shows a multi-network mesh (networks {networks} and an east-west gateway) but not on which network the endpoints of {host} run: ' +
        "that depends on the cluster each is deployed to. Endpoints on a client's own network still receive traffic; those on other networks are left out.",
    },
    docs: {
      summary: 'In a multi-network mesh, a DestinationRule with a TLS mode other than ISTIO_MUTUAL: endpoints on other networks are silently dropped.',
      why: [
        'Across networks, a sidecar sends requests to the other network\'s east-west gateway, which passes them on by SNI',
        '(`AUTO_PASSTHROUGH` on port 15443). That only works with Istio mTLS, so Istio leaves out every endpoint on another network',
        "when the DestinationRule's TLS mode is not ISTIO_MUTUAL (`EndpointsByNetworkFilter`). Clients then only reach their own",
        "network's endpoints: failover across networks stops, and a client whose network has no endpoint gets 503.",
        '',
        'Use `ISTIO_MUTUAL` (or remove the `tls` block and let auto mTLS choose) for Services reached across networks. The',
        'rule reads the networks from `topology.istio.io/network` labels (pods, the system namespace, the east-west gateway',
        'Service) and meshNetworks; which cluster a manifest runs in is not in the files, so unless the pods say it, the',
        'finding is an info.',
      ].join('\n'),
      bad: example('DISABLE'),
      good: example('ISTIO_MUTUAL'),
      link: 'https://istio.io/latest/docs/setup/install/multicluster/multi-primary_multi-network/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const meshConfigs = ws.facts(MESH_CONFIGS);
    const gateways = ws.facts(NETWORK_GATEWAYS);
    // No gateway: EndpointsByNetworkFilter keeps remote endpoints as if they were local.
    if (!gateways.length && !meshConfigs.some((m) => m.value.networks?.gateways)) return;
    const world = MtlsWorld.of(ws);
    const root = world.config.rootNamespace;
    const networks = new Set<string>();
    for (const g of gateways) if (g.value.network) networks.add(g.value.network);
    for (const m of meshConfigs) for (const n of m.value.networks?.names ?? []) networks.add(n);
    for (const n of ws.facts(NAMESPACES)) {
      const label = n.value.labels[NETWORK_LABEL];
      if (label && (n.value.name === root || n.value.name === 'istio-system')) networks.add(label);
    }
    for (const w of world.workloads) if (w.value.labels[NETWORK_LABEL]) networks.add(w.value.labels[NETWORK_LABEL]);
    if (networks.size < 2) return;
    for (const dr of world.destinationRules) {
      for (const tls of dr.value.tls) {
        if (tls.mode === undefined || tls.mode === 'ISTIO_MUTUAL') continue;
        // Destinations without a sidecar get no mTLS anyway (checkMtlsEnabled); ambient ones are reached over HBONE.
        const reaches = world.reaches(dr.value, tls).filter((r) => r.sidecar.state !== 'none' && r.sidecar.state !== 'ambient');
        if (!reaches.length) continue;
        const podNetworks = new Set(reaches.flatMap((r) => (r.workload?.value.labels[NETWORK_LABEL] ? [r.workload.value.labels[NETWORK_LABEL]] : [])));
        const definite = podNetworks.size >= 2;
        ctx.report(dr.doc, {
          ...modeRange(tls),
          messageId: definite ? 'dropped' : 'maybe',
          ...(definite ? {} : { severity: 'info' as const }),
          data: { mode: tls.mode, host: dr.value.host ?? '', networks: list(definite ? podNetworks : networks) },
        });
      }
    }
  },
};
