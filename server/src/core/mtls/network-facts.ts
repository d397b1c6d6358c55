/**
 * What the files say about a multi-network mesh (Split Horizon EDS): east-west gateways and the
 * networks named in labels. Istio finds network gateways in Services labelled
 * topology.istio.io/network that listen on the gateway port (getGatewayDetails in
 * pilot/pkg/serviceregistry/kube/controller/network.go: 15443 unless the
 * networking.istio.io/gatewayPort label says otherwise, or 15008 for HBONE) and in meshNetworks;
 * the sidecar set-up also exposes Services through a Gateway with an AUTO_PASSTHROUGH server
 * on 15443 (istio.io's expose-services.yaml).
 */
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { ISTIO_NETWORKING } from '../kinds';
import { asMap, get, getIn, getPair, seqItems, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf, portNumber, readLabels } from './fact-read';

export const NETWORK_LABEL = 'topology.istio.io/network';
const GATEWAY_PORT_LABEL = 'networking.istio.io/gatewayPort';
const DEFAULT_GATEWAY_PORT = 15443;
const HBONE_PORT = 15008;

export interface NetworkGatewayFact {
  kind: 'Service' | 'Gateway';
  name: string;
  namespace: string;
  /** The network a labelled gateway Service serves. */
  network?: string;
  anchor: Span;
}

export const NETWORK_GATEWAYS: Indexer<NetworkGatewayFact> = {
  key: 'mtls.networkGateways',
  kinds: ['Service', 'Gateway'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (!doc.name || isTemplated(doc.name) || namespace === undefined) return [];
    const spec = get(doc.root, 'spec', doc.yaml);
    const base = { name: doc.name, namespace, anchor: anchorOf(doc) };
    if (doc.kind === 'Service') {
      const { labels } = readLabels(getPair(asMap(get(doc.root, 'metadata', doc.yaml), doc.yaml), 'labels'), doc);
      const network = labels[NETWORK_LABEL];
      if (!network || isTemplated(network)) return [];
      const wanted = new Set([HBONE_PORT, Number(labels[GATEWAY_PORT_LABEL] ?? DEFAULT_GATEWAY_PORT)]);
      const listens = seqItems(get(asMap(spec, doc.yaml), 'ports', doc.yaml), doc.yaml).some((p) => wanted.has(portNumber(get(asMap(p, doc.yaml), 'port', doc.yaml), doc) ?? -1));
      return listens ? [{ kind: 'Service', network, ...base }] : [];
    }
    if (doc.group !== ISTIO_NETWORKING) return [];
    const passthrough = seqItems(get(asMap(spec, doc.yaml), 'servers', doc.yaml), doc.yaml).some((server) => {
      const port = portNumber(getIn(server, ['port', 'number'], doc.yaml), doc);
      return port === DEFAULT_GATEWAY_PORT && str(getIn(server, ['tls', 'mode'], doc.yaml), doc.yaml) === 'AUTO_PASSTHROUGH';
    });
    return passthrough ? [{ kind: 'Gateway', ...base }] : [];
  },
};
