/**
 * The traffic facts of the workspace, joined the way istioctl's analyzers join a cluster's
 * resources: destination hosts against Services and ServiceEntries (honouring exportTo),
 * subsets against DestinationRules, gateway references against Gateways.
 *
 * A workspace is often only part of a cluster, so "not found" is claimed only where the
 * workspace evidently holds what would be found:
 * - a host `name.ns.svc.cluster.local` (short names included) when the workspace declares at
 *   least one Service in `ns`;
 * - any other host when the workspace declares at least one ServiceEntry;
 * - a subset when a DestinationRule for the host is in the workspace (it lacks the subset), or
 *   none is, the host exists, and the workspace holds DestinationRules in the VirtualService's or the
 *   host's namespace;
 * - a gateway when the workspace declares at least one Gateway in the gateway's namespace.
 */
import type { FactEntry, ReportInput, WorkspaceContext, WorkspaceIndex } from '../rule';
import { deepEqual } from '../engine-memo';
import { perList } from '../fact-memo';
import { DRS, GATEWAYS, SERVICE_ENTRIES, SVC, VIRTUAL_SERVICES, type DrFact, type GatewayFact, type SeFact, type SvcFact, type VsFact } from './facts';
import { CLUSTER_SUFFIX, clusterService, exportScopes, exportedTo, hostMatches, toFqdn } from './hosts';

export const TRAFFIC_INDEXERS = [SVC, SERVICE_ENTRIES, GATEWAYS, DRS, VIRTUAL_SERVICES] as const;

/** What a destination host resolves to, with the ports a destination may select. */
export interface DestinationTarget {
  kind: 'Service' | 'ServiceEntry';
  entry: FactEntry<SvcFact> | FactEntry<SeFact>;
  ports: number[];
  portsPartial: boolean;
}

