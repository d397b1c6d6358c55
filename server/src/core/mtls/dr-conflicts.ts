/**
 * Shared by the rules that compare a DestinationRule's client TLS with the server's
 * peer-authentication mode: which `tls` blocks meet which modes, and the common fixes.
 */
import type { FactEntry, RelatedInput, ReportInput, WorkspaceContext, WorkspaceIndex } from '../rule';
import type { Fix, Span } from '../types';
import type { Decision, PolicyEntry } from './model';
import { describeDecision, describeReach, fileName, reachHost } from './describe';
import type { DestinationRuleFact, DrTlsFact } from './facts';
import { MtlsWorld, type Reach } from './world';

export interface TlsConflict {
  dr: FactEntry<DestinationRuleFact>;
  tls: DrTlsFact;
  /** Destinations where the conflict is certain, first one first. */
  hits: Reach[];
  /** The block also reaches a destination known to have no sidecar (ISTIO_MUTUAL would break it). */
  sidecarless?: boolean;
}

/** `tls` blocks whose mode is in `modes`, with the destinations of known mode that `accept` takes. */
function blocksReaching(world: MtlsWorld, modes: readonly string[], accept: (r: Reach) => boolean): TlsConflict[] {
  const out: TlsConflict[] = [];
  for (const dr of world.destinationRules) {
    for (const tls of dr.value.tls) {
      if (tls.mode === undefined || !modes.includes(tls.mode)) continue;
      const reaches = world.reaches(dr.value, tls);
      const hits = reaches.filter((r) => r.decision.mode !== undefined && accept(r));
      if (hits.length) out.push({ dr, tls, hits, ...(reaches.some((r) => reachesSidecarless(world, r)) ? { sidecarless: true } : {}) });
    }
  }
  return out;
}

/** A destination without a sidecar, or (for a namespace wildcard) a namespace holding a workload without one. */
function reachesSidecarless(world: MtlsWorld, r: Reach): boolean {
  if (r.sidecar.state === 'none') return true;
  return r.serviceName === undefined && world.workloads.some((w) => w.value.namespace === r.namespace && world.sidecar(w.value).state === 'none');
}

/**
 * Where a sidecar enforces peer authentication: not without one, not on a port it does not
 * intercept, and not on ambient destinations (reached over HBONE whatever the tls block says).
 */
export const sidecarEnforced = (r: Reach): boolean => r.sidecar.state !== 'none' && r.sidecar.state !== 'ambient' && !r.uncaptured;

/** `tls` blocks whose mode is in `modes` and that reach a sidecar-enforced destination `conflicts` accepts. */
export const tlsConflicts = (world: MtlsWorld, modes: readonly string[], conflicts: (r: Reach) => boolean): TlsConflict[] =>
  blocksReaching(world, modes, (r) => sidecarEnforced(r) && conflicts(r));

/** `tls` blocks whose mode is in `modes` and that reach ambient destinations `conflicts` accepts. */
export const ambientConflicts = (world: MtlsWorld, modes: readonly string[], conflicts: (r: Reach) => boolean): TlsConflict[] =>
  blocksReaching(world, modes, (r) => r.sidecar.state === 'ambient' && conflicts(r));

/** What a conflict rule adds to a finding: the range and the message data are common to all of them. */
export type ConflictFinding = Pick<ReportInput, 'messageId' | 'severity' | 'fixes'>;

/**
 * Reports every `tls` block whose mode is in `modes` and reaches a destination whose mTLS mode
 * is `serverMode`, on the block's mode, with `conflictData`; `finding` adds the rest.
 */
export function reportTlsConflicts(
  ws: WorkspaceIndex,
  ctx: WorkspaceContext,
  modes: readonly string[],
  serverMode: string,
  finding: (c: TlsConflict) => ConflictFinding,
): TlsConflict[] {
  const world = MtlsWorld.of(ws);
  const conflicts = tlsConflicts(world, modes, (r) => r.decision.mode === serverMode);
  for (const c of conflicts) {
    ctx.report(c.dr.doc, { ...modeRange(c.tls), data: conflictData(c, world.config.rootNamespace), related: deciders(c, world.config.rootNamespace), ...finding(c) });
  }
  return conflicts;
}

/** Where a decision's mode is written: the port's mode, the policy's mode, or the policy itself. */
export function decisionRange(d: Decision): Span | undefined {
  const p = d.policy?.value;
  if (!p) return undefined;
  const at = (d.port !== undefined ? p.ports.find((x) => x.port === d.port)?.at : undefined) ?? p.modeAt ?? p.anchor;
  return { start: at.start, end: at.end };
}

/** The policy that decided `d`, as a related location (none for the default). */
export function policyRelated(d: Decision, rootNamespace: string): RelatedInput[] {
  const range = decisionRange(d);
  return range && d.policy ? [{ at: d.policy.doc, ...range, message: `Mode ${describeDecision(d, rootNamespace)}` }] : [];
}

/** The policies that decide the modes a conflict meets, as related locations (once each). */
export function deciders(c: TlsConflict, rootNamespace: string): RelatedInput[] {
  const out: RelatedInput[] = [];
  const seen = new Set<unknown>();
  for (const r of c.hits) {
    const range = decisionRange(r.decision);
    if (!range || seen.has(r.decision.policy)) continue;
    seen.add(r.decision.policy);
    out.push({ at: r.decision.policy!.doc, ...range, message: `Mode ${describeDecision(r.decision, rootNamespace)}; toward ${describeReach(r)}` });
  }
  return out;
}

