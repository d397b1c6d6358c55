/**
 * Which DestinationRule a client proxy uses for a Service, as Istio's
 * PushContext.destinationRule decides it from the index setDestinationRules builds:
 *
 * 1. a client outside the root namespace looks at the rules of its own namespace that are
 *    visible there (no exportTo, `*`, `.` or its own name); a client in the root namespace
 *    looks at the root namespace's private rules only;
 * 2. then the exported (not private-only) rules of the Service's namespace;
 * 3. then the exported rules of the root namespace.
 *
 * At each step the most specific host wins (an exact name, then the longest wildcard), and
 * only then is exportTo checked against the client's namespace (steps 2 and 3): a more
 * specific rule that is not exported to the client hides a less specific one that is.
 * Rules with a workloadSelector are private to their namespace.
 */
import { perList } from '../fact-memo';
import type { DestinationRuleFact } from './facts';
import { hostSpecificity, resolveHost, type HostTarget } from './hosts';

export interface DrEntry {
  dr: DestinationRuleFact;
  /** What the host matches (hosts Istio takes literally match nothing). */
  targets: HostTarget[];
  specificity: number;
  /** The host as MostSpecificHostMatch compares it (trimmed, lower case), read once per rule. */
  hostKey: string;
}

/** A set of namespaces as one string (in order: answers list clients in that order), once per set. */
const signatures = new WeakMap<Iterable<string>, string>();
/** Recent signatures, handed out again for equal sets so that comparing signatures later compares pointers. */
const recentSignatures: string[] = [];
function signature(namespaces: Iterable<string>): string {
  let s = signatures.get(namespaces);
  if (s === undefined) {
    s = [...namespaces].join('\u0000');
    const same = recentSignatures.find((r) => r === s);
    if (same !== undefined) s = same;
    else if (recentSignatures.unshift(s) > 4) recentSignatures.pop();
    signatures.set(namespaces, s);
  }
  return s;
}

/** Each rule's entry with the namespaces its host was resolved against (see `drEntries`). */
const entryMemo = new WeakMap<DestinationRuleFact, { namespaces: string; entry: DrEntry | undefined }>();

/**
 * The chooser's entries for `drs` (those with a host), `namespaces` being what mesh-wide
 * wildcard hosts reach. Kept per rule (the fact object an untouched document keeps), so that
 * the worlds every analysis builds resolve only the hosts that changed, and the chooser's memo
 * compares entries by identity.
 */
export function drEntries(drs: readonly DestinationRuleFact[], namespaces: ReadonlySet<string>): DrEntry[] {
  const key = signature(namespaces);
  const out: DrEntry[] = [];
  for (const dr of drs) {
    let known = entryMemo.get(dr);
    if (!known || known.namespaces !== key) {
      const entry = dr.host ? { dr, targets: resolveHost(dr.host, dr.namespace, namespaces), specificity: hostSpecificity(dr.host), hostKey: hostKey(dr) } : undefined;
      entryMemo.set(dr, (known = { namespaces: key, entry }));
    }
    if (known.entry) out.push(known.entry);
  }
  return out;
}

/** A client namespace the workspace does not show (one with no DestinationRule of its own). */
export const OTHER_NAMESPACE = '\u0000other';

/** Where a rule is exported, kept per fact (the chooser asks per rule, client and target). */
const exportSet = perList((dr: DestinationRuleFact): ReadonlySet<string> => new Set(dr.workloadSelector ? ['.'] : (dr.exportTo ?? [])));

/** In namespaceLocal[dr.namespace]: seen by clients of its own namespace. */
function visibleLocally(dr: DestinationRuleFact): boolean {
  const set = exportSet(dr);
  return set.size === 0 || set.has('*') || set.has('.') || set.has(dr.namespace);
}

/** Kept out of exportedByNamespace (the mesh default for DestinationRule exportTo is taken as `*`). */
function privateOnly(dr: DestinationRuleFact): boolean {
  const set = exportSet(dr);
  return set.size === 1 && (set.has('.') || set.has(dr.namespace));
}

function exportedTo(dr: DestinationRuleFact, client: string): boolean {
  const set = exportSet(dr);
  return set.size === 0 || set.has('*') || set.has(client);
}

const covers = (t: HostTarget, target: HostTarget): boolean =>
  !t.literal && t.namespace === target.namespace && (t.service === undefined || t.service === target.service);

const hostKey = (dr: DestinationRuleFact): string => (dr.host ?? '').trim().toLowerCase();

/** MostSpecificHostMatch over `pool`: the rules (merged when they share the winning host) for `target`. */
function mostSpecific(pool: readonly DrEntry[], target: HostTarget): DrEntry[] {
  let best: DrEntry[] = [];
  for (const e of pool) {
    if (!e.targets.some((t) => covers(t, target))) continue;
    if (!best.length || e.specificity > best[0].specificity) best = [e];
    else if (e.specificity === best[0].specificity && e.hostKey === best[0].hostKey) best.push(e);
  }
  return best;
}

/** A namespace's rules as `choose` reads them: visible to its own clients, the root's private ones, the exported ones. */
interface NsRules {
  all: DrEntry[];
  local: DrEntry[];
  rootPrivate: DrEntry[];
  exported: DrEntry[];
}

function nsRules(all: DrEntry[]): NsRules {
  return { all, local: all.filter((e) => visibleLocally(e.dr)), rootPrivate: all.filter((e) => privateOnly(e.dr)), exported: all.filter((e) => !privateOnly(e.dr)) };
}

const sameTargets = (a: readonly HostTarget[], b: readonly HostTarget[]): boolean =>
  a === b || (a.length === b.length && a.every((t, i) => t.namespace === b[i].namespace && t.service === b[i].service && t.literal === b[i].literal));

