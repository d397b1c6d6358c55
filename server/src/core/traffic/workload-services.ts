/**
 * Which Service ports reach which container port of a workload's pods, for istioctl's
 * deployment.ServiceAssociationAnalyzer (IST0116, IST0137). A Service is tied to a workload when
 * it is in the same namespace and its non-empty selector matches the pod template's labels
 * (`findMatchingServices`). A sidecar builds one inbound chain per container port, from the
 * oldest Service that reaches it (`pilot/pkg/networking/core/listener_inbound.go`
 * getFilterChainsByServicePort, reportInboundConflict).
 */
import type { FactEntry, Indexer, WorkspaceIndex } from '../rule';
import type { Span } from '../types';
import { asMap, get, getPair, seqItems, span, str } from '../yaml/nodes';
import { isTemplated, namespaceOf, portNumber, portRef, readLabels, selects, type Labels } from '../mtls/fact-read';
import { NAMESPACES, WORKLOADS, type WorkloadFact } from '../mtls/k8s-facts';
import { sidecarStatus, type SidecarState } from '../mtls/injection';
import { istioProtocol } from './port-protocol';

export interface ServicePortUse {
  port: number;
  /** As written (number or name); undefined: the same as `port`. */
  targetPort?: number | string;
  /** Kubernetes transport (`protocol:`), TCP when unset. */
  transport: string;
  /** The protocol Istio reads from the port (see port-protocol.ts); undefined: sniffed. */
  protocol?: string;
  /** The port item's `port` value. */
  portAt: Span;
  /** The `targetPort` value, else the `port` value. */
  targetAt: Span;
}

export interface SelectingServiceFact {
  name: string;
  namespace: string;
  selector: Labels;
  ports: ServicePortUse[];
}

export const SELECTING_SERVICES: Indexer<SelectingServiceFact> = {
  key: 'traffic.selectingServices',
  kinds: ['Service'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== '' || !doc.name || isTemplated(doc.name) || namespace === undefined) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    const sel = readLabels(getPair(spec, 'selector'), doc);
    // An empty selector selects nothing here (klabels.SelectorFromSet(...).Empty()); a partly templated one is unknown.
    if (sel.partial || !Object.keys(sel.labels).length) return [];
    const ports: ServicePortUse[] = [];
    for (const item of seqItems(get(spec, 'ports', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const portNode = get(m, 'port', doc.yaml);
      const port = portNumber(portNode, doc);
      const portAt = span(portNode);
      const name = str(get(m, 'name', doc.yaml), doc.yaml) ?? '';
      const transport = (str(get(m, 'protocol', doc.yaml), doc.yaml) || 'TCP').toUpperCase();
      const app = str(get(m, 'appProtocol', doc.yaml), doc.yaml);
      if (port === undefined || !portAt || [name, transport, app ?? ''].some(isTemplated)) continue;
      const targetNode = get(m, 'targetPort', doc.yaml);
      const targetPort = portRef(targetNode, doc);
      const protocol = istioProtocol(port, name, transport, app);
      ports.push({ port, ...(targetPort !== undefined ? { targetPort } : {}), transport, ...(protocol ? { protocol } : {}), portAt, targetAt: span(targetNode) ?? portAt });
    }
    return [{ name: doc.name, namespace, selector: sel.labels, ports }];
  },
};

/** A Service port reaching a container port of a workload. */
export interface PortReach {
  service: FactEntry<SelectingServiceFact>;
  use: ServicePortUse;
}

export interface TiedWorkload {
  workload: FactEntry<WorkloadFact>;
  sidecar: SidecarState;
  /** By container port: the number, or `name:<n>` for a named target port no container declares. */
  byContainerPort: Map<string, PortReach[]>;
}

/** The container port a Service port reaches in `w`'s pods (a named targetPort through the containers' port names). */
function containerPort(use: ServicePortUse, w: WorkloadFact): string {
  const t = use.targetPort ?? use.port;
  if (typeof t === 'number') return String(t);
  const declared = w.containers.flatMap((c) => c.ports).find((p) => p.name === t);
  return declared ? String(declared.port) : `name:${t}`;
}

const tiedCache = new WeakMap<WorkspaceIndex, TiedWorkload[]>();

/**
 * Workloads that may run a sidecar (an explicit opt-out, host networking and ambient mode
 * leave them out) tied to at least two Services, with the Service ports by container port.
 */
export function tiedWorkloads(ws: WorkspaceIndex): TiedWorkload[] {
  const cached = tiedCache.get(ws);
  if (cached) return cached;
  const servicesByNs = new Map<string, FactEntry<SelectingServiceFact>[]>();
  for (const s of ws.facts(SELECTING_SERVICES)) {
    const list = servicesByNs.get(s.value.namespace);
    if (list) list.push(s);
    else servicesByNs.set(s.value.namespace, [s]);
  }
  const namespaces = new Map(ws.facts(NAMESPACES).map((n) => [n.value.name, n]));
  const out: TiedWorkload[] = [];
  for (const w of ws.facts(WORKLOADS)) {
    const candidates = servicesByNs.get(w.value.namespace);
    if (!candidates || candidates.length < 2 || w.value.labelsPartial) continue;
    const services = candidates.filter((s) => selects(s.value.selector, w.value.labels));
    if (services.length < 2) continue;
    const sidecar = sidecarStatus(w.value, namespaces.get(w.value.namespace)).state;
    if (sidecar === 'none' || sidecar === 'ambient') continue;
    const byContainerPort = new Map<string, PortReach[]>();
    for (const service of services) {
      for (const use of service.value.ports) {
        const key = containerPort(use, w.value);
        const list = byContainerPort.get(key);
        if (list) list.push({ service, use });
        else byContainerPort.set(key, [{ service, use }]);
      }
    }
    out.push({ workload: w, sidecar, byContainerPort });
  }
  tiedCache.set(ws, out);
  return out;
}

export const TIED_INDEXERS = [SELECTING_SERVICES, WORKLOADS, NAMESPACES] as const;

export interface SharedPort {
  /** The container port as shown: a number, or a quoted name no container declares. */
  target: string;
  reaches: PortReach[];
  /** Names of the Services reaching it, sorted. */
  services: string[];
  workload: string;
}

/**
 * Calls `each` for every container port of a tied workload reached by at least two Services;
 * `report` (given the reach and where it would report) says whether that place is still unreported,
 * so a Service port tied to several workloads is reported once.
 */
export function eachSharedPort(ws: WorkspaceIndex, each: (shared: SharedPort, firstAt: (r: PortReach, at: Span) => boolean) => void): void {
  const seen = new Set<string>();
  const firstAt = (r: PortReach, at: Span): boolean => {
    const key = `${r.service.doc.uri}#${r.service.doc.index}@${at.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const tied of tiedWorkloads(ws)) {
    const w = tied.workload.value;
    for (const [key, reaches] of tied.byContainerPort) {
      const services = [...new Set(reaches.map((r) => r.service.value.name))].sort();
      if (services.length < 2) continue;
      const target = key.startsWith('name:') ? `"${key.slice(5)}"` : key;
      each({ target, reaches, services, workload: `${w.kind.toLowerCase()} ${w.name ?? '(unnamed)'}` }, firstAt);
    }
  }
}

/** A Deployment for the rules' documentation: pods labelled `app`, injected, `extra` lines under the container. */
export const deploymentExample = (name: string, app: string, podSpec = '', container = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
        sidecar.istio.io/inject: "true"
    spec:
${podSpec}      containers:
      - name: ${app}
        image: example.com/${app}:1
${container}`;