export interface SubsetLookup {
  /** DestinationRules that define subsets for the host (most specific host first). */
  rules: Array<FactEntry<DrFact>>;
  names: string[];
  /** Some subset name is templated: absence proves nothing. */
  partial: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface ServiceLookup {
  byFqdn: Map<string, FactEntry<SvcFact>[]>;
  namespaces: Set<string>;
}

interface EntryLookup {
  /** ServiceEntries by each host's FQDN, and those with a wildcard host. */
  byFqdn: Map<string, FactEntry<SeFact>[]>;
  wildcards: Array<FactEntry<SeFact>>;
}

interface GatewayLookup {
  byKey: Map<string, FactEntry<GatewayFact>[]>;
  byNs: Map<string, FactEntry<GatewayFact>[]>;
}

interface DrLookup {
  /** DestinationRules by their host's FQDN, and those with a wildcard host. */
  byFqdn: Map<string, FactEntry<DrFact>[]>;
  wildcards: Array<FactEntry<DrFact>>;
  namespaces: Set<string>;
}

const serviceLookup = perList((list: ReadonlyArray<FactEntry<SvcFact>>): ServiceLookup => {
  const out: ServiceLookup = { byFqdn: new Map(), namespaces: new Set() };
  for (const s of list) {
    push(out.byFqdn, `${s.value.name}.${s.value.namespace}${CLUSTER_SUFFIX}`, s);
    out.namespaces.add(s.value.namespace);
  }
  return out;
});

const entryLookup = perList((list: ReadonlyArray<FactEntry<SeFact>>): EntryLookup => {
  const out: EntryLookup = { byFqdn: new Map(), wildcards: [] };
  for (const se of list) {
    for (const h of new Set(se.value.hosts.map((x) => toFqdn(x, se.value.namespace)))) push(out.byFqdn, h, se);
    if (se.value.hosts.some((h) => h.startsWith('*'))) out.wildcards.push(se);
  }
  return out;
});

const gatewayLookup = perList((list: ReadonlyArray<FactEntry<GatewayFact>>): GatewayLookup => {
  const out: GatewayLookup = { byKey: new Map(), byNs: new Map() };
  for (const g of list) {
    push(out.byKey, `${g.value.namespace}/${g.value.name}`, g);
    push(out.byNs, g.value.namespace, g);
  }
  return out;
});

const drLookup = perList((list: ReadonlyArray<FactEntry<DrFact>>): DrLookup => {
  const out: DrLookup = { byFqdn: new Map(), wildcards: [], namespaces: new Set() };
  for (const d of list) {
    out.namespaces.add(d.value.namespace);
    if (!d.value.host) continue;
    const fqdn = toFqdn(d.value.host, d.value.namespace);
    if (fqdn.startsWith('*')) out.wildcards.push(d);
    else push(out.byFqdn, fqdn, d);
  }
  return out;
});

const worlds = new WeakMap<WorkspaceIndex, TrafficWorld>();

/** The facts a world is built from (everything but VirtualServices), to tell whether the last world still holds. */
type WorldInputs = ReadonlyArray<ReadonlyArray<FactEntry<unknown>>>;

/** Same fact values (the very objects: a document left alone keeps its facts) from the same documents. */
const sameInputs = (a: WorldInputs, b: WorldInputs): boolean =>
  a.length === b.length &&
  a.every((list, i) => list === b[i] || (list.length === b[i].length && list.every((e, k) => e.value === b[i][k].value && e.doc.uri === b[i][k].doc.uri && e.doc.index === b[i][k].doc.index)));

let lastWorld: TrafficWorld | undefined;

/** Same entries (fact objects) of the same documents, in the same order. */
const sameEntries = (a: ReadonlyArray<FactEntry<unknown>> | undefined, b: ReadonlyArray<FactEntry<unknown>> | undefined): boolean =>
  a === b || ((a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((e, k) => e.value === b![k].value && e.doc.uri === b![k].doc.uri && e.doc.index === b![k].doc.index));

/** Adds to `out` `prefix + key` for every key whose entries differ between two indexes. */
function changedIndexKeys(prefix: string, a: ReadonlyMap<string, ReadonlyArray<FactEntry<unknown>>>, b: ReadonlyMap<string, ReadonlyArray<FactEntry<unknown>>>, out: Set<string>): void {
  for (const k of new Set([...a.keys(), ...b.keys()])) if (!sameEntries(a.get(k), b.get(k))) out.add(prefix + k);
}

function changedMembers(prefix: string, a: ReadonlySet<string>, b: ReadonlySet<string>, out: Set<string>): void {
  for (const k of a) if (!b.has(k)) out.add(prefix + k);
  for (const k of b) if (!a.has(k)) out.add(prefix + k);
}

/** What one VirtualService made a rule report in a world, and the index keys its check read (see `TrafficWorld.read`). */
interface VsReport {
  inputs: ReportInput[];
  reads: ReadonlySet<string>;
}

/** One run of a rule over a list of VirtualServices: what each was found to have, and every index key they read. */
interface RuleRun {
  list: ReadonlyArray<FactEntry<VsFact>>;
  found: VsReport[];
  reads: Set<string>;
}

/**
 * Services, ServiceEntries, Gateways and DestinationRules indexed for the VirtualService rules.
 * Built again only when those facts (or the config) change: an edit to a VirtualService keeps
 * the world, and with it what each VirtualService was found to have (see `eachVirtualService`).
 * A new world keeps what the last one found for each VirtualService whose check read none of
 * the index entries that changed: editing a DestinationRule's host checks again the
 * VirtualServices that looked that host up, not all of them.
 */
export class TrafficWorld {
  readonly gateways: ReadonlyArray<FactEntry<GatewayFact>>;
  readonly destinationRules: ReadonlyArray<FactEntry<DrFact>>;
  private readonly serviceEntries: ReadonlyArray<FactEntry<SeFact>>;
  /** The lookups, each built from one fact list (and kept with it: see `perList`). */
  private readonly svc: ServiceLookup;
  private readonly se: EntryLookup;
  private readonly gw: GatewayLookup;
  private readonly dr: DrLookup;

  /** Per VirtualService fact and rule: what the rule reported for it in this world. */
  private readonly reported = new Map<string, WeakMap<VsFact, VsReport>>();
  /** Per rule: its last run over the VirtualServices in this world. */
  private readonly lastRun = new Map<string, RuleRun>();
  /** The world this one replaced (same config), whose reports hold where they read nothing that changed. */
  private previous: TrafficWorld | undefined;
  /** Index keys whose entries differ from `previous`'s, computed when first needed. */
  private changed: Set<string> | undefined;
  /** The index keys the check under way has read. */
  private reads: Set<string> | undefined;

  /** One world per analysis, shared by every rule that reads it, and by later analyses while its facts hold. */
  static of(ws: WorkspaceIndex): TrafficWorld {
    let world = worlds.get(ws);
    if (world) return world;
    const inputs: WorldInputs = [ws.facts(SVC), ws.facts(SERVICE_ENTRIES), ws.facts(GATEWAYS), ws.facts(DRS)];
    const sameConfig = lastWorld !== undefined && deepEqual(lastWorld.config, ws.config);
    world = lastWorld && sameConfig && sameInputs(lastWorld.inputs, inputs) ? lastWorld : new TrafficWorld(ws, inputs, sameConfig ? lastWorld : undefined);
    worlds.set(ws, world);
    lastWorld = world;
    return world;
  }

  /**
   * Runs `check` on every VirtualService of `ws`, reporting at its document. `check` must read
   * nothing but that VirtualService's fact and this world's lookup methods: then what it
   * reported for the same fact object in this world is reported again without running it, so an
   * edit to one VirtualService checks that one only; and what it reported in the previous world
   * too, when none of the index entries it looked up changed since.
   */
  eachVirtualService(ws: WorkspaceIndex, ctx: WorkspaceContext, rule: string, check: (vs: FactEntry<VsFact>, report: (input: ReportInput) => void) => void): void {
    let memo = this.reported.get(rule);
    if (!memo) this.reported.set(rule, (memo = new WeakMap()));
    const list = ws.facts(VIRTUAL_SERVICES);
    // The same VirtualServices as the rule's last run here, or in the previous world with none of
    // the entries any of them looked up changed: every report holds, replayed without asking each one.
    const last = this.lastRun.get(rule);
    const earlier = last ? undefined : this.previous?.lastRun.get(rule);
    const whole = last?.list === list ? last : earlier?.list === list && !this.readsChanged(earlier.reads) ? earlier : undefined;
    if (whole) {
      for (let i = 0; i < list.length; i++) {
        const found = whole.found[i];
        if (whole === earlier) memo.set(list[i].value, found);
        for (const input of found.inputs) ctx.report(list[i].doc, input);
      }
      this.lastRun.set(rule, whole);
      return;
    }
    const before = this.previous?.reported.get(rule);
    const run: RuleRun = { list, found: [], reads: new Set() };
    for (const vs of list) {
      let found = memo.get(vs.value);
      if (!found && before) {
        const old = before.get(vs.value);
        if (old && !this.readsChanged(old.reads)) memo.set(vs.value, (found = old));
      }
      if (found) for (const input of found.inputs) ctx.report(vs.doc, input);
      else {
        const inputs: ReportInput[] = [];
        const reads = new Set<string>();
        this.reads = reads;
        try {
          check(vs, (input) => {
            inputs.push(input);
            ctx.report(vs.doc, input);
          });
        } finally {
          this.reads = undefined;
        }
        memo.set(vs.value, (found = { inputs, reads }));
      }
      run.found.push(found);
      for (const k of found.reads) run.reads.add(k);
    }
    this.lastRun.set(rule, run);
  }

  /** Notes that the check under way looked up index entry `key` (an entry that may change with the facts). */
  private read(key: string): void {
    this.reads?.add(key);
  }

  private readsChanged(reads: ReadonlySet<string>): boolean {
    const changed = (this.changed ??= this.changedKeys());
    // The smaller set is walked: a rule run's reads are every key its VirtualServices looked up.
    if (changed.size < reads.size) {
      for (const k of changed) if (reads.has(k)) return true;
    } else for (const k of reads) if (changed.has(k)) return true;
    return false;
  }

  /** The index keys (as `read` names them) whose entries differ from the previous world's. */
  private changedKeys(): Set<string> {
    const p = this.previous!;
    const out = new Set<string>();
    // A lookup built from the same list is the same object: nothing in it changed.
    if (p.svc !== this.svc) {
      changedIndexKeys('svc:', p.svc.byFqdn, this.svc.byFqdn, out);
      changedMembers('svcns:', p.svc.namespaces, this.svc.namespaces, out);
    }
    if (p.se !== this.se) {
      changedIndexKeys('se:', p.se.byFqdn, this.se.byFqdn, out);
      if (!sameEntries(p.se.wildcards, this.se.wildcards)) out.add('se*');
      if (p.serviceEntries.length > 0 !== this.serviceEntries.length > 0) out.add('se#');
    }
    if (p.gw !== this.gw) {
      changedIndexKeys('gw:', p.gw.byKey, this.gw.byKey, out);
      changedIndexKeys('gwns:', p.gw.byNs, this.gw.byNs, out);
    }
    if (p.dr !== this.dr) {
      changedIndexKeys('dr:', p.dr.byFqdn, this.dr.byFqdn, out);
      changedMembers('drns:', p.dr.namespaces, this.dr.namespaces, out);
      if (!sameEntries(p.dr.wildcards, this.dr.wildcards)) out.add('dr*');
    }
    return out;
  }
  private readonly config: WorkspaceIndex['config'];

  private constructor(
    ws: WorkspaceIndex,
    private readonly inputs: WorldInputs,
    previous: TrafficWorld | undefined,
  ) {
    // One world back only: what the previous one kept from its own predecessor is in its memo.
    this.previous = previous;
    if (previous) previous.previous = undefined;
    // A copy: callers may change their config object in place later.
    this.config = structuredClone(ws.config);
    this.gateways = ws.facts(GATEWAYS);
    this.destinationRules = ws.facts(DRS);
    this.serviceEntries = ws.facts(SERVICE_ENTRIES);
    this.svc = serviceLookup(ws.facts(SVC));
    this.se = entryLookup(this.serviceEntries);
    this.gw = gatewayLookup(this.gateways);
    this.dr = drLookup(this.destinationRules);
  }

  /**
   * What `host`, written in a VirtualService of `vsNs` exported to `vsExportTo`, reaches
   * (istioctl `util.GetDestinationHost`): a Service or ServiceEntry host visible to the
   * VirtualService, exactly or through a wildcard ServiceEntry host.
   */
  destination(host: string, vsNs: string, vsExportTo: readonly string[] | undefined): DestinationTarget | undefined {
    const fqdn = toFqdn(host, vsNs);
    this.read(`svc:${fqdn}`);
    this.read(`se:${fqdn}`);
    this.read('se*');
    // The namespaces the VirtualService applies in; the host must be visible in one of them.
    const consumers = vsExportTo?.length ? vsExportTo.map((e) => (e === '.' ? vsNs : e)) : [vsNs];
    const visible = (exportTo: readonly string[] | undefined, own: string) => {
      const scopes = exportScopes(exportTo, own);
      return scopes.includes('*') || consumers.some((c) => scopes.includes(c));
    };
    for (const s of this.svc.byFqdn.get(fqdn) ?? []) {
      if (visible(s.value.exportTo, s.value.namespace)) return { kind: 'Service', entry: s, ports: s.value.ports.map((p) => p.port), portsPartial: s.value.portsPartial };
    }
    const seTarget = (se: FactEntry<SeFact>): DestinationTarget => ({ kind: 'ServiceEntry', entry: se, ports: se.value.ports.map((p) => p.number), portsPartial: se.value.portsPartial });
    for (const se of this.se.byFqdn.get(fqdn) ?? []) {
      if (visible(se.value.exportTo, se.value.namespace)) return seTarget(se);
    }
    const bare = fqdn.startsWith('*') ? fqdn.slice(1) : fqdn;
    for (const se of this.se.wildcards) {
      const scopes = exportScopes(se.value.exportTo, se.value.namespace);
      if (!scopes.includes('*') && !scopes.includes(vsNs)) continue;
      if (se.value.hosts.some((h) => h.startsWith('*') && bare.endsWith(h.slice(1)))) return seTarget(se);
    }
    return undefined;
  }

  /** Whether the workspace holds what `host` (of a VirtualService in `vsNs`) would resolve to (see the header). */
  coversHost(host: string, vsNs: string): boolean {
    const svc = clusterService(toFqdn(host, vsNs));
    this.read(svc ? `svcns:${svc.namespace}` : 'se#');
    return svc ? this.svc.namespaces.has(svc.namespace) : this.serviceEntries.length > 0;
  }

  /** A Service a host with a dot was probably meant to name (`reviews.prod`, `reviews.prod.svc`), which Istio takes literally. */
  literalService(host: string): string | undefined {
    const parts = host.split('.');
    if (!(parts.length === 2 || (parts.length === 3 && parts[2] === 'svc'))) return undefined;
    const fqdn = `${parts[0]}.${parts[1]}${CLUSTER_SUFFIX}`;
    this.read(`svc:${fqdn}`);
    return this.svc.byFqdn.has(fqdn) ? fqdn : undefined;
  }

  /** The subsets DestinationRules visible in `vsNs` define for `host` (an exact host beats wildcards, the longer wildcard the shorter). */
  subsets(host: string, vsNs: string): SubsetLookup {
    const fqdn = toFqdn(host, vsNs);
    this.read(`dr:${fqdn}`);
    this.read('dr*');
    let best = -1;
    let rules: Array<FactEntry<DrFact>> = [];
    for (const d of [...(this.dr.byFqdn.get(fqdn) ?? []), ...this.dr.wildcards]) {
      const dr = d.value;
      if (!dr.host || !exportedTo(dr.exportTo, dr.namespace, vsNs)) continue;
      const drHost = toFqdn(dr.host, dr.namespace);
      const score = drHost === fqdn ? Infinity : drHost.startsWith('*') && hostMatches(drHost, fqdn) ? drHost.length : -1;
      if (score < 0 || score < best) continue;
      if (score > best) rules = [];
      best = score;
      rules.push(d);
    }
    return { rules, names: rules.flatMap((d) => d.value.subsets.map((s) => s.name)), partial: rules.some((d) => d.value.subsetsPartial) };
  }

  /** Whether the workspace manages DestinationRules for a VirtualService of `vsNs` routing to `host`. */
  coversSubsets(host: string, vsNs: string): boolean {
    const svc = clusterService(toFqdn(host, vsNs));
    this.read(`drns:${vsNs}`);
    if (svc) this.read(`drns:${svc.namespace}`);
    return this.dr.namespaces.has(vsNs) || (!!svc && this.dr.namespaces.has(svc.namespace));
  }

  gateway(namespace: string, name: string): FactEntry<GatewayFact> | undefined {
    this.read(`gw:${namespace}/${name}`);
    const list = this.gw.byKey.get(`${namespace}/${name}`);
    // An Istio Gateway is looked up before a Kubernetes one of the same name (virtualservice.GatewayAnalyzer).
    return list?.find((g) => g.value.api === 'istio') ?? list?.[0];
  }

  gatewaysIn(namespace: string): ReadonlyArray<FactEntry<GatewayFact>> {
    this.read(`gwns:${namespace}`);
    return this.gw.byNs.get(namespace) ?? [];
  }
}
