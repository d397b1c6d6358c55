/** The resource kinds Istio Tips understands, by API group. */

export const ISTIO_NETWORKING = 'networking.istio.io';
export const ISTIO_SECURITY = 'security.istio.io';
export const ISTIO_AUTHN_LEGACY = 'authentication.istio.io';
export const GATEWAY_API = 'gateway.networking.k8s.io';

const KNOWN: Record<string, { versions: readonly string[]; kinds: readonly string[] }> = {
  [ISTIO_NETWORKING]: {
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kinds: ['VirtualService', 'DestinationRule', 'Gateway', 'Sidecar', 'ServiceEntry', 'EnvoyFilter'],
  },
  [ISTIO_SECURITY]: { versions: ['v1', 'v1beta1'], kinds: ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'] },
  [ISTIO_AUTHN_LEGACY]: { versions: ['v1alpha1'], kinds: ['Policy', 'MeshPolicy'] },
  [GATEWAY_API]: { versions: ['v1', 'v1beta1', 'v1alpha2'], kinds: ['HTTPRoute', 'GRPCRoute'] },
  // Core and apps kinds the mTLS tips read (namespaces, injection, workloads).
  '': { versions: ['v1'], kinds: ['Namespace', 'Service', 'Pod'] },
  apps: { versions: ['v1'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] },
  batch: { versions: ['v1', 'v1beta1'], kinds: ['Job', 'CronJob'] },
};

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'] as const;

export const ALL_KINDS: readonly string[] = [...new Set(Object.values(KNOWN).flatMap((g) => g.kinds))];

export interface ApiVersion {
  group: string;
  version: string;
}

export function splitApiVersion(apiVersion: string): ApiVersion {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * True when `kind` in `group` is one we analyse. The version is not checked here:
 * rules that care (removed or deprecated APIs) look at it themselves.
 */
export function isKnownKind(group: string, kind: string): boolean {
  const g = KNOWN[group];
  return g !== undefined && g.kinds.includes(kind);
}

export function knownVersions(group: string): readonly string[] {
  return KNOWN[group]?.versions ?? [];
}

/** A cheap pre-filter: documents whose text names none of `kinds` are not parsed at all. */
export function kindPrefilter(kinds: Iterable<string>): RegExp {
  const names = [...new Set(kinds)].sort((a, b) => b.length - a.length);
  if (!names.length) return /(?!)/;
  return new RegExp(`\\b(?:${names.join('|')})\\b`);
}
