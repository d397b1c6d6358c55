/**
 * Whether a workload's pods get an Istio sidecar, from what the files say. Istio's order:
 * host-network pods are never injected; a namespace labelled `istio-injection=disabled` is
 * skipped whatever the pod says; then the pod label `sidecar.istio.io/inject` (it wins over
 * the annotation of the same name), the annotation, and finally the namespace's
 * `istio-injection=enabled` or `istio.io/rev` label. Ambient-mode pods (label
 * `istio.io/dataplane-mode=ambient` on the pod or namespace) have no sidecar but ztunnel speaks
 * mTLS for them, so they count as meshed; a pod the injector gives a sidecar is not enrolled.
 *
 * A Namespace manifest without injection labels is *not* taken as "no injection": labels are
 * often added with `kubectl label` outside the repository, so only explicit opt-outs count.
 */
import type { FactEntry } from '../rule';
import type { Span } from '../types';
import { DATAPLANE_MODE_KEY, INJECTION_LABEL, REVISION_LABEL, type NamespaceFact, type WorkloadFact } from './k8s-facts';

/** Kubernetes' own namespaces: Istio's injector skips them and they run no application workloads. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export type SidecarState = 'sidecar' | 'none' | 'ambient' | 'unknown';

export interface SidecarStatus {
  state: SidecarState;
  /** Why, in words ("pod label sidecar.istio.io/inject is \"false\""). */
  reason: string;
  /** Where in the workload's document the deciding setting is, when it is there. */
  at?: Span;
}

/** The injector reads the annotation as a Go boolean. */
const parseBool = (v: string): boolean | undefined =>
  ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v) ? true : ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v) ? false : undefined;

export function sidecarStatus(w: WorkloadFact | undefined, ns: FactEntry<NamespaceFact> | undefined): SidecarStatus {
  const nsLabels = ns?.value.labels ?? {};
  const nsName = ns?.value.name ?? w?.namespace ?? '';
  if (w?.hostNetwork) return { state: 'none', reason: 'it uses hostNetwork: true, and host-network pods are never injected', at: w.hostNetwork };
  const injection = injectionStatus(w, nsLabels, nsName);
  // The injection webhooks do not look at ambient labels, and istio-cni skips pods that carry a
  // sidecar (cni/pkg/util/podutil.go: the sidecar.istio.io/status annotation): a sidecar wins.
  if (injection.state === 'sidecar') return injection;
  const podMode = w?.labels[DATAPLANE_MODE_KEY];
  if (podMode === 'ambient' || (nsLabels[DATAPLANE_MODE_KEY] === 'ambient' && podMode !== 'none')) return { state: 'ambient', reason: 'it runs in ambient mode' };
  return injection;
}

/** The sidecar injector's decision alone (no ambient, no host network). */
function injectionStatus(w: WorkloadFact | undefined, nsLabels: Readonly<Record<string, string>>, nsName: string): SidecarStatus {
  if (nsLabels[INJECTION_LABEL] === 'disabled') return { state: 'none', reason: `its Namespace ${nsName} is labelled ${INJECTION_LABEL}=disabled` };
  if (w?.injectLabel) {
    if (w.injectLabel.value === 'false') return { state: 'none', reason: 'its pod label sidecar.istio.io/inject is "false"', at: w.injectLabel };
    if (w.injectLabel.value === 'true') return { state: 'sidecar', reason: 'its pod label sidecar.istio.io/inject is "true"', at: w.injectLabel };
  }
  // The annotation is read by injectRequired only once a webhook called the injector, and the
  // webhooks select by labels: "false" still opts out, "true" alone injects nothing.
  const annotation = w?.injectAnnotation ? parseBool(w.injectAnnotation.value) : undefined;
  if (annotation === false && !w?.injectLabel) return { state: 'none', reason: 'its pod annotation sidecar.istio.io/inject is "false"', at: w!.injectAnnotation };
  if (nsLabels[INJECTION_LABEL] === 'enabled') return { state: 'sidecar', reason: `its Namespace is labelled ${INJECTION_LABEL}=enabled` };
  if (nsLabels[REVISION_LABEL] || w?.labels[REVISION_LABEL]) return { state: 'sidecar', reason: `an ${REVISION_LABEL} label selects a revision to inject` };
  if (annotation === true) {
    return { state: 'unknown', reason: 'only the annotation sidecar.istio.io/inject asks for a sidecar, and the injection webhooks select by labels, not annotations', at: w!.injectAnnotation };
  }
  return { state: 'unknown', reason: 'the files do not say whether it is injected' };
}

/**
 * Destinations that run without a sidecar whatever the files say: the Kubernetes API server
 * (`kubernetes.default`), Istio's control plane (`istiod`, `istiod-<revision>`, the old
 * `istio-pilot`) in the root namespace, and Services of Kubernetes' own namespaces.
 */
export function knownSidecarless(namespace: string, service: string | undefined, rootNamespace: string): SidecarStatus | undefined {
  if (namespace === 'default' && service === 'kubernetes') return { state: 'none', reason: 'it is the Kubernetes API server, which runs without a sidecar' };
  if (SYSTEM_NAMESPACES.has(namespace)) return { state: 'none', reason: `${namespace} is a Kubernetes system namespace, which Istio never injects` };
  const controlPlaneNs = namespace === rootNamespace || namespace === 'istio-system';
  if (controlPlaneNs && service !== undefined && /^(istiod(-[a-z0-9-]+)?|istio-pilot)$/.test(service)) {
    return { state: 'none', reason: 'it is istiod, the Istio control plane, which runs without a sidecar' };
  }
  return undefined;
}

const EXCLUDE_INBOUND = 'traffic.sidecar.istio.io/excludeInboundPorts';
const INCLUDE_INBOUND = 'traffic.sidecar.istio.io/includeInboundPorts';

const portList = (v: string | undefined): string[] => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/**
 * Whether the sidecar intercepts inbound traffic to a container port. Ports excluded with
 * `traffic.sidecar.istio.io/excludeInboundPorts` (or left out of an explicit
 * `includeInboundPorts` list) reach the application directly: no peer authentication there.
 */
export function inboundCaptured(w: WorkloadFact, port: number): boolean {
  const p = String(port);
  if (portList(w.annotations[EXCLUDE_INBOUND]).includes(p)) return false;
  const include = w.annotations[INCLUDE_INBOUND];
  if (include === undefined) return true;
  const list = portList(include);
  return list.includes('*') || list.includes(p);
}
