/**
 * The effective peer-authentication mode, as Istio computes it: a workload policy (selector)
 * beats the namespace policy, which beats the mesh policy (root namespace); UNSET inherits
 * from the level above; no policy at all means PERMISSIVE; a port-level mode overrides the
 * workload's for that container port. Every answer names the policy that decided it, so
 * messages and hovers can point at it.
 *
 * When the files cannot tell (two policies for the same scope that disagree, templated
 * values, pods we only partly know), the mode is `undefined` and rules stay silent:
 * a false alarm costs more trust than a missed one.
 */
import type { Config } from '../config';
import type { FactEntry, WorkspaceIndex } from '../rule';
import { mayMatch, selects, type Labels } from './fact-read';
import { perList } from '../fact-memo';
import { PEER_AUTHENTICATIONS, type PeerAuthnFact, type PeerMode } from './facts';

export type EffectiveMode = 'DISABLE' | 'PERMISSIVE' | 'STRICT';
export type DecisionLevel = 'default' | 'mesh' | 'namespace' | 'workload' | 'port';
export type PolicyEntry = FactEntry<PeerAuthnFact>;

export interface Decision {
  /** undefined: the files do not tell (see `unknown`). */
  mode: EffectiveMode | undefined;
  /** The level whose policy decided; 'default' when no policy sets a mode (PERMISSIVE). */
  level: DecisionLevel;
  /** The policy whose mode value decided. */
  policy?: PolicyEntry;
  /** The container port, when a port-level mode decided. */
  port?: number;
  /** Why the mode cannot be told. */
  unknown?: string;
  /** Copies of a policy for the same scope that disagree. */
  conflicting?: PolicyEntry[];
}

export interface WorkloadQuery {
  namespace: string;
  /** The pods' labels (all of them, or at least these when `partial`). */
  labels: Labels;
  /** Container port; undefined: the workload-wide mode; null: a port the files do not name. */
  port?: number | null;
  /**
   * The pods may carry more labels than `labels`: selector policies that could still match
   * and would decide differently make the answer unknown.
   */
  partial?: boolean;
  /** With `partial`: which of the possibly matching policies to take seriously (default: all). */
  maybe?: (policy: PeerAuthnFact) => boolean;
}

const unknownDecision = (level: DecisionLevel, unknown: string, extra: Partial<Decision> = {}): Decision => ({ mode: undefined, level, unknown, ...extra });

const settingsKey = (p: PeerAuthnFact): string => `${p.mode}|${p.ports.map((x) => `${x.port}=${x.mode}`).join(',')}`;

/** One policy for a scope; several only count as one when they say the same thing. */
function pick(list: readonly PolicyEntry[]): { policy?: PolicyEntry; conflicting?: PolicyEntry[] } {
  if (!list.length) return {};
  const key = settingsKey(list[0].value);
  return list.every((p) => settingsKey(p.value) === key) ? { policy: list[0] } : { conflicting: [...list] };
}

/** Models by root namespace, kept per policy list (a keystroke that changes no PeerAuthentication keeps the list). */
const modelsOf = perList((_policies: readonly PolicyEntry[]) => new Map<string, MtlsModel>());

export class MtlsModel {
  readonly rootNamespace: string;
  /** Namespace-wide policies by namespace (mesh-wide ones under the root namespace). */
  private readonly wide = new Map<string, PolicyEntry[]>();
  /** Selector policies by namespace (root namespace excluded: Istio ignores them there). */
  private readonly selected = new Map<string, PolicyEntry[]>();
  /** Namespace decisions, computed once per model (one model per policy list and root namespace). */
  private readonly namespaceCache = new Map<string, Decision>();

  constructor(
    readonly policies: readonly PolicyEntry[],
    config: Pick<Config, 'rootNamespace'>,
  ) {
    this.rootNamespace = config.rootNamespace;
    for (const p of policies) {
      const ns = p.value.namespace;
      // The API server rejects it (validation webhook and CRD rule): it never exists in a cluster.
      if (p.value.rejected) continue;
      if (p.value.selector === undefined && !p.value.selectorUnknown) push(this.wide, ns, p);
      else if (ns !== this.rootNamespace) push(this.selected, ns, p);
    }
  }

