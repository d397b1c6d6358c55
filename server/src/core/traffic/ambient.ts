/**
 * Whether a workload runs in ambient mode, from what the files say (istio-cni's enablement:
 * cni/pkg/util/enablement_selector.go Matches with the default selectors). A pod is enrolled
 * when it or its namespace is labelled `istio.io/dataplane-mode=ambient` (a pod label `none`
 * opts out), unless it runs on the host network or has a sidecar: ztunnel and a sidecar for
 * one pod are not supported, so an injected pod is skipped. A namespace labelled for ambient
 * but also for injection (`istio-injection=enabled`, `istio.io/rev`) gets sidecars, as
 * istioctl's NamespaceInAmbientMode says too.
 */
import type { FactEntry } from '../rule';
import type { Labels } from '../mtls/fact-read';
import { DATAPLANE_MODE_KEY, INJECTION_LABEL, INJECT_KEY, REVISION_LABEL, type NamespaceFact, type WorkloadFact } from '../mtls/k8s-facts';
import { isGatewayWorkload } from './gateway-servers';

/** istioctl util.NamespaceInAmbientMode: labelled ambient, and not for sidecar injection. */
export function namespaceInAmbient(labels: Labels): boolean {
  if (labels[INJECTION_LABEL] === 'enabled' || labels[REVISION_LABEL]) return false;
  return labels[DATAPLANE_MODE_KEY] === 'ambient';
}

/** Whether the pod template asks for a sidecar (or runs a proxy) whatever its namespace says. */
export const wantsSidecar = (w: WorkloadFact): boolean => w.labels[INJECT_KEY] === 'true' || !!w.labels[REVISION_LABEL] || isGatewayWorkload(w);

/** Whether the workload's pods are enrolled in ambient mode. */
export function workloadInAmbient(w: WorkloadFact, ns: FactEntry<NamespaceFact> | undefined): boolean {
  if (w.hostNetwork || w.labelsPartial || wantsSidecar(w)) return false;
  const mode = w.labels[DATAPLANE_MODE_KEY];
  const nsInjects = ns?.value.labels[INJECTION_LABEL] === 'enabled' || !!ns?.value.labels[REVISION_LABEL];
  if (mode === 'ambient') return !(nsInjects && w.labels[INJECT_KEY] !== 'false');
  if (mode === 'none' || !ns) return false;
  return namespaceInAmbient(ns.value.labels);
}
