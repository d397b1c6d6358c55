/**
 * Language-server measurements, the same harness for Istio Tips and yaml-language-server:
 * didOpen → first publishDiagnostics, keystroke latency (one-character incremental edits in
 * the middle of the file), and the workspace scan (cross-file diagnostics after opening one
 * file of a 1,000-file folder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspSession, fileUri, type Publish, type ServerSpec } from './lsp-client';
import { percentile } from './processes';

/** Istio Tips runs with no debounce, so latencies are the server's own work. */
export function istioTipsSpec(repo: string, extra: Record<string, unknown> = {}): ServerSpec {
  return {
    name: 'istio-tips',
    command: process.execPath,
    args: [join(repo, 'dist/server.js'), '--stdio'],
    settings: { istioTips: { enable: true, run: 'onType', debounce: 0, workspaceScan: false, maxFileSize: 1 << 30, ...extra } },
  };
}

/** Name of Istio Tips run with the settings a user gets without touching any (debounce included). */
export const DEFAULT_SETTINGS_NAME = 'istio-tips (default settings)';

/** Istio Tips with no `istioTips` setting at all: what a user who changed nothing sees. */
export function istioTipsDefaultSpec(repo: string): ServerSpec {
  return { ...istioTipsSpec(repo), name: DEFAULT_SETTINGS_NAME, settings: { istioTips: {} } };
}

/** yaml-language-server waits this long after every change before validating (not configurable). */
export const YLS_VALIDATION_DELAY_MS = 200;

