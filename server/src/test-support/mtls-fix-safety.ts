/**
 * Test-only: what a fix does to traffic, in the mTLS model's terms. `modeSnapshot` lists the
 * effective peer-authentication mode of every namespace, workload and declared container port
 * of a workspace, and what every DestinationRule tls block sends; `assertSafeFixesKeepModes`
 * applies each safe fix of the mTLS rules and asserts the snapshot does not change.
 */
import assert from 'node:assert/strict';
import { Analyzer, buildIndex } from '../core/engine';
import { ALL_RULES } from '../core/registry';
import { defaultConfig, type Config } from '../core/config';
import { applyFixes } from '../core/edits';
import { MtlsWorld } from '../core/mtls/world';
import { lintWorkspace } from './rule-tester';

const mode = (m: string | undefined) => m ?? 'unknown';

/** One line per namespace, workload, workload port and tls block: its effective mode. */
export function modeSnapshot(files: Record<string, string>, config: Config = defaultConfig()): string[] {
  const a = new Analyzer({ rules: ALL_RULES });
  const world = new MtlsWorld(buildIndex(Object.entries(files).map(([u, t]) => a.analyzeFile(u, t, config)), config));
  const out: string[] = [`mesh ${mode(world.model.mesh().mode)}`];
  // The root namespace always exists (a fix may be the first resource written there).
  for (const ns of [...new Set([...world.namespaces, config.rootNamespace])].sort()) out.push(`namespace ${ns} ${mode(world.model.namespace(ns).mode)}`);
  for (const { value: w } of world.workloads) {
    out.push(`${w.kind} ${w.namespace}/${w.name} ${mode(world.workloadMode(w).mode)}`);
    for (const c of w.containers) for (const p of c.ports) out.push(`${w.kind} ${w.namespace}/${w.name}:${p.port} ${mode(world.workloadMode(w, p.port).mode)}`);
  }
  for (const { value: dr } of world.destinationRules) {
    for (const tls of dr.tls) for (const r of world.reaches(dr, tls)) out.push(`tls ${dr.namespace}/${dr.name} ${tls.level}${tls.port ?? ''}${tls.subset ?? ''} ${tls.mode} -> ${r.namespace}/${r.serviceName ?? '*'}:${r.containerPort ?? '?'} ${mode(r.decision.mode)}`);
  }
  return out.sort();
}

/** Applies every safe fix of an mTLS rule, one at a time, and asserts the snapshot is unchanged. Returns how many it checked. */
export function assertSafeFixesKeepModes(files: Record<string, string>, config: Partial<Config> = {}): number {
  const full = { ...defaultConfig(), ...config };
  const before = modeSnapshot(files, full);
  let checked = 0;
  for (const [uri, findings] of lintWorkspace(files, config)) {
    for (const f of findings) {
      if (!f.rule.startsWith('mtls-')) continue;
      for (const fix of f.fixes.filter((x) => x.safe)) {
        const after = modeSnapshot({ ...files, [uri]: applyFixes(files[uri], [fix]).text }, full);
        assert.deepEqual(after, before, `safe fix "${fix.title}" of ${f.rule} in ${uri} changes effective modes`);
        checked++;
      }
    }
  }
  return checked;
}
