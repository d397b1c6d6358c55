/**
 * Runs the bundled CLI (`node dist/cli.js`, built by `npm run build`) the way users do,
 * in temporary directories populated per test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { documentedRules, findRule, lintFiles, defaultConfig, type FileFinding } from '../../server/src/core';
import { createEngines } from '../../server/src/engines';

export const ROOT = join(__dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');

if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first (npm test does)');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // Colour decisions are tested explicitly; inherit none from the test runner.
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (res.error) throw res.error;
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory with `files` (relative path -> content) written into it. */
export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'istio-tips-cli-'));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

export function json(result: CliResult): { findings: Array<Record<string, unknown> & { file: string; rule: string; line: number }> } {
  return JSON.parse(result.stdout);
}

/**
 * A Service with an invalid double-quoted escape in the value at line 10, column 18 (yaml-syntax error, safe fix).
 * A Service annotation, so no regex or mTLS rule has an opinion about it.
 */
export const BAD_ESCAPE = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: reviews',
  '  namespace: bookinfo',
  '  labels:',
  '    app: reviews',
  '  annotations:',
  '    owner: team-reviews',
  '    description: "\\d+ reviews"',
  'spec:',
  '  selector:',
  '    app: reviews',
  '  ports:',
  '  - port: 9080',
  '',
].join('\n');

export const CLEAN = [
  'apiVersion: networking.istio.io/v1',
  'kind: DestinationRule',
  'metadata:',
  '  name: reviews',
  '  namespace: bookinfo',
  'spec:',
  '  host: reviews.bookinfo.svc.cluster.local',
  '  subsets:',
  '  - name: v1',
  '    labels:',
  '      version: v1',
  '',
].join('\n');

/** In-process findings with the real engines, to compare the CLI against. */
export function lintInProcess(files: Record<string, string>): Map<string, FileFinding[]> {
  return lintFiles(files, defaultConfig(), createEngines());
}

/** Several files as one workspace, in process. */
export function lintAll(files: Record<string, string>): Map<string, FileFinding[]> {
  return lintFiles(files, defaultConfig(), createEngines());
}

export function isRegistered(id: string): boolean {
  return findRule(id) !== undefined;
}

export { documentedRules };
