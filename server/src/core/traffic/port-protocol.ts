/**
 * The protocol Istio reads from a Kubernetes Service port (`pkg/config/kube/conversion.go`
 * ConvertProtocol with `pkg/config/protocol` Parse): UDP ports are UDP; otherwise appProtocol
 * (or, without it, the port name) up to the first `-` names the protocol; `grpc-web` prefixes
 * are gRPC-Web; the well-known ports 25, 53, 3306 and 27017 default to TCP. Anything else is
 * unsupported, and Istio sniffs the protocol instead.
 */
import type { ResourceDoc } from '../document/resource';
import type { Span } from '../types';
import { asMap, get, getIn, getPair, keySpan, seqItems, span, str } from '../yaml/nodes';
import { isTemplated, portNumber } from '../mtls/fact-read';

const KNOWN = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const APP_PROTOCOL_STANDARD = new Map([
  ['kubernetes.io/h2c', 'HTTP2'],
  ['kubernetes.io/ws', 'HTTP'],
  ['kubernetes.io/wss', 'HTTPS'],
]);
const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);

/**
 * The protocol Istio gives a Service port (ConvertProtocol): `UDP`, a name such as `HTTP`,
 * `GRPC-WEB`, `TCP`, or undefined when unsupported (Istio sniffs the protocol).
 */
export function istioProtocol(port: number | undefined, name: string, transport: string | undefined, appProtocol: string | undefined): string | undefined {
  if (transport === 'UDP') return 'UDP';
  if (appProtocol !== undefined && APP_PROTOCOL_STANDARD.has(appProtocol)) return APP_PROTOCOL_STANDARD.get(appProtocol);
  const label = appProtocol ?? name;
  if (label.toLowerCase().startsWith('grpc-web')) return 'GRPC-WEB';
  const dash = label.indexOf('-');
  const prefix = (dash === -1 ? label : label.slice(0, dash)).toLowerCase();
  if (KNOWN.has(prefix)) return prefix.toUpperCase();
  return port !== undefined && WELL_KNOWN_TCP.has(port) ? 'TCP' : undefined;
}

export const protocolKnown = (port: number | undefined, name: string, transport: string | undefined, appProtocol: string | undefined): boolean =>
  istioProtocol(port, name, transport, appProtocol) !== undefined;

export interface ServicePortRead {
  port?: number;
  name: string;
  /** The name value, else the port item's `port` value, else the item. */
  at: Span;
  known: boolean;
}

/** Gateway-managed Services (`gateway.istio.io/managed`) and Istio's own are skipped, as istioctl does (util.IsIstioControlPlane). */
function skipped(doc: ResourceDoc): boolean {
  const labels = asMap(getIn(doc.root, ['metadata', 'labels'], doc.yaml), doc.yaml);
  if (getPair(labels, 'istio') || str(get(labels, 'release', doc.yaml), doc.yaml) === 'istio') return true;
  return !!str(get(labels, 'gateway.istio.io/managed', doc.yaml), doc.yaml);
}

/** Ports of a core/v1 Service with the protocol Istio sees; empty for other documents. */
export function servicePorts(doc: ResourceDoc): { type: string | undefined; ports: ServicePortRead[] } {
  if (doc.kind !== 'Service' || doc.group !== '' || skipped(doc)) return { type: undefined, ports: [] };
  const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
  const type = str(get(spec, 'type', doc.yaml), doc.yaml);
  const ports: ServicePortRead[] = [];
  for (const item of seqItems(get(spec, 'ports', doc.yaml), doc.yaml)) {
    const m = asMap(item, doc.yaml);
    if (!m) continue;
    const nameNode = get(m, 'name', doc.yaml);
    const name = str(nameNode, doc.yaml) ?? '';
    const transport = str(get(m, 'protocol', doc.yaml), doc.yaml);
    const app = str(get(m, 'appProtocol', doc.yaml), doc.yaml);
    if ([name, transport ?? '', app ?? ''].some(isTemplated)) continue;
    const port = portNumber(get(m, 'port', doc.yaml), doc);
    const portPair = getPair(m, 'port');
    const at = span(nameNode) ?? span(get(m, 'port', doc.yaml)) ?? (portPair ? keySpan(portPair) : undefined) ?? span(item);
    if (!at) continue;
    ports.push({ ...(port !== undefined ? { port } : {}), name, at, known: protocolKnown(port, name, transport, app) });
  }
  return { type, ports };
}
