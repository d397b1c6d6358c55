/**
 * Words for messages and hovers: which policy decides, where a DestinationRule reaches.
 * Cross-file findings name the other resource and its file, since the user sees only one.
 */
import type { FactEntry } from '../rule';
import { formatLabels } from './fact-read';
import { serviceFqdn } from './hosts';
import type { Decision, PolicyEntry } from './model';
import type { Reach } from './world';

/** The last path segment of a URI or path, decoded. */
export function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split(/[\\/]/).filter(Boolean).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `"default" in istio-system (mesh.yaml)`; unnamed resources get their file alone. */
export function resourceRef(entry: FactEntry<{ name?: string; namespace: string }>): string {
  const name = entry.value.name ? `"${entry.value.name}"` : 'an unnamed resource';
  return `${name} in ${entry.value.namespace} (${fileName(entry.doc.uri)})`;
}

/** "the namespace-wide PeerAuthentication "default" in prod (ns.yaml)". */
export function describePolicy(p: PolicyEntry, rootNamespace: string): string {
  const v = p.value;
  if (v.selector) return `the PeerAuthentication ${resourceRef(p)}, which selects ${formatLabels(v.selector)}`;
  return `the ${v.namespace === rootNamespace ? 'mesh-wide' : 'namespace-wide'} PeerAuthentication ${resourceRef(p)}`;
}

/** "STRICT, set by the namespace-wide PeerAuthentication "default" in prod (ns.yaml)". */
export function describeDecision(d: Decision, rootNamespace: string): string {
  if (d.mode === undefined) {
    const who = d.conflicting?.length ? `: ${d.conflicting.map(resourceRef).join(', ')}` : d.policy ? ` (PeerAuthentication ${resourceRef(d.policy)})` : '';
    return `unknown, because ${d.unknown ?? 'the files do not tell'}${who}`;
  }
  if (!d.policy) return `${d.mode} by default (no PeerAuthentication sets a mode)`;
  const port = d.port !== undefined ? ` for port ${d.port}` : '';
  return `${d.mode}, set${port} by ${describePolicy(d.policy, rootNamespace)}`;
}

/** "reviews.prod.svc.cluster.local", or "namespace prod" for a namespace wildcard. */
export const reachHost = (r: Reach): string => r.host ?? (r.serviceName ? serviceFqdn(r.serviceName, r.namespace) : `namespace ${r.namespace}`);

/** "reviews.prod.svc.cluster.local (Deployment "reviews-v1", port 9080)". */
export function describeReach(r: Reach): string {
  const host = reachHost(r);
  const details: string[] = [];
  if (r.workload) details.push(`${r.workload.value.kind} "${r.workload.value.name ?? '?'}"`);
  if (r.entry) details.push(`WorkloadEntry "${r.entry.value.name ?? '?'}"`);
  if (r.containerPort !== undefined) details.push(r.servicePort !== undefined && r.servicePort !== r.containerPort ? `port ${r.servicePort} → container port ${r.containerPort}` : `port ${r.containerPort}`);
  else if (r.servicePort !== undefined) details.push(`port ${r.servicePort}`);
  return details.length ? `${host} (${details.join(', ')})` : host;
}
