/**
 * Everything the mTLS rules know about the workspace, joined: the peer-authentication model,
 * Services, workloads, Namespaces, and what a DestinationRule's `tls` block reaches
 * (namespaces, Services, pods, container ports) with the effective mode at each.
 */
import type { Config } from '../config';
import type { FactEntry, WorkspaceIndex } from '../rule';
import { selects, type Labels } from './fact-read';
import { DESTINATION_RULES, NAMESPACES, PEER_AUTHENTICATIONS, SERVICES, WORKLOADS } from './facts';
import type { DestinationRuleFact, DrTlsFact, NamespaceFact, ServiceFact, WorkloadFact } from './facts';
import { resolveHost, type HostTarget } from './hosts';
import { DrChooser, drEntries } from './dr-choice';
import { inboundCaptured, knownSidecarless, sidecarStatus, type SidecarStatus } from './injection';
import { MtlsModel, type Decision } from './model';
import { SERVICE_ENTRIES, WORKLOAD_ENTRIES, workloadEntryHasSidecar, type ServiceEntryFact, type WorkloadEntryFact } from './service-entry-facts';
import { MESH_CONFIGS } from './mesh-config';
import { meshSettings, type MeshSettings } from './mesh-settings';
import { perList } from '../fact-memo';
import { servicesByName, workloadsByNamespace } from '../traffic/workload-index';

/** The indexers every mTLS workspace rule reads (so the engine parses all the kinds involved). */
export const MTLS_INDEXERS = [PEER_AUTHENTICATIONS, DESTINATION_RULES, SERVICES, WORKLOADS, NAMESPACES, SERVICE_ENTRIES, WORKLOAD_ENTRIES, MESH_CONFIGS] as const;

/** One destination a `tls` block applies to, and the mode it meets there. */
export interface Reach {
  namespace: string;
  /** The Service's name; undefined for a namespace wildcard. */
  serviceName?: string;
  /** A ServiceEntry host, when the destination is a WorkloadEntry behind it. */
  host?: string;
  entry?: FactEntry<WorkloadEntryFact>;
  service?: FactEntry<ServiceFact>;
  /** A workload of the workspace behind the Service. */
  workload?: FactEntry<WorkloadFact>;
  sidecar: SidecarStatus;
  servicePort?: number;
  containerPort?: number;
  /** The sidecar does not intercept this port (inbound capture annotations): no peer authentication applies. */
  uncaptured?: boolean;
  decision: Decision;
}

/** One world per index and config: every mTLS rule of a pass (and a hover) shares it. */
const worlds = new WeakMap<WorkspaceIndex, WeakMap<Config, MtlsWorld>>();
/** The last world built per config: the next one reuses its reaches where nothing they read changed. */
const lastWorld = new WeakMap<Config, MtlsWorld>();

/** reaches() of one `tls` block, with which of its host's targets had clients using the rule. */
interface KnownReaches {
  reaches: readonly Reach[];
  /** Per target of the host: clients use the rule there. Undefined: the answer did not ask the chooser. */
  used?: readonly boolean[];
}

/** Each Namespace manifest by name (the last one counts), kept per list. */
const namespacesByName = perList((list: ReadonlyArray<FactEntry<NamespaceFact>>) => new Map(list.map((n) => [n.value.name, n])));
/** The namespaces of a list's entries, in order of first appearance, kept per list. */
const namespacesIn = perList((list: ReadonlyArray<FactEntry<{ readonly namespace: string }>>) => [...new Set(list.map((e) => e.value.namespace))]);
const sameOrder = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => {
  if (a.size !== b.size) return false;
  const x = a.values();
  for (const v of b) if (x.next().value !== v) return false;
  return true;
};

/** resolveHost answers per rule, for the namespace set they were resolved against. */
const resolved = new WeakMap<DestinationRuleFact, { host: string; namespaces: ReadonlySet<string>; targets: HostTarget[] }>();

