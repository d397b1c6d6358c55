/**
 * Hover for the mTLS model: on a PeerAuthentication mode, the effective mode of its scope
 * and which policy decides it; on a DestinationRule `tls.mode`, what each destination's
 * server accepts; on a workload's name, its sidecar and effective mode per port.
 */
import type { ResourceDoc } from '../document/resource';
import type { HoverContext, HoverProvider, HoverResult } from '../hover';
import { WORKLOAD_KINDS } from '../kinds';
import type { FactEntry, Indexer, WorkspaceIndex } from '../rule';
import type { Span } from '../types';
import { describeDecision, describeReach, resourceRef } from './describe';
import { formatLabels, selects } from './fact-read';
import { DESTINATION_RULES, PEER_AUTHENTICATIONS, WORKLOADS, type DestinationRuleFact, type DrTlsFact, type PeerAuthnFact, type WorkloadFact } from './facts';
import type { Decision, EffectiveMode } from './model';
import { describeMeshSource } from './mesh-settings';
import { MtlsWorld } from './world';

const MAX_LINES = 8;
const inside = (offset: number, s: Span | undefined): s is Span => !!s && offset >= s.start && offset <= s.end;
const sameDoc = (a: FactEntry<unknown>, b: FactEntry<unknown>) => a.doc.uri === b.doc.uri && a.doc.index === b.doc.index;

/** The workspace facts with this document's facts taken from its current text. */
function withDocument(ws: WorkspaceIndex, doc: ResourceDoc, uri: string): WorkspaceIndex {
  const ref = { uri, index: doc.index, apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name, namespace: doc.namespace };
  // Memoized: rules and the model compare facts by identity.
  const cache = new Map<string, ReadonlyArray<FactEntry<unknown>>>();
  return {
    config: ws.config,
    facts<T>(ix: Indexer<T>): ReadonlyArray<FactEntry<T>> {
      let entries = cache.get(ix.key);
      if (!entries) {
        const others = ws.facts(ix).filter((e) => !(e.doc.uri === uri && e.doc.index === doc.index));
        const own = ix.kinds.includes(doc.kind) ? ix.extract(doc, ws.config).map((value) => ({ doc: ref, value })) : [];
        entries = [...others, ...own];
        cache.set(ix.key, entries);
      }
      return entries as ReadonlyArray<FactEntry<T>>;
    },
  };
}

const TLS_MEANING: Record<string, string> = {
  DISABLE: 'plaintext; overrides auto mTLS',
  SIMPLE: 'TLS with your own CA to verify the server; no client certificate; not Istio mTLS',
  MUTUAL: 'mutual TLS with your own certificates; not Istio mTLS',
  ISTIO_MUTUAL: 'Istio mTLS with mesh certificates; overrides auto mTLS (sidecar-less destinations refuse it)',
};

/** What a server in `server` mode does with a client in `client` TLS mode. */
function verdict(client: string, server: EffectiveMode | undefined): string {
  if (server === undefined) return 'cannot tell';
  if (client === 'DISABLE') return server === 'STRICT' ? '**refused** (503 UF / reset)' : 'accepted';
  if (client === 'ISTIO_MUTUAL') return server === 'DISABLE' ? '**refused** (handshake fails)' : 'accepted';
  return server === 'STRICT' ? '**refused** (not an Istio certificate)' : 'passed to the application as TLS (works only if it terminates TLS)';
}

