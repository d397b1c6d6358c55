/**
 * In-process breakdown of opening the 2,000-document benchmark file: the analyzer's first
 * analysis of it and the first workspace pass, with the time of every document rule,
 * workspace rule and indexer, and the CPU of the main thread beside the process's (the rest
 * is V8's background work: optimising compiles and garbage collection). For finding where an
 * open's milliseconds go; `npm run bench -- --only open-defaults` measures what a client sees.
 *
 *   node --import tsx bench/open-profile.ts            a fresh analyzer, regex engines warmed as the server's idle warm-up does
 *   node --import tsx bench/open-profile.ts copies 3   then three more copies of the text under new URIs (the e2e "warm" opens)
 *   node --cpu-prof --import tsx bench/open-profile.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ALL_RULES, Analyzer, HOVER_PROVIDERS, defaultConfig, prepareCaseFolding, type FileAnalysis, type Indexer } from '../server/src/core';
import { createEngines, re2FactoryFrom } from '../server/src/engines';
import { ensureCorpus } from './corpus';

const repo = join(__dirname, '..');
const copies = process.argv[2] === 'copies' ? Number(process.argv[3] ?? 3) : 0;
const text = readFileSync(ensureCorpus(join(repo, 'bench/.corpus')).single.get(2000)!, 'utf8');

/** Milliseconds per rule or indexer since the last clear. */
const stages = new Map<string, number>();
function timed<A extends unknown[], R>(label: string, f: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    const t0 = performance.now();
    try {
      return f(...args);
    } finally {
      stages.set(label, (stages.get(label) ?? 0) + performance.now() - t0);
    }
  };
}
const indexers = new Set<Indexer>();
for (const rule of ALL_RULES) {
  const r = rule as { check: (...args: unknown[]) => unknown };
  r.check = timed(`${rule.scope === 'document' ? 'doc' : 'workspace'} ${rule.meta.id}`, r.check.bind(rule));
  if (rule.scope === 'workspace') rule.uses.forEach((ix) => indexers.add(ix));
}
for (const ix of indexers) ix.extract = timed(`indexer ${ix.key}`, ix.extract.bind(ix));

/** CPU milliseconds of the main thread alone (Linux; undefined elsewhere), in clock ticks of 10 ms. */
function mainThreadCpu(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
const processCpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function main(): Promise<void> {
  const dist = join(repo, 'dist');
  const services = createEngines(existsSync(join(dist, 're2.wasm')) ? { re2Factory: re2FactoryFrom(dist) } : {});
  // What the server's idle warm-up loads before a document arrives (lsp/warm-up.ts).
  for (const e of [services.re2, services.go]) e.check('^/api/v[0-9]{1,3}/(users|orders)(/.*)?$');
  prepareCaseFolding();
  const config = defaultConfig();
  const analyzer = new Analyzer({ rules: ALL_RULES, services, hoverProviders: HOVER_PROVIDERS });
  const files: FileAnalysis[] = [];
  for (let i = 0; i <= copies; i++) {
    stages.clear();
    const [m0, c0, t0] = [mainThreadCpu(), processCpu(), performance.now()];
    const file = analyzer.analyzeFile(`file:///bench/single-2000${i ? `-copy-${i}` : ''}.yaml`, text, config);
    const t1 = performance.now();
    files.push(file);
    const findings = analyzer.analyzeWorkspace(files, config, new Set([file.uri])).get(file.uri)!.length;
    const [m1, c1, t2] = [mainThreadCpu(), processCpu(), performance.now()];
    const cpu = m0 !== undefined && m1 !== undefined ? `, CPU: main thread ${m1 - m0} ms of the process's ${Math.round(c1 - c0)} ms` : `, process CPU ${Math.round(c1 - c0)} ms`;
    console.log(`${i ? `copy ${i}` : 'open'}: analyzeFile ${(t1 - t0).toFixed(0)} ms, workspace pass over ${files.length} file(s) ${(t2 - t1).toFixed(0)} ms${cpu}; ${findings} findings`);
    const rows = [...stages].sort((a, b) => b[1] - a[1]).slice(0, 15);
    for (const [k, v] of rows) console.log(`  ${v.toFixed(1).padStart(7)} ms  ${k}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