  /** The model of the workspace's policies: one per policy list and root namespace (it depends on nothing else). */
  static of(ws: WorkspaceIndex, config: Pick<Config, 'rootNamespace'> = ws.config): MtlsModel {
    const policies = ws.facts(PEER_AUTHENTICATIONS);
    const byRoot = modelsOf(policies);
    let model = byRoot.get(config.rootNamespace);
    if (!model) byRoot.set(config.rootNamespace, (model = new MtlsModel(policies, config)));
    return model;
  }

  widePolicies(namespace: string): readonly PolicyEntry[] {
    return this.wide.get(namespace) ?? [];
  }

  selectorPolicies(namespace: string): readonly PolicyEntry[] {
    return this.selected.get(namespace) ?? [];
  }

  /** The mesh-wide mode (root namespace policy without selector). */
  mesh(): Decision {
    return this.level('mesh', this.rootNamespace, () => ({ mode: 'PERMISSIVE', level: 'default' }));
  }

  /** The mode of workloads in `namespace` that no selector policy picks. */
  namespace(namespace: string): Decision {
    let d = this.namespaceCache.get(namespace);
    if (!d) {
      d = namespace === this.rootNamespace ? this.mesh() : this.level('namespace', namespace, () => this.mesh());
      this.namespaceCache.set(namespace, d);
    }
    return d;
  }

  private level(level: 'mesh' | 'namespace', namespace: string, inherit: () => Decision): Decision {
    const { policy, conflicting } = pick(this.widePolicies(namespace));
    if (conflicting) return unknownDecision(level, `${conflicting.length} ${level}-wide policies disagree and Istio applies only the oldest`, { conflicting });
    if (!policy) return inherit();
    if (policy.value.mode === undefined) return unknownDecision(level, 'its mode is templated or not a valid mode', { policy });
    if (policy.value.mode === 'UNSET') return inherit();
    return { mode: policy.value.mode, level, policy };
  }

  /** The mode of pods with `labels` in `namespace`, optionally for one container port. */
  workload(q: WorkloadQuery): Decision {
    if (q.namespace === this.rootNamespace) return this.mesh();
    const base = this.namespace(q.namespace);
    const list = this.selectorPolicies(q.namespace);
    const templated = list.find((p) => p.value.selectorUnknown);
    if (templated) return unknownDecision('workload', 'a policy in the namespace has a templated selector', { policy: templated });
    const matching = list.filter((p) => selects(p.value.selector!, q.labels));
    const { policy, conflicting } = pick(matching);
    if (conflicting) return unknownDecision('workload', `${conflicting.length} policies select these pods and Istio applies only the oldest`, { conflicting });
    const decided = policy ? apply(policy, base, q.port) : base;
    if (!q.partial) return decided;
    // Pods whose labels the files only partly tell: every policy that may select them and would
    // decide otherwise makes the answer unknown (several may: Istio would take the oldest).
    const others = list.filter((p) => !matching.includes(p) && mayMatch(p.value.selector!, q.labels) && (!q.maybe || q.maybe(p.value)) && apply(p, base, q.port).mode !== decided.mode);
    if (others.length === 1) return unknownDecision('workload', 'a selector policy may select these pods (their labels are not all in the files)', { policy: others[0] });
    if (others.length > 1) return unknownDecision('workload', `${others.length} selector policies may select these pods (their labels are not all in the files)`, { policy: others[0], conflicting: others });
    return decided;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const effective = (mode: PeerMode, base: Decision): EffectiveMode | undefined => (mode === 'UNSET' ? base.mode : mode);

/** What a selector policy makes of the inherited `base`, for a port (or all ports). */
function apply(policy: PolicyEntry, base: Decision, port: number | null | undefined): Decision {
  const p = policy.value;
  if (p.mode === undefined) return unknownDecision('workload', 'its mode is templated or not a valid mode', { policy });
  const wide: Decision = p.mode === 'UNSET' ? base : { mode: p.mode, level: 'workload', policy };
  if (port === undefined) return wide;
  if (port === null) {
    // The port is not known: only an answer every port agrees on stands.
    const differs = p.ports.some((x) => x.mode === undefined || effective(x.mode, wide) !== wide.mode);
    return differs ? unknownDecision('port', 'the port is not known and the policy sets port-level modes', { policy }) : wide;
  }
  const pm = p.ports.find((x) => x.port === port);
  if (!pm || pm.mode === 'UNSET') return wide;
  if (pm.mode === undefined) return unknownDecision('port', `the mode of port ${port} is templated or not valid`, { policy, port });
  return { mode: pm.mode, level: 'port', policy, port };
}
