/**
 * Which pods an AuthorizationPolicy applies to and the effective mTLS mode each gets (from
 * the mTLS model, read-only), so a rule can tell whether their requests arrive with a peer
 * identity. Pods without a sidecar (no proxy enforces the policy) and ambient pods
 * (ztunnel always carries mTLS) are left out.
 */
import type { FactEntry } from '../rule';
import type { Decision } from '../mtls/model';
import { formatLabels, selects } from '../mtls/fact-read';
import { SYSTEM_NAMESPACES, sidecarStatus } from '../mtls/injection';
import type { MtlsWorld } from '../mtls/world';
import type { WorkloadFact } from '../mtls/facts';
import type { AuthzFact } from './facts';

export interface AuthzTarget {
  /** `Deployment "reviews"`, `pods {app=reviews}`, `namespace legacy`. */
  label: string;
  decision: Decision;
}

export function authzTargets(world: MtlsWorld, p: AuthzFact): AuthzTarget[] {
  if (p.targeted || p.selectorPartial) return [];
  const root = world.config.rootNamespace;
  const meshWide = p.namespace === root && !p.selector;
  const selected = world.workloads.filter((w) => (meshWide || w.value.namespace === p.namespace) && (!p.selector || selects(p.selector, w.value.labels)));
  const out: AuthzTarget[] = [];
  for (const w of selected) {
    const state = world.sidecar(w.value).state;
    if (state === 'none' || state === 'ambient') continue;
    out.push({ label: `${w.value.kind} "${w.value.name ?? '?'}"`, decision: world.workloadMode(w.value) });
  }
  if (selected.length) return out;
  if (sidecarStatus(undefined, world.namespaceFact(p.namespace)).state === 'ambient') return [];
  if (p.selector) return [{ label: `pods ${formatLabels(p.selector)}`, decision: world.model.workload({ namespace: p.namespace, labels: p.selector, partial: true }) }];
  return [{ label: meshWide ? 'the mesh' : `namespace ${p.namespace}`, decision: meshWide ? world.model.mesh() : world.model.namespace(p.namespace) }];
}

/** A workload of the workspace that runs without a sidecar and so sends plaintext, if any. */
export function plaintextClient(world: MtlsWorld): FactEntry<WorkloadFact> | undefined {
  const root = world.config.rootNamespace;
  return world.workloads.find((w) => w.value.namespace !== root && !SYSTEM_NAMESPACES.has(w.value.namespace) && world.sidecar(w.value).state === 'none');
}
