/** The resource kinds Istio Tips understands, by API group. */

export const ISTIO_NETWORKING = 'networking.istio.io';
export const ISTIO_SECURITY = 'security.istio.io';
export const ISTIO_AUTHN_LEGACY = 'authentication.istio.io';
export const GATEWAY_API = 'gateway.networking.k8s.io';

const KNOWN: Record<string, { versions: readonly string[]; kinds: readonly string[] }> = {
  [ISTIO_NETWORKING]: {
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kinds: ['VirtualService', 'DestinationRule', 'Gateway', 'Sidecar', 'ServiceEntry', 'EnvoyFilter', 'WorkloadEntry'],
  },
  [ISTIO_SECURITY]: { versions: ['v1', 'v1beta1'], kinds: ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'] },
  [ISTIO_AUTHN_LEGACY]: { versions: ['v1alpha1'], kinds: ['Policy', 'MeshPolicy'] },
  'telemetry.istio.io': { versions: ['v1', 'v1alpha1'], kinds: ['Telemetry'] },
  [GATEWAY_API]: { versions: ['v1', 'v1beta1', 'v1alpha2'], kinds: ['HTTPRoute', 'GRPCRoute', 'Gateway'] },
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

const KIND_KEYS = ['kind', '"kind"', "'kind'"];
const KIND_VALUE = /^[ \t]+(?:"([A-Za-z][A-Za-z0-9]*)"|'([A-Za-z][A-Za-z0-9]*)'|([A-Za-z][A-Za-z0-9]*))[ \t]*(?:[ \t]#.*)?\r?$/;

/**
 * Where the values of `kind` keys at column 0 (the root mapping's, in the block YAML
 * manifests are written in) begin; two at most. indexOf, not a multi-line regex: this runs
 * on every document, and `/^kind/m` tries each position of the text.
 */
function kindKeyValues(source: string): number[] {
  const found: number[] = [];
  for (const key of KIND_KEYS) {
    if (source.startsWith(key)) pushValueStart(source, 0, key, found);
    for (let i = source.indexOf(`\n${key}`); i !== -1 && found.length < 2; i = source.indexOf(`\n${key}`, i + 1)) pushValueStart(source, i + 1, key, found);
    if (found.length >= 2) break;
  }
  return found;
}

/** When `key` at `lineStart` is followed by a colon (after blanks), records where its value begins. */
function pushValueStart(source: string, lineStart: number, key: string, found: number[]): void {
  let p = lineStart + key.length;
  while (source[p] === ' ' || source[p] === '\t') p++;
  if (source[p] === ':') found.push(p + 1);
}

/**
 * The kind a document declares, read from its text without parsing it: the value of its
 * one `kind:` line at column 0, when that is a plain word. Undefined when this cannot be
 * told so simply (no such line, two of them, a flow mapping, a value that is not a word):
 * the caller then parses.
 */
export function topLevelKind(source: string): string | undefined {
  const keys = kindKeyValues(source);
  if (keys.length !== 1) return undefined;
  const end = source.indexOf('\n', keys[0]);
  const m = KIND_VALUE.exec(source.slice(keys[0], end === -1 ? source.length : end));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/**
 * A cheap pre-filter: documents that cannot be of any of `kinds` are not parsed at all,
 * those whose text names none of them and those whose top-level `kind:` line names another
 * kind (a rendered chart's ConfigMaps and autoscalers mention Deployments and Services, and
 * are a sixth of its bytes).
 */
export function kindPrefilter(kinds: Iterable<string>, extra: ReadonlyMap<string, (source: string) => boolean> = new Map()): (source: string) => boolean {
  const wanted = new Set(kinds);
  if (!wanted.size && !extra.size) return () => false;
  const names = [...wanted, ...[...extra.keys()].filter((k) => k !== '')].sort((a, b) => b.length - a.length);
  const mentions = names.length ? new RegExp(`\\b(?:${names.join('|')})\\b`) : /$^/;
  const kindless = extra.get('');
  // The declared kind first: an indexOf or two, where the regex tries every position.
  return (source) => {
    const kind = topLevelKind(source);
    if (kind === undefined) return mentions.test(source) || (kindless !== undefined && kindless(source));
    if (wanted.has(kind)) return true;
    const test = extra.get(kind);
    return test !== undefined && test(source);
  };
}