function policyHover(world: MtlsWorld, p: FactEntry<PeerAuthnFact>, port: number | undefined): string[] {
  const root = world.config.rootNamespace;
  const v = p.value;
  const lines: string[] = [];
  if (v.rejected) return ['**Rejected by the API server** (portLevelMtls without a selector, or a mode outside the enum): this policy never exists in a cluster, so it decides nothing.'];
  let decision: Decision;
  if (!v.selector && !v.selectorUnknown) {
    const mesh = v.namespace === root;
    decision = mesh ? world.model.mesh() : world.model.namespace(v.namespace);
    lines.push(mesh ? `**Mesh-wide policy** (root namespace \`${root}\`): applies to every namespace without its own policy.` : `**Namespace-wide policy** for \`${v.namespace}\`.`);
    const copies = world.model.widePolicies(v.namespace).filter((x) => !sameDoc(x, p));
    if (copies.length) lines.push(`Competing policies for the same scope (Istio applies only the oldest): ${copies.map(resourceRef).join(', ')}.`);
    if (mesh) {
      const own = [...world.namespaces].filter((ns) => ns !== root && world.model.widePolicies(ns).length).sort();
      if (own.length) lines.push(`Namespaces with their own policy: ${own.slice(0, MAX_LINES).map((ns) => `\`${ns}\` (${world.model.namespace(ns).mode ?? 'unknown'})`).join(', ')}.`);
    }
  } else if (v.namespace === root) {
    return [`**Ignored by Istio**: a policy with a selector in the root namespace \`${root}\` has no effect.`];
  } else {
    const labels = v.selector ?? {};
    decision = world.model.workload({ namespace: v.namespace, labels, port, partial: true });
    lines.push(`**Workload policy** for pods labelled ${formatLabels(labels)} in \`${v.namespace}\`${port !== undefined ? `, port ${port}` : ''}.`);
    const pods = world.workloads.filter((w) => w.value.namespace === v.namespace && selects(labels, w.value.labels));
    if (pods.length) lines.push(`Selects: ${pods.slice(0, MAX_LINES).map((w) => `${w.value.kind} "${w.value.name ?? '?'}"`).join(', ')}.`);
  }
  lines.push(`Effective mode: ${describeDecision(decision, root)}.`);
  if (decision.mode !== undefined && !(decision.policy && sameDoc(decision.policy, p))) lines.push('This value does not decide: it inherits (UNSET) or is overridden.');
  lines.push(...meshLines(world));
  lines.push('Enforced only where a sidecar (or ztunnel) receives the traffic: pods without one, the API server and istiod never refuse plaintext.');
  return lines;
}

/** Which meshConfig values the verdicts use, and who decided them (settings, a workspace source, Istio's default). */
function meshLines(world: MtlsWorld): string[] {
  const { rootNamespace: root, enableAutoMtls: auto } = world.mesh;
  const lines = [`Root namespace \`${root.value}\` (meshConfig.rootNamespace): ${root.from}.`];
  const other = root.sources.filter((s) => s.field.value !== root.value);
  if (root.disputed) lines.push(`The workspace's meshConfig sources disagree on rootNamespace: ${root.disputed}.`);
  else if (other.length) lines.push(`Your setting overrides ${other.map((s) => `${describeMeshSource(s.entry)} (${s.field.value})`).join(', ')}.`);
  if (auto.disputed) lines.push(`The workspace's meshConfig sources disagree on enableAutoMtls: ${auto.disputed}.`);
  else if (!auto.value) lines.push(`Auto mTLS is off (meshConfig.enableAutoMtls: false, ${auto.from}): clients send plaintext unless a DestinationRule sets ISTIO_MUTUAL.`);
  for (const e of world.mesh.unreadable) lines.push(`${describeMeshSource(e)}: ${e.value.unreadable}; its meshConfig is not taken into account.`);
  return lines;
}

