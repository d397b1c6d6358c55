/**
 * The smaller measurements: regex checks per second through the real engines, extension
 * activation cost, and the size of the packaged .vsix.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runNode } from './processes';
import type { ProgramSizeService } from '../server/src/core/services';

/**
 * Distinct patterns of the shapes found in VirtualServices and HTTPRoutes (paths, user
 * agents, origins, hosts), a few of them invalid for RE2 or Go. Every one is new to the
 * engines' verdict caches, so each check is judged afresh by both engines (by their parsers,
 * and by a full compile wherever a parse alone cannot prove the verdict: see
 * server/src/engines/parse-probe.ts).
 */
export function distinctPatterns(count: number): string[] {
  const shapes = [
    (i: number) => `^/api/v${i}/(users|orders)/[0-9]+$`,
    (i: number) => `.*(Android|iPhone|iPad)${i}.*`,
    (i: number) => `https://([a-z0-9-]+\\.)?team${i}\\.example\\.com`,
    (i: number) => `(?i)^/static/${i}/.*\\.(css|js|png)$`,
    (i: number) => `/catalog/item-${i}/[a-zA-Z0-9_-]{1,64}`,
    (i: number) => `^(GET|POST|PUT)${i}$`,
    (i: number) => `/api/(?!internal${i}).*`,
    (i: number) => `[a-z${i}`,
    (i: number) => `(?P<id${i}>[0-9]+)/details`,
    (i: number) => `\\p{Greek}+${i}`,
  ];
  return Array.from({ length: count }, (_, i) => shapes[i % shapes.length](i));
}

export interface RegexResult {
  patterns: number;
  engines: string[];
  /** The RE2 WebAssembly module measured: the one the build ships (dist/re2.wasm). */
  re2Module?: string;
  /** Distinct patterns judged by both engines per second (what a regex field costs). */
  checksPerSecond: number;
  perEngine: Record<string, number>;
  invalid: Record<string, number>;
  /** RE2 program-size checks (re2-size.wasm), each pattern new to its cache: per-pattern times. */
  programSize?: { p50Ms: number; p95Ms: number; maxMs: number; overLimit: number };
  error?: string;
}

/**
 * Both engines as the language server and the CLI run them: the engines' code, with RE2 on
 * the WebAssembly module the build ships (dist/re2.wasm, optimised by scripts/build.mjs), not
 * re2-wasm's unoptimised one in node_modules that unit tests use.
 */
export async function measureRegex(repo: string, count: number): Promise<RegexResult> {
  try {
    const { createEngines, re2FactoryFrom } = (await import(join(repo, 'server/src/engines/index.ts'))) as typeof import('../server/src/engines');
    const re2Factory = re2FactoryFrom(join(repo, 'dist'));
    const services = createEngines({ re2Factory });
    const engines = [services.re2, services.go];
    const patterns = distinctPatterns(count);
    // A short warm-up on other patterns, so module start-up and JIT are not counted.
    for (const p of distinctPatterns(200).map((p) => `warm${p}`)) for (const e of engines) e.check(p);
    const perEngine: Record<string, number> = {};
    const invalid: Record<string, number> = {};
    let total = 0;
    for (const e of engines) {
      let bad = 0;
      const t0 = performance.now();
      for (const p of patterns) if (!e.check(p).ok) bad++;
      const ms = performance.now() - t0;
      total += ms;
      perEngine[e.name] = count / (ms / 1000);
      invalid[e.name] = bad;
    }
    const programSize = services.programSize ? measureProgramSize(services.programSize, patterns) : undefined;
    return { patterns: count, engines: engines.map((e) => e.name), re2Module: 'dist/re2.wasm', checksPerSecond: count / (total / 1000), perEngine, invalid, programSize };
  } catch (e) {
    return { patterns: count, engines: [], checksPerSecond: NaN, perEngine: {}, invalid: {}, error: (e as Error).message.split('\n')[0] };
  }
}

/** Times each distinct pattern's program-size check alone (what regex-program-too-large adds per pattern). */
function measureProgramSize(service: ProgramSizeService, patterns: string[]): RegexResult['programSize'] {
  for (const p of distinctPatterns(200)) service.measure(`warm${p}`);
  const times: number[] = [];
  let overLimit = 0;
  for (const p of patterns) {
    const t0 = performance.now();
    const r = service.measure(p);
    times.push(performance.now() - t0);
    if (r.ok && r.size > 32768) overLimit++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50Ms: at(0.5), p95Ms: at(0.95), maxMs: times[times.length - 1], overLimit };
}

export interface ActivationResult {
  /** Loading the extension's main file (require). */
  requireMs: number;
  /** activate() until its promise settled. */
  activateMs: number;
  /** Activation as VS Code counts it: loading plus activate() until it settled. */
  totalMs: number;
  /** From loading the extension until it launched the language server (which may follow activation). */
  serverLaunchMs?: number;
  /** Process CPU time to the same two moments (steadier than wall time on a busy machine). */
  cpuMs?: number;
  serverLaunchCpuMs?: number;
  /** What ended the measurement (see bench/activation-child.cjs). */
  endedBy: string;
  error?: string;
}

/** Medians over `runs` fresh processes (module loading is what is measured, so no reuse), each number on its own. */
export function measureActivation(repo: string, runs: number): ActivationResult {
  const results: ActivationResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runNode([join(repo, 'bench/activation-child.cjs'), join(repo, 'dist/extension.js')], repo, 60_000);
    try {
      results.push(JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ActivationResult);
    } catch {
      return { requireMs: NaN, activateMs: NaN, totalMs: NaN, endedBy: 'error', error: (r.stderr || r.stdout).trim().split('\n')[0] };
    }
  }
  const median = (pick: (x: ActivationResult) => number | null | undefined) => {
    const xs = results.map((x) => pick(x) ?? NaN).sort((a, b) => a - b);
    return xs[xs.length >> 1];
  };
  const endings = [...new Set(results.map((x) => x.endedBy))];
  return {
    requireMs: median((x) => x.requireMs),
    activateMs: median((x) => x.activateMs),
    totalMs: median((x) => x.totalMs),
    serverLaunchMs: median((x) => x.serverLaunchMs),
    cpuMs: median((x) => x.cpuMs),
    serverLaunchCpuMs: median((x) => x.serverLaunchCpuMs),
    endedBy: endings.join('; '),
  };
}

export interface PackageResult {
  bytes: number;
  ms: number;
  error?: string;
}

/** `npm run package`, with the .vsix written under bench/out so the repo's copy is untouched. */
export function measurePackage(repo: string): PackageResult {
  const out = join(repo, 'bench/out');
  mkdirSync(out, { recursive: true });
  const vsix = join(out, 'istio-tips.vsix');
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', 'package', '--silent', '--', '-o', vsix], { cwd: repo, encoding: 'utf8', timeout: 300_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0 || !existsSync(vsix)) return { bytes: NaN, ms, error: (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ').slice(0, 300) };
  return { bytes: statSync(vsix).size, ms };
}