/**
 * The other side of a conflict: on each deciding policy, one finding listing the `tls` blocks
 * its mode breaks (with their ranges), so whoever edits the policy sees what it breaks.
 */
export function reportPolicySide(ctx: WorkspaceContext, conflicts: readonly TlsConflict[], messageId: string, rootNamespace: string): void {
  const byPolicy = new Map<PolicyEntry, TlsConflict[]>();
  for (const c of conflicts) {
    for (const r of c.hits) {
      const p = r.decision.policy;
      if (!p) continue;
      const list = byPolicy.get(p) ?? [];
      if (!list.includes(c)) list.push(c);
      byPolicy.set(p, list);
    }
  }
  for (const [policy, list] of byPolicy) {
    const d = list[0].hits.find((r) => r.decision.policy === policy)!.decision;
    const names = list.map((c) => `"${c.dr.value.name ?? '?'}" (${fileName(c.dr.doc.uri)})`);
    const shown = names.slice(0, 2).join(', ') + (names.length > 2 ? ` and ${names.length - 2} more` : '');
    ctx.report(policy.doc, {
      ...decisionRange(d)!,
      messageId,
      severity: 'info',
      data: { mode: d.mode ?? '', count: String(list.length), rules: shown, s: list.length > 1 ? 's' : '' },
      related: list.map((c) => ({ at: c.dr.doc, ...modeRange(c.tls), message: `tls.mode ${c.tls.mode}${conflictData(c, rootNamespace).where} toward ${describeReach(c.hits[0])}` })),
    });
  }
}

/** Message data shared by the TLS conflict rules. */
export function conflictData(c: TlsConflict, rootNamespace: string): Record<string, string> {
  const [first] = c.hits;
  const hosts = new Set(c.hits.map(reachHost));
  const more = hosts.size > 1 ? ` (+${hosts.size - 1} more)` : '';
  const where = c.tls.level === 'top' ? '' : c.tls.level === 'port' ? ` for port ${c.tls.port}` : c.tls.level === 'subset' ? ` for subset ${c.tls.subset}` : ` for subset ${c.tls.subset}, port ${c.tls.port}`;
  return {
    mode: c.tls.mode ?? '',
    where,
    // Messages stay short: the deciding policy and the full detail are related locations and hover.
    target: `${reachHost(first)}${more}`,
    decision: describeDecision(first.decision, rootNamespace),
    note: first.sidecar.state === 'unknown' ? ' (if injected)' : '',
  };
}

/**
 * The modes a `tls` block falls back to when it is deleted: the next level up for its port
 * or subset (subset port → subset → top-level port → top). Empty: auto mTLS takes over.
 */
export function fallbackModes(dr: DestinationRuleFact, tls: DrTlsFact): Array<string | undefined> {
  const find = (level: DrTlsFact['level'], subset?: string, port?: number) => dr.tls.filter((t) => t !== tls && t.level === level && t.subset === subset && (port === undefined || t.port === port));
  switch (tls.level) {
    case 'top':
      return [];
    case 'port':
      return find('top').map((t) => t.mode);
    case 'subset':
      return [...find('port'), ...find('top')].map((t) => t.mode);
    case 'subset-port': {
      const own = find('subset', tls.subset);
      if (own.length) return own.map((t) => t.mode);
      const port = find('port', undefined, tls.port);
      return (port.length ? port : find('top')).map((t) => t.mode);
    }
  }
}

/** Deletes the `tls` block when what remains sends Istio mTLS (auto mTLS or an inherited ISTIO_MUTUAL). */
export function removeTlsFix(c: TlsConflict): Fix | undefined {
  if (!c.tls.remove) return undefined;
  // A port entry that keeps other settings has no tls once this is gone: auto mTLS, not the top level.
  const fallback = c.tls.entryKept ? [] : fallbackModes(c.dr.value, c.tls);
  if (!fallback.every((m) => m === 'ISTIO_MUTUAL')) return undefined;
  const how = fallback.length ? 'it then inherits ISTIO_MUTUAL' : 'auto mTLS then sends Istio mTLS to sidecars and plaintext to pods without one';
  // Not equivalent (traffic switches to mTLS), hence not safe; but it is what the server requires.
  // Migration order: the change is outage-free only while the server still accepts plaintext.
  return { title: `Remove this tls block: ${how} (changes traffic to mTLS; do it while the server is PERMISSIVE)`, safe: false, preferred: true, edits: [c.tls.remove] };
}

export function istioMutualFix(c: TlsConflict, preferred: boolean): Fix | undefined {
  // Never toward destinations known to have no sidecar: they cannot terminate Istio mTLS.
  if (!c.tls.setIstioMutual || c.sidecarless) return undefined;
  return {
    title: 'Set tls.mode to ISTIO_MUTUAL (forces Istio mTLS: destinations without a sidecar will refuse it)',
    safe: false,
    preferred,
    edits: [c.tls.setIstioMutual],
  };
}

/** The range to report a `tls` block's mode on: its value, or the `tls` key when the mode is implicit. */
export const modeRange = (tls: DrTlsFact) => (tls.modeAt ? { start: tls.modeAt.start, end: tls.modeAt.end } : tls.tlsKey);