/** Same rules (the very fact objects, as an untouched document keeps them) with the same targets, in the same order. */
const sameEntries = (a: readonly DrEntry[] | undefined, b: readonly DrEntry[] | undefined): boolean =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((e, i) => e === b![i] || (e.dr === b![i].dr && e.specificity === b![i].specificity && sameTargets(e.targets, b![i].targets)));

/** What `clientsUsing` answered for one target: by rule, for the clients whose signature is `clients`. */
type Bucket = WeakMap<DestinationRuleFact, { clients: string; out: readonly string[] }>;

/**
 * `clientsUsing` answers, kept across choosers (every mTLS rule builds its own world, and each
 * analysis new ones) by target: namespace, then Service ('' for the namespace wildcard). What
 * `choose` decides for a target depends only on the rules covering it, in the client's, the
 * target's and the root namespace: when a namespace's rules change (a DestinationRule host
 * edited), the answers for every target its old and new rules cover are dropped, the rest kept.
 * The answers always hold for the rules last adopted: a chooser adopts its own again before
 * asking when another one came in between.
 */
class ChoiceMemo {
  rootNamespace: string | undefined;
  byNs = new Map<string, DrEntry[]>();
  readonly buckets = new Map<string, Map<string, Bucket>>();

  /** Adopts the rules of a new chooser, dropping the answers they may change. */
  adopt(byNs: Map<string, DrEntry[]>, rootNamespace: string): void {
    if (rootNamespace !== this.rootNamespace) {
      this.buckets.clear();
      this.rootNamespace = rootNamespace;
    } else {
      for (const ns of new Set([...this.byNs.keys(), ...byNs.keys()])) {
        const before = this.byNs.get(ns);
        const after = byNs.get(ns);
        if (sameEntries(before, after)) continue;
        for (const e of [...(before ?? []), ...(after ?? [])]) for (const t of e.targets) this.drop(t);
      }
    }
    this.byNs = byNs;
  }

  private drop(t: HostTarget): void {
    if (t.literal) return; // covers nothing
    if (t.service === undefined) this.buckets.delete(t.namespace); // covers every Service of the namespace
    else this.buckets.get(t.namespace)?.delete(t.service);
  }

  bucket(target: HostTarget): Bucket {
    let byService = this.buckets.get(target.namespace);
    if (!byService) this.buckets.set(target.namespace, (byService = new Map()));
    const key = target.service ?? '';
    let bucket = byService.get(key);
    if (!bucket) byService.set(key, (bucket = new WeakMap()));
    return bucket;
  }
}

const memo = new ChoiceMemo();

export class DrChooser {
  private readonly byNs = new Map<string, NsRules>();
  /** The rules by namespace, as the memo compares them. */
  private readonly lists = new Map<string, DrEntry[]>();

  constructor(
    entries: readonly DrEntry[],
    private readonly rootNamespace: string,
  ) {
    for (const e of entries) {
      const list = this.lists.get(e.dr.namespace);
      if (list) list.push(e);
      else this.lists.set(e.dr.namespace, [e]);
    }
    for (const [ns, list] of this.lists) this.byNs.set(ns, nsRules(list));
    memo.adopt(this.lists, rootNamespace);
  }

  /** The rules a client in `client` uses for `target` (several: merged rules of one host). */
  choose(client: string, target: HostTarget): DrEntry[] {
    const own = this.byNs.get(client);
    const local = own ? mostSpecific(client !== this.rootNamespace ? own.local : own.rootPrivate, target) : [];
    if (local.length) return local;
    for (const ns of [target.namespace, this.rootNamespace]) {
      const exported = mostSpecific(this.byNs.get(ns)?.exported ?? [], target).filter((e) => exportedTo(e.dr, client));
      if (exported.length) return exported;
    }
    return [];
  }

  /**
   * The client namespaces (of `clients`, plus one the workspace does not show) whose proxies
   * certainly use `dr`'s TLS settings for `target`. A rule merged with another of the same
   * host that also sets TLS is left out: which one's traffic policy Istio keeps is the older's.
   * Answers are kept (see ChoiceMemo): a keystroke that changes one DestinationRule asks again
   * only for the targets its namespace's rules cover.
   */
  clientsUsing(dr: DestinationRuleFact, target: HostTarget, clients: Iterable<string>): string[] {
    return this.answer(dr, target, clients).slice();
  }

  /** Whether some client namespace uses `dr` for `target` (`clientsUsing` is not empty), without copying the kept answer. */
  usedBySome(dr: DestinationRuleFact, target: HostTarget, clients: Iterable<string>): boolean {
    return this.answer(dr, target, clients).length > 0;
  }

  /** The kept answer (read-only: callers get copies). */
  private answer(dr: DestinationRuleFact, target: HostTarget, clients: Iterable<string>): readonly string[] {
    if (target.literal) return this.decide(dr, target, clients);
    if (memo.byNs !== this.lists || memo.rootNamespace !== this.rootNamespace) memo.adopt(this.lists, this.rootNamespace);
    const bucket = memo.bucket(target);
    const sig = signature(clients);
    const known = bucket.get(dr);
    if (known && known.clients === sig) return known.out;
    const out = this.decide(dr, target, clients);
    bucket.set(dr, { clients: sig, out });
    return out;
  }

  private decide(dr: DestinationRuleFact, target: HostTarget, clients: Iterable<string>): string[] {
    const out: string[] = [];
    for (const client of [...clients, OTHER_NAMESPACE]) {
      const chosen = this.choose(client, target);
      if (!chosen.some((e) => e.dr === dr)) continue;
      if (chosen.some((e) => e.dr !== dr && e.dr.tls.length > 0)) continue;
      out.push(client);
    }
    return out;
  }
}
