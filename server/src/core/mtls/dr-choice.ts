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
import type { DestinationRuleFact } from './facts';
import type { HostTarget } from './hosts';

export interface DrEntry {
  dr: DestinationRuleFact;
  /** What the host matches (hosts Istio takes literally match nothing). */
  targets: HostTarget[];
  specificity: number;
}

/** A client namespace the workspace does not show (one with no DestinationRule of its own). */
export const OTHER_NAMESPACE = '\u0000other';

const exportSet = (dr: DestinationRuleFact): Set<string> => new Set(dr.workloadSelector ? ['.'] : (dr.exportTo ?? []));

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
    else if (e.specificity === best[0].specificity && hostKey(e.dr) === hostKey(best[0].dr)) best.push(e);
  }
  return best;
}

export class DrChooser {
  private readonly byNs = new Map<string, DrEntry[]>();

  constructor(
    entries: readonly DrEntry[],
    private readonly rootNamespace: string,
  ) {
    for (const e of entries) {
      const list = this.byNs.get(e.dr.namespace);
      if (list) list.push(e);
      else this.byNs.set(e.dr.namespace, [e]);
    }
  }

  /** The rules a client in `client` uses for `target` (several: merged rules of one host). */
  choose(client: string, target: HostTarget): DrEntry[] {
    const own = this.byNs.get(client) ?? [];
    const first = client !== this.rootNamespace ? own.filter((e) => visibleLocally(e.dr)) : own.filter((e) => privateOnly(e.dr));
    const local = mostSpecific(first, target);
    if (local.length) return local;
    for (const ns of [target.namespace, this.rootNamespace]) {
      const exported = mostSpecific((this.byNs.get(ns) ?? []).filter((e) => !privateOnly(e.dr)), target).filter((e) => exportedTo(e.dr, client));
      if (exported.length) return exported;
    }
    return [];
  }

  /**
   * The client namespaces (of `clients`, plus one the workspace does not show) whose proxies
   * certainly use `dr`'s TLS settings for `target`. A rule merged with another of the same
   * host that also sets TLS is left out: which one's traffic policy Istio keeps is the older's.
   */
  clientsUsing(dr: DestinationRuleFact, target: HostTarget, clients: Iterable<string>): string[] {
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