function tlsHover(world: MtlsWorld, dr: FactEntry<DestinationRuleFact>, tls: DrTlsFact): string[] {
  const mode = tls.mode ?? '?';
  const lines = [`**tls.mode ${mode}**${tls.implicit ? ' (not written: DISABLE is the default)' : ''}: ${TLS_MEANING[mode] ?? 'not a valid mode'}.`];
  const reaches = world.reaches(dr.value, tls);
  if (!reaches.length) {
    lines.push('No destination of the workspace uses this rule for this host (no match, a more specific rule wins, or exportTo hides it; hosts with a dot are taken literally).');
    return lines;
  }
  const auto = world.mesh.enableAutoMtls;
  if (!auto.value) lines.push(`Auto mTLS is off (meshConfig.enableAutoMtls: false, ${auto.from}): ports without a tls block get plaintext.`);
  lines.push('Destinations and what their server accepts:');
  for (const r of reaches.slice(0, MAX_LINES)) {
    const sidecar =
      r.sidecar.state === 'none'
        ? ` — no sidecar (${r.sidecar.reason}): peer authentication is not enforced`
        : r.sidecar.state === 'ambient'
          ? ' — ambient: sidecars and waypoints reach it over HBONE (mTLS) whatever this block says'
          : r.uncaptured
            ? ' — the sidecar does not intercept this port: not enforced'
            : r.sidecar.state === 'unknown'
              ? ` — sidecar unknown (${r.sidecar.reason}): the verdict holds only if it is injected`
              : '';
    lines.push(`- ${describeReach(r)}: ${describeDecision(r.decision, world.config.rootNamespace)} → ${verdict(mode, r.decision.mode)}${sidecar}`);
  }
  if (reaches.length > MAX_LINES) lines.push(`- … and ${reaches.length - MAX_LINES} more`);
  if (reaches.some((r) => r.decision.mode === 'STRICT') || mode === 'DISABLE') {
    lines.push('Migration order: change this rule while the server is still PERMISSIVE, confirm mTLS in the metrics (connection_security_policy="mutual_tls"), then switch to STRICT.');
  }
  return lines;
}

function workloadHover(world: MtlsWorld, w: WorkloadFact): string[] {
  const root = world.config.rootNamespace;
  const status = world.sidecar(w);
  const lines = [`**mTLS for ${w.kind} "${w.name ?? '?'}"** in \`${w.namespace}\``];
  lines.push(`Sidecar: ${status.state === 'sidecar' ? 'injected' : status.state === 'none' ? 'none' : status.state === 'ambient' ? 'none (ambient mode: ztunnel handles mTLS)' : 'unknown'}, because ${status.reason}.`);
  const decision = world.workloadMode(w);
  lines.push(`Mode: ${describeDecision(decision, root)}.`);
  for (const c of w.containers) {
    for (const p of c.ports) {
      const d = world.workloadMode(w, p.port);
      if (d.mode !== decision.mode || d.level === 'port') lines.push(`- port ${p.port}: ${describeDecision(d, root)}`);
    }
  }
  if (status.state === 'none' && decision.mode === 'STRICT') lines.push('Without a sidecar this workload cannot call STRICT services, and STRICT does not protect it.');
  return lines;
}

function result(at: Span, lines: string[]): HoverResult {
  return { start: at.start, end: at.end, markdown: lines.join('\n\n') };
}

export const mtlsHover: HoverProvider = {
  id: 'mtls-effective-mode',
  kinds: ['PeerAuthentication', 'DestinationRule', ...WORKLOAD_KINDS],
  hover(doc: ResourceDoc, offset: number, ctx: HoverContext): HoverResult | undefined {
    const ws = withDocument(ctx.workspace, doc, ctx.uri);
    const mine = <T>(ix: Indexer<T>) => ws.facts(ix).filter((e) => e.doc.uri === ctx.uri && e.doc.index === doc.index);
    if (doc.kind === 'PeerAuthentication') {
      const [p] = mine(PEER_AUTHENTICATIONS);
      if (!p) return undefined;
      const port = p.value.ports.find((x) => inside(offset, x.at));
      const at = port?.at ?? (inside(offset, p.value.modeAt) ? p.value.modeAt : undefined);
      return at ? result(at, policyHover(MtlsWorld.of(ws), p, port?.port)) : undefined;
    }
    if (doc.kind === 'DestinationRule') {
      const [dr] = mine(DESTINATION_RULES);
      const tls = dr?.value.tls.find((t) => inside(offset, t.modeAt ?? t.tlsKey));
      return dr && tls ? result(tls.modeAt ?? tls.tlsKey, tlsHover(MtlsWorld.of(ws), dr, tls)) : undefined;
    }
    const [w] = mine(WORKLOADS);
    if (!w || !inside(offset, w.value.anchor)) return undefined;
    return result(w.value.anchor, workloadHover(MtlsWorld.of(ws), w.value));
  },
};