export function yamlLanguageServerSpec(repo: string): ServerSpec {
  const schema = fileUri(join(repo, 'bench/schema/istio-kinds.schema.json'));
  return {
    name: 'yaml-language-server',
    command: process.execPath,
    // Installed on demand by `npm run bench` (scripts/tools.mjs), not by npm ci.
    args: [join(repo, '.tools/node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    settings: {
      yaml: {
        validate: true,
        hover: false,
        completion: false,
        format: { enable: false },
        schemas: { [schema]: ['*.yaml', '*.yml'] },
        schemaStore: { enable: false, url: '' },
        kubernetesCRDStore: { enable: false },
        maxItemsComputed: 5000,
      },
      http: { proxy: '', proxyStrictSSL: false },
      '[yaml]': {},
      editor: { tabSize: 2 },
    },
  };
}

export interface OpenResult {
  server: string;
  docs: number;
  /** didOpen sent → first publishDiagnostics for the file. */
  ms: number;
  /** CPU the server used in that time (robust to other load on the machine). */
  cpuMs?: number;
  diagnostics: number;
  peakRssMB: number | undefined;
  error?: string;
  /** Every open's time when the result is the median of several (see medianOpen). */
  samplesMs?: number[];
}

/**
 * The run with the median time among several opens of the same file by the same server,
 * carrying every run's time: one open is a single sample on a VM whose speed swings within
 * minutes. A failed run counts as the slowest.
 */
export function medianOpen(runs: readonly OpenResult[]): OpenResult {
  const key = (o: OpenResult) => (Number.isFinite(o.ms) ? o.ms : Infinity);
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return { ...sorted[(sorted.length - 1) >> 1], samplesMs: runs.map((o) => o.ms) };
}

const sinceSent = (p: Publish, t0: number) => p.at - t0;

export async function measureOpen(spec: ServerSpec, file: string, docs: number, timeoutMs: number): Promise<OpenResult> {
  const session = await LspSession.start(spec);
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  try {
    let cpuAtPublish: number | undefined;
    const got = session.waitFor(uri, () => ((cpuAtPublish = session.cpuMs()), true), timeoutMs);
    const cpu0 = session.cpuMs();
    const t0 = performance.now();
    await session.open(uri, text);
    const p = await got;
    const cpuMs = cpu0 !== undefined && cpuAtPublish !== undefined ? cpuAtPublish - cpu0 : undefined;
    return { server: spec.name, docs, ms: sinceSent(p, t0), cpuMs, diagnostics: p.diagnostics.length, peakRssMB: session.peakRssMB() };
  } catch (e) {
    return { server: spec.name, docs, ms: NaN, diagnostics: 0, peakRssMB: session.peakRssMB(), error: (e as Error).message + stderrTail(session) };
  } finally {
    await session.stop();
  }
}

const stderrTail = (s: LspSession) => (s.stderr.trim() ? ` (stderr: ${s.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 200)})` : '');

/** What the keystroke benchmark types into. */
export type EditScenario = 'regex' | 'dr-host' | 'mtls-mode';

/**
 * Where to type, in the middle of the file: inside the first regex value after the middle
 * line (a VirtualService match: the product's core use), at the start of a
 * DestinationRule's `host` (changes cross-file facts, so workspace rules must run again), or
 * at the start of a PeerAuthentication's `mode` (the effective mTLS mode of its workloads
 * changes: the edit of the real-editor latency test).
 */
export function editSite(text: string, scenario: EditScenario): { line: number; character: number } {
  const lines = text.split('\n');
  const pattern = { regex: /^(\s+(?:- )?regex: ['"]?)\S/, 'dr-host': /^(  host: )[a-z]/, 'mtls-mode': /^(\s+mode: )STRICT/ }[scenario];
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const m = pattern.exec(lines[i]);
    if (m) return { line: i, character: m[1].length };
  }
  throw new Error(`no ${scenario} line after the middle of the file`);
}

export interface KeystrokeResult {
  server: string;
  docs: number;
  scenario: EditScenario;
  /** Which 2,000-document file: the benchmark corpus, or its finding-heavy variant (bench/corpus.ts). */
  file?: 'finding-heavy';
  /** Diagnostics in the last publish: what each keystroke's publish carries. */
  diagnostics?: number;
  edits: number;
  p50: number;
  p95: number;
  max: number;
  /** Latency minus the server's fixed validation delay (yaml-language-server only). */
  netP50?: number;
  netP95?: number;
  peakRssMB: number | undefined;
  error?: string;
}

/** Alternately inserts and deletes one character (`ch`); waits for the new version's diagnostics each time. */
async function typeAt(session: LspSession, uri: string, text: string, site: { line: number; character: number }, edits: number, timeoutMs: number, firstVersion: number, ch = 'x', last?: (p: Publish) => void) {
  const lines = text.split('\n');
  const offset = lines.slice(0, site.line).reduce((n, l) => n + l.length + 1, 0) + site.character;
  const withChar = text.slice(0, offset) + ch + text.slice(offset);
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = firstVersion + i;
    const insert = i % 2 === 0;
    const got = session.waitFor(uri, (p) => p.version === undefined || p.version >= version, timeoutMs);
    const t0 = performance.now();
    await session.change(uri, version, { ...site, deleteCount: insert ? 0 : 1, insert: insert ? ch : '' }, insert ? withChar : text);
    const p = await got;
    latencies.push(p.at - t0);
    last?.(p);
  }
  return latencies;
}

export async function measureKeystrokes(spec: ServerSpec, file: string, docs: number, scenario: EditScenario, edits: number, timeoutMs: number, fixedDelay = 0, variant?: 'finding-heavy'): Promise<KeystrokeResult> {
  const session = await LspSession.start(spec);
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  const label = variant ? { file: variant } : {};
  try {
    const opened = session.waitFor(uri, () => true, timeoutMs);
    await session.open(uri, text);
    await opened;
    let diagnostics = 0;
    const latencies = await typeAt(session, uri, text, editSite(text, scenario), edits, timeoutMs, 2, 'x', (p) => (diagnostics = p.diagnostics.length));
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    return {
      server: spec.name, docs, scenario, ...label, diagnostics, edits, p50, p95, max: Math.max(...latencies), peakRssMB: session.peakRssMB(),
      ...(fixedDelay ? { netP50: p50 - fixedDelay, netP95: p95 - fixedDelay } : {}),
    };
  } catch (e) {
    return { server: spec.name, docs, scenario, ...label, edits, p50: NaN, p95: NaN, max: NaN, peakRssMB: session.peakRssMB(), error: (e as Error).message + stderrTail(session) };
  } finally {
    await session.stop();
  }
}

export interface WorkspaceResult {
  files: number;
  opened: string;
  /** didOpen → first diagnostics of the opened file. */
  firstMs: number;
  /** didOpen → diagnostics that include every expected cross-file finding. */
  crossFileMs: number;
  expected: string[];
  /** Keystroke latencies on the opened file while the scan runs. */
  duringScanP95: number;
  duringScanMax: number;
  peakRssMB: number | undefined;
  error?: string;
}

/** `expected`: rule ids (with 1-based line) the opened file gets only in workspace mode. */
export async function measureWorkspace(spec: ServerSpec, folder: string, file: string, files: number, expected: Array<{ rule: string; line: number }>, timeoutMs: number): Promise<WorkspaceResult> {
  const session = await LspSession.start(spec, { folders: [folder] });
  const uri = fileUri(file);
  const text = readFileSync(file, 'utf8');
  const hasAll = (p: Publish) => expected.every((e) => p.diagnostics.some((d) => d.code === e.rule && d.range.start.line === e.line - 1));
  const base = { files, opened: file.slice(folder.length + 1), expected: expected.map((e) => `${e.rule}@${e.line}`) };
  try {
    const first = session.waitFor(uri, () => true, timeoutMs);
    const cross = session.waitFor(uri, hasAll, timeoutMs);
    const t0 = performance.now();
    await session.open(uri, text);
    const p1 = await first;
    // Type while the scan runs: the open file must not wait for it.
    let during: number[] = [];
    const site = /^([ \t]*)([a-z]\w*: )[a-z]/m.exec(text);
    if (site) {
      const line = text.slice(0, site.index).split('\n').length - 1;
      during = await typeAt(session, uri, text, { line, character: site[1].length + site[2].length }, 6, timeoutMs, 2);
    }
    const p2 = await cross;
    return {
      ...base, firstMs: p1.at - t0, crossFileMs: p2.at - t0, duringScanP95: percentile(during, 95),
      duringScanMax: during.length ? Math.max(...during) : NaN, peakRssMB: session.peakRssMB(),
    };
  } catch (e) {
    return { ...base, firstMs: NaN, crossFileMs: NaN, duringScanP95: NaN, duringScanMax: NaN, peakRssMB: session.peakRssMB(), error: (e as Error).message + stderrTail(session) };
  } finally {
    await session.stop();
  }
}
