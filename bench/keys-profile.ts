/**
 * In-process keystroke breakdown: the language service on the 2,000-document benchmark file,
 * typed into as `npm run bench -- --only keys` does, without a process boundary, with the time
 * of each stage (document analysis, workspace rules and findings, diagnostics, JSON) per
 * keystroke. For finding where a keystroke's milliseconds go; `npm run bench` measures the
 * latency a client sees.
 *
 *   node --import tsx bench/keys-profile.ts [regex|dr-host|mtls-mode] [edits] [finding-heavy]
 *   KEYS_PROFILE_RULES=1 node --import tsx bench/keys-profile.ts dr-host 200   (also each workspace rule's check)
 *   KEYS_PROFILE_CPU=keys.cpuprofile node --import tsx bench/keys-profile.ts dr-host 400   (a CPU profile of the keystrokes only)
 *   KEYS_PROFILE_HEAP=keys.heapprofile node --import tsx bench/keys-profile.ts dr-host 400  (where the keystrokes allocate: sampled, GC'd objects included)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver';
import { ALL_RULES, Analyzer, HOVER_PROVIDERS, RULE_IDS } from '../server/src/core';
import { createEngines } from '../server/src/engines';
import { LintService, type ServiceHost } from '../server/src/lsp/service';
import { EditableDocument } from '../server/src/lsp/text-document';
import { ensureCorpus } from './corpus';
import { editSite, type EditScenario } from './servers';
import { percentile } from './processes';

const scenario = (process.argv[2] ?? 'regex') as EditScenario;
const edits = Number(process.argv[3] ?? 100);
const repo = join(__dirname, '..');
const corpus = ensureCorpus(join(repo, 'bench/.corpus'));
const file = process.argv[4] === 'finding-heavy' ? corpus.findingHeavy : corpus.single.get(2000)!;
const text = readFileSync(file, 'utf8');
const uri = 'file:///bench/single-2000.yaml';

/** Milliseconds spent in each wrapped stage since the last `take()`. */
const stages = new Map<string, number>();
function wrap<T extends object>(proto: T, name: keyof T & string, label: string = name): void {
  const original = proto[name] as unknown as (...args: unknown[]) => unknown;
  (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      stages.set(label, (stages.get(label) ?? 0) + performance.now() - t0);
    }
  };
}
wrap(Analyzer.prototype, 'analyzeEdits');
wrap(Analyzer.prototype, 'analyzeFile');
wrap(Analyzer.prototype, 'analyzeWorkspace');
wrap(Analyzer.prototype as unknown as { runWorkspaceRules: unknown }, 'runWorkspaceRules');
// Each workspace rule's own check, when asked (the rules of a group whose facts held are not run, so they show no time).
if (process.env.KEYS_PROFILE_RULES) for (const r of ALL_RULES) if (r.scope === 'workspace') wrap(r, 'check', `  ${r.meta.id}`);

let waiter: { version: number; resolve: (n: number) => void } | undefined;
let diagnosticsSent = 0;
const host: ServiceHost = {
  publish(_uri: string, version: number | undefined, diagnostics: Diagnostic[]) {
    const t0 = performance.now();
    // What the connection does with it: one JSON message on the wire.
    const json = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: _uri, version, diagnostics } });
    stages.set('json', (stages.get('json') ?? 0) + performance.now() - t0);
    diagnosticsSent = diagnostics.length;
    if (waiter && version !== undefined && version >= waiter.version) waiter.resolve(json.length);
  },
  status() {},
  log() {},
  settings: async () => ({ debounce: 0, workspaceScan: false }),
};

async function main(): Promise<void> {
  const doc = new EditableDocument(uri, 'yaml', 1, text);
  const documents = { get: (u: string) => (u === uri ? doc : undefined) };
  const services = createEngines();
  const svc = new LintService(host, documents, { rules: ALL_RULES, services, hoverProviders: HOVER_PROVIDERS }, new Set(RULE_IDS));
  await svc.start([]);
  const wait = (version: number) => new Promise<number>((resolve) => (waiter = { version, resolve }));
  stages.clear();
  let t0 = performance.now();
  const opened = wait(1);
  svc.didOpen(uri);
  await opened;
  const openStages = [...stages].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  console.log(`open: ${(performance.now() - t0).toFixed(1)} ms, ${diagnosticsSent} diagnostics (${openStages} ms)`);
  const site = editSite(text, scenario);
  // The open is no part of it: the profile starts with the first keystroke.
  const profiler = process.env.KEYS_PROFILE_CPU || process.env.KEYS_PROFILE_HEAP ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    if (process.env.KEYS_PROFILE_CPU) {
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    } else {
      await profiler.post('HeapProfiler.enable');
      // Objects collected since count too: young garbage is what a keystroke's GC pauses are made of.
      await profiler.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
  }
  const latencies: number[] = [];
  const cpu: number[] = [];
  const totals = new Map<string, number[]>();
  stages.clear();
  for (let i = 0; i < edits; i++) {
    const version = 2 + i;
    const insert = i % 2 === 0;
    const range = { start: site, end: insert ? site : { line: site.line, character: site.character + 1 } };
    const got = wait(version);
    const c0 = process.cpuUsage();
    t0 = performance.now();
    doc.update([{ range, text: insert ? 'x' : '' }], version);
    svc.didChange(uri);
    await got;
    latencies.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    for (const [k, v] of stages) (totals.get(k) ?? totals.set(k, []).get(k)!).push(v);
    stages.clear();
  }
  if (profiler && process.env.KEYS_PROFILE_CPU) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(process.env.KEYS_PROFILE_CPU, JSON.stringify(profile));
  } else if (profiler) {
    const { profile } = await profiler.post('HeapProfiler.stopSampling');
    writeFileSync(process.env.KEYS_PROFILE_HEAP!, JSON.stringify(profile));
  }
  const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)}  p95 ${percentile(xs, 95).toFixed(2)}  max ${Math.max(...xs).toFixed(2)}`;
  console.log(`${scenario}, ${edits} edits, ${diagnosticsSent} diagnostics at the end`);
  console.log(`  keystroke → publish  ${fmt(latencies)}`);
  console.log(`  CPU of that         ${fmt(cpu)}`);
  for (const [k, v] of totals) console.log(`  ${k.padEnd(20)} ${fmt(v)}`);
  svc.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
