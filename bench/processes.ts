/**
 * Measurements that run a whole process: the CLI on corpus files and folders, and the YAML
 * libraries alone (floors). Wall time is taken around the child; peak RSS comes from
 * GNU time (`%M`, KiB) so it covers the child's whole life, including start-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProcessRun {
  ms: number;
  /** User + system CPU time of the child: unlike wall time, barely affected by other load. */
  cpuMs: number | undefined;
  maxRssMB: number | undefined;
  status: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `node args…` to completion; peak RSS via GNU time when it is installed. */
export function runNode(args: string[], cwd: string, timeoutMs = 600_000): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'istio-tips-bench-'));
  const rssFile = join(dir, 'rss');
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const res = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  let maxRssMB: number | undefined;
  let cpuMs: number | undefined;
  if (useTime && existsSync(rssFile)) {
    // The last line holds the format; earlier ones say "Command exited with non-zero status".
    const [kb, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(kb)) maxRssMB = kb / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000;
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms, cpuMs, maxRssMB, status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

export interface CliResult {
  target: string;
  docs: number;
  ms: number;
  cpuMs: number | undefined;
  maxRssMB: number | undefined;
  findings: number | undefined;
  byRule: Record<string, number>;
  status: number | null;
  error?: string;
}

/** `istio-tips lint --format json target`, `runs` times; the median run is kept. */
export function measureCli(repo: string, corpusRoot: string, target: string, docs: number, runs: number): CliResult {
  const results: CliResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runNode([join(repo, 'dist/cli.js'), 'lint', '--format', 'json', target], corpusRoot);
    let findings: number | undefined;
    const byRule: Record<string, number> = {};
    let error: string | undefined;
    try {
      const out = JSON.parse(r.stdout) as { findings: Array<{ rule: string }> };
      findings = out.findings.length;
      for (const f of out.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    } catch {
      error = `exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}`;
    }
    if (r.status !== 0 && r.status !== 1) error ??= `exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`;
    results.push({ target, docs, ms: r.ms, cpuMs: r.cpuMs, maxRssMB: r.maxRssMB, findings, byRule, status: r.status, error });
  }
  const mid = median(results.map((r) => r.ms));
  return results.find((r) => r.ms === mid) ?? results[0];
}

export interface FloorResult {
  lib: 'yaml' | 'js-yaml' | 'lexer';
  docs: number;
  /** Parse time inside the process (no start-up). */
  ms: number;
  maxRssMB: number | undefined;
  error?: string;
}

export function measureFloor(repo: string, lib: FloorResult['lib'], file: string, docs: number): FloorResult {
  const r = runNode([join(repo, 'bench/floor-child.mjs'), lib, file], repo);
  try {
    const out = JSON.parse(r.stdout) as { ms: number };
    return { lib, docs, ms: out.ms, maxRssMB: r.maxRssMB };
  } catch {
    return { lib, docs, ms: NaN, maxRssMB: r.maxRssMB, error: r.stderr.trim().split('\n')[0] };
  }
}