const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
const sameFlags = (a: readonly boolean[], b: readonly boolean[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export class MtlsWorld {
  /**
   * The world of `ws` analysed with `config`, built once per index and config. An index stands
   * for one analysis (its facts never change), so the world and what it memoises stay valid.
   */
  static of(ws: WorkspaceIndex, config: Config = ws.config): MtlsWorld {
    let byConfig = worlds.get(ws);
    if (!byConfig) worlds.set(ws, (byConfig = new WeakMap()));
    let world = byConfig.get(config);
    if (!world) {
      byConfig.set(config, (world = new MtlsWorld(ws, config, lastWorld.get(config))));
      lastWorld.set(config, world);
    }
    return world;
  }

  readonly model: MtlsModel;
  /** meshConfig as decided by settings, the workspace's sources and Istio's defaults. */
  readonly mesh: MeshSettings;
  /** The analysis config with the effective root namespace (meshConfig from the workspace included). */
  readonly config: Config;
  readonly destinationRules: ReadonlyArray<FactEntry<DestinationRuleFact>>;
  readonly workloads: ReadonlyArray<FactEntry<WorkloadFact>>;
  /** Every namespace a resource of the workspace lives in or a Namespace manifest declares. */
  readonly namespaces: ReadonlySet<string>;
  /** `namespaces` and "default": what a mesh-wide wildcard host reaches. */
  private readonly hostNamespaces: ReadonlySet<string>;
  /** Every Service of each namespace/name (the last one counts). */
  private readonly services: ReadonlyMap<string, ReadonlyArray<FactEntry<ServiceFact>>>;
  private readonly workloadsByNs: ReadonlyMap<string, ReadonlyArray<FactEntry<WorkloadFact>>>;
  private readonly namespaceFacts: ReadonlyMap<string, FactEntry<NamespaceFact>>;
  private readonly serviceEntries: ReadonlyArray<FactEntry<ServiceEntryFact>>;
  private readonly workloadEntries: ReadonlyArray<FactEntry<WorkloadEntryFact>>;
  /** Which DestinationRule each client namespace uses for a Service. */
  private readonly chooser: DrChooser;
  /** reaches() by `tls` block: four rules ask for the same blocks in one pass. */
  private readonly reachCache = new WeakMap<DrTlsFact, KnownReaches>();
  /** Everything reaches() reads but DestinationRules and the chooser, to compare with the previous world's. */
  private readonly inputs: ReadonlyArray<readonly unknown[]>;
  /**
   * The previous world's reaches, when it read the same facts (the very objects an untouched
   * document keeps), the same namespaces and root namespace: a keystroke in a DestinationRule
   * then recomputes only its own blocks' reaches and those whose chooser answers changed.
   */
  private readonly earlier?: WeakMap<DrTlsFact, KnownReaches>;

  /** `previous`: a world of an earlier analysis with the same config, whose reaches may be reused. */
  constructor(ws: WorkspaceIndex, config: Config = ws.config, previous?: MtlsWorld) {
    this.mesh = meshSettings(ws, config);
    this.config = this.mesh.rootNamespace.value === config.rootNamespace ? config : { ...config, rootNamespace: this.mesh.rootNamespace.value };
    this.model = MtlsModel.of(ws, this.config);
    this.destinationRules = ws.facts(DESTINATION_RULES);
    this.workloads = ws.facts(WORKLOADS);
    this.serviceEntries = ws.facts(SERVICE_ENTRIES);
    this.workloadEntries = ws.facts(WORKLOAD_ENTRIES);
    // Lookups built once per fact list (a DestinationRule keystroke leaves these lists alone).
    this.services = servicesByName(ws.facts(SERVICES));
    this.workloadsByNs = workloadsByNamespace(this.workloads);
    this.namespaceFacts = namespacesByName(ws.facts(NAMESPACES));
    const namespaces = new Set<string>();
    for (const list of [namespacesIn(ws.facts(SERVICES)), this.workloadsByNs.keys(), this.namespaceFacts.keys(), namespacesIn(this.model.policies), namespacesIn(this.destinationRules)]) {
      for (const ns of list) namespaces.add(ns);
    }
    // The previous world's very sets when they hold the same namespaces in the same order: what is kept by namespace set then holds.
    const same = previous !== undefined && sameOrder(previous.namespaces, namespaces);
    this.namespaces = same ? previous.namespaces : namespaces;
    // Namespace "default" exists in every cluster (the API server's Service lives there).
    this.hostNamespaces = same ? previous.hostNamespaces : new Set([...namespaces, 'default']);
    this.chooser = new DrChooser(drEntries(this.destinationRules.map((d) => d.value), this.hostNamespaces), this.config.rootNamespace);
    const facts = [ws.facts(SERVICES), this.workloads, ws.facts(NAMESPACES), this.serviceEntries, this.workloadEntries, this.model.policies, [...this.namespaces], [this.config.rootNamespace]];
    this.inputs = facts;
    if (previous && previous.inputs.length === facts.length && facts.every((list, i) => sameList(list, previous.inputs[i]))) this.earlier = previous.reachCache;
  }

  /** Client namespaces whose proxies use `dr` for `target` (see DrChooser). */
  clientsUsing(dr: DestinationRuleFact, target: HostTarget): string[] {
    return this.chooser.clientsUsing(dr, target, this.namespaces);
  }

  /**
   * What sidecar and workload-mode answers depend on: objects kept while their facts hold (see
   * fact-memo.ts), for memories that compare them by identity.
   */
  workloadInputs(): readonly unknown[] {
    return [this.workloads, this.namespaceFacts, this.model, this.config.rootNamespace];
  }

  /** Whether `clientsUsing` is not empty, without copying the answer. */
  usedBySome(dr: DestinationRuleFact, target: HostTarget): boolean {
    return this.chooser.usedBySome(dr, target, this.namespaces);
  }

  namespaceFact(name: string): FactEntry<NamespaceFact> | undefined {
    return this.namespaceFacts.get(name);
  }

  service(namespace: string, name: string): FactEntry<ServiceFact> | undefined {
    return this.services.get(`${namespace}/${name}`)?.at(-1);
  }

  sidecar(w: WorkloadFact): SidecarStatus {
    return sidecarStatus(w, this.namespaceFacts.get(w.namespace));
  }

  /** The workload-wide effective mode of a workload's pods. */
  workloadMode(w: WorkloadFact, port?: number): Decision {
    return this.model.workload({ namespace: w.namespace, labels: w.labels, port, partial: w.labelsPartial });
  }

  /** Where a DestinationRule `tls` block (one of `dr`'s) applies, with the mode met at each destination. */
  reaches(dr: DestinationRuleFact, tls: DrTlsFact): readonly Reach[] {
    let known = this.reachCache.get(tls);
    if (!known) {
      const before = this.earlier?.get(tls);
      // The same block with the same inputs: the same answer, unless the chooser's answers moved.
      const holds = before && (!before.used || (dr.host !== undefined && sameFlags(before.used, this.targetsUsed(dr, dr.host).used)));
      known = holds ? before : this.computeReaches(dr, tls);
      this.reachCache.set(tls, known);
    }
    return known.reaches;
  }

  /** The targets of a host, and whether clients use `dr` for each (a host Istio takes literally matches no Service). */
  private targetsUsed(dr: DestinationRuleFact, host: string): { targets: HostTarget[]; used: boolean[] } {
    // The same rule resolved against the same namespace set (worlds keep the set while it holds): the same targets.
    let known = resolved.get(dr);
    if (!known || known.host !== host || known.namespaces !== this.namespaces) resolved.set(dr, (known = { host, namespaces: this.namespaces, targets: resolveHost(host, dr.namespace, this.namespaces) }));
    const targets = known.targets;
    return { targets, used: targets.map((t) => !t.literal && this.usedBySome(dr, t)) };
  }

  private computeReaches(dr: DestinationRuleFact, tls: DrTlsFact): KnownReaches {
    if (!dr.host) return { reaches: [] };
    const out: Reach[] = [];
    const subset = tls.subset === undefined ? undefined : dr.subsets.find((s) => s.name === tls.subset);
    // A subset we cannot read (or whose labels are templated) selects pods we cannot name.
    if (tls.subset !== undefined && (!subset || subset.partial)) return { reaches: [] };
    const entries = this.workloadEntryReaches(dr.host, tls, subset?.labels);
    if (entries) return { reaches: entries };
    const { targets, used } = this.targetsUsed(dr, dr.host);
    for (const [i, target] of targets.entries()) {
      // A host Istio takes literally (`reviews.prod`) matches no Service: dr-host-unmatched says so.
      if (!used[i]) continue;
      const fixed = knownSidecarless(target.namespace, target.service, this.config.rootNamespace);
      const nsSidecar = fixed ?? sidecarStatus(undefined, this.namespaceFacts.get(target.namespace));
      const base = { namespace: target.namespace };
      if (target.service === undefined) {
        out.push({ ...base, sidecar: nsSidecar, decision: this.model.namespace(target.namespace) });
        continue;
      }
      const svc = this.service(target.namespace, target.service);
      if (svc?.value.type === 'ExternalName') continue;
      const ports = this.servicePorts(dr, tls, svc?.value);
      const withSvc = { ...base, serviceName: target.service, ...(svc ? { service: svc } : {}) };
      const selector = svc?.value.selector;
      if (selector && !svc.value.selectorPartial) {
        const known: Labels = { ...selector, ...(subset?.labels ?? {}) };
        const pods = (this.workloadsByNs.get(target.namespace) ?? []).filter((w) => selects(known, w.value.labels));
        for (const w of pods) {
          for (const sp of ports) {
            const cp = containerPort(svc.value, sp, w.value);
            if (cp === 'absent') continue;
            const q = { namespace: target.namespace, labels: w.value.labels, port: cp, partial: w.value.labelsPartial };
            const uncaptured = typeof cp === 'number' && !inboundCaptured(w.value, cp);
            out.push({ ...withSvc, workload: w, sidecar: fixed ?? this.sidecar(w.value), ...portsOf(sp, cp), ...(uncaptured ? { uncaptured } : {}), decision: this.model.workload(q) });
          }
        }
        if (pods.length) continue;
        // The pods are not in the workspace: the selector says part of their labels.
        for (const sp of ports) {
          const cp = containerPort(svc.value, sp);
          if (cp === 'absent') continue;
          const q = { namespace: target.namespace, labels: known, port: cp, partial: true };
          out.push({ ...withSvc, sidecar: nsSidecar, ...portsOf(sp, cp), decision: this.model.workload(q) });
        }
        continue;
      }
      // No Service (or no usable selector): the pods' labels are unknown. Every selector policy may
      // select them, except one that names another application by the conventional app labels
      // (`app: ratings` is taken not to select the pods of `reviews`).
      const name = target.service;
      const maybe = (p: { selector?: Labels }) => {
        const sel = p.selector ?? {};
        return Object.values(sel).includes(name) || !APP_LABELS.some((k) => k in sel && sel[k] !== name);
      };
      for (const sp of ports) {
        const q = { namespace: target.namespace, labels: subset?.labels ?? {}, port: null, partial: true, maybe };
        out.push({ ...withSvc, sidecar: nsSidecar, ...portsOf(sp, null), decision: this.model.workload(q) });
      }
    }
    return { reaches: out, used };
  }

  /**
   * A MESH_INTERNAL ServiceEntry host whose workloadSelector picks WorkloadEntries: each entry is
   * a destination, with a sidecar when getTLSModeFromWorkloadEntry says "istio" (a serviceAccount,
   * or the tlsMode label), and peer authentication applies to it by its labels like to a pod.
   * Undefined when no such ServiceEntry names the host. exportTo is not modelled here.
   */
  private workloadEntryReaches(host: string, tls: DrTlsFact, subsetLabels: Labels | undefined): Reach[] | undefined {
    const h = host.trim().toLowerCase();
    const ses = this.serviceEntries.filter((e) => e.value.location === 'MESH_INTERNAL' && e.value.workloadSelector && e.value.hosts.includes(h));
    if (!ses.length) return undefined;
    const out: Reach[] = [];
    for (const { value: se } of ses) {
      const known: Labels = { ...se.workloadSelector, ...(subsetLabels ?? {}) };
      for (const entry of this.workloadEntries) {
        const we = entry.value;
        if (we.namespace !== se.namespace || !selects(known, we.labels)) continue;
        const sidecar: SidecarStatus = workloadEntryHasSidecar(we)
          ? { state: 'sidecar', reason: we.tlsModeLabel ? 'its WorkloadEntry is labelled security.istio.io/tlsMode=istio' : `its WorkloadEntry has serviceAccount ${we.serviceAccount} (a VM with a sidecar)` }
          : { state: 'none', reason: 'its WorkloadEntry has no serviceAccount: Istio sends it plaintext' };
        const port = tls.port === undefined ? undefined : null;
        out.push({ namespace: se.namespace, host: h, entry, sidecar, ...(tls.port !== undefined ? { servicePort: tls.port } : {}), decision: this.model.workload({ namespace: we.namespace, labels: we.labels, port }) });
      }
    }
    return out;
  }

  /**
   * Service ports a `tls` block governs: its own port for port-level settings; otherwise every
   * port of the Service except those a port-level block of the same level overrides.
   * `undefined` stands for "whatever ports": the Service is unknown.
   */
  private servicePorts(dr: DestinationRuleFact, tls: DrTlsFact, svc: ServiceFact | undefined): Array<number | undefined> {
    if (tls.port !== undefined) return [tls.port];
    if (!svc?.ports.length) return [undefined];
    // GetPortLevelTrafficPolicy: any entry for a port replaces the top-level policy there, even without tls.
    const overridden = new Set(dr.portEntries.filter((e) => e.subset === tls.subset).map((e) => e.port));
    return svc.ports.map((p) => p.port).filter((p) => !overridden.has(p));
  }
}

/** The labels that name the application by convention (Kubernetes' recommended labels, Istio's samples). */
const APP_LABELS = ['app', 'app.kubernetes.io/name'];

const portsOf = (sp: number | undefined, cp: number | null) => ({ ...(sp !== undefined ? { servicePort: sp } : {}), ...(cp !== null ? { containerPort: cp } : {}) });

/**
 * The container port behind Service port `sp`: the targetPort number, or the named port of
 * the workload's containers. null: cannot tell; 'absent': the Service has no such port.
 */
function containerPort(svc: ServiceFact, sp: number | undefined, w?: WorkloadFact): number | null | 'absent' {
  if (sp === undefined) return null;
  const p = svc.ports.find((x) => x.port === sp);
  if (!p) return svc.ports.length ? 'absent' : null;
  const target = p.targetPort ?? p.port;
  if (typeof target === 'number') return target;
  for (const c of w?.containers ?? []) for (const cp of c.ports) if (cp.name === target) return cp.port;
  return null;
}
