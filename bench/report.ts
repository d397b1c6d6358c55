/** The benchmark's result shape, the targets from the issue, and the printed table. */
import type { CliResult, FloorResult } from './processes';
import { DEFAULT_SETTINGS_NAME, type KeystrokeResult, type OpenResult, type WorkspaceResult } from './servers';
import type { ActivationResult, PackageResult, RegexResult } from './misc';

export interface Target {
  name: string;
  target: string;
  value: string;
  pass: boolean | undefined;
}

export interface Results {
  date: string;
  machine: { cpu: string; cores: number; memGB: number; node: string; os: string; loadBefore?: number[]; loadAfter?: number[] };
  corpus: { singleFileBytes: Record<string, number>; folders: number[] };
  floors: FloorResult[];
  cli: CliResult[];
  open: OpenResult[];
  keystrokes: KeystrokeResult[];
  workspace: WorkspaceResult | undefined;
  regex: RegexResult | undefined;
  activation: ActivationResult | undefined;
  package: PackageResult | undefined;
  targets: Target[];
}

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);
const mb = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : `${Math.round(x)} MB`);
const ratio = (a: number | undefined, b: number | undefined) => (a && b && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(1)}×` : 'n/a');
const known = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const cliFile = (r: Results, docs: number) => r.cli.find((c) => c.target === `single-${docs}.yaml`);
const floor = (r: Results, lib: FloorResult['lib'], docs: number) => r.floors.find((f) => f.lib === lib && f.docs === docs);
const opened = (r: Results, server: string, docs: number) => r.open.find((o) => o.server === server && o.docs === docs);

/** Which opens are medians of several runs, with every run's time (undefined when none is). */
function openSamples(r: Results): string | undefined {
  const sampled = r.open.filter((o) => (o.samplesMs?.length ?? 0) > 1 && o.server !== DEFAULT_SETTINGS_NAME);
  if (!sampled.length) return undefined;
  const runs = sampled.map((o) => `${o.server} ${o.docs.toLocaleString('en-US')}: ${o.samplesMs!.map((x) => Math.round(x)).join(' / ')} ms`);
  const uncached = sampled.find((o) => o.server.includes('code cache off'));
  const first = uncached
    ? ` A first run after installing has no code cache yet (V8's compiled code, kept per user: server/src/boot/code-cache.ts); with it off, the ${uncached.docs.toLocaleString('en-US')}-document open took ${ms(uncached.ms)} (median), ${ratio(opened(r, 'yaml-language-server', uncached.docs)?.ms, uncached.ms)} faster than yaml-language-server.`
    : '';
  return `Server opens below 20,000 documents are the median of ${sampled[0].samplesMs!.length} runs, the servers taking turns: ${runs.join('; ')}.${first}`;
}

export function evaluateTargets(r: Results): Target[] {
  const t: Target[] = [];
  const ours2k = opened(r, 'istio-tips', 2000);
  const yls2k = opened(r, 'yaml-language-server', 2000);
  const speedup = ours2k && yls2k && known(ours2k.ms) && known(yls2k.ms) ? yls2k.ms / ours2k.ms : undefined;
  t.push({ name: 'first diagnostics, 2,000 docs: speed-up over yaml-language-server', target: '≥ 5×', value: speedup ? `${speedup.toFixed(1)}× (${ms(ours2k?.ms)} vs ${ms(yls2k?.ms)})` : 'n/a', pass: speedup === undefined ? undefined : speedup >= 5 });
  const keys = r.keystrokes.find((k) => k.server === 'istio-tips' && k.docs === 2000 && !k.file && k.scenario === 'regex');
  t.push({ name: 'keystroke re-lint, 2,000 docs, p95', target: '≤ 10 ms', value: ms(keys?.p95), pass: known(keys?.p95) ? keys!.p95 <= 10 : undefined });
  // Issue 15: with default settings, cross-file edits included.
  const byDefault = r.keystrokes.filter((k) => k.server === DEFAULT_SETTINGS_NAME && k.docs === 2000 && !k.file);
  const worst = (f: (k: KeystrokeResult) => number) => (byDefault.length ? Math.max(...byDefault.map(f)) : undefined);
  const p50 = worst((k) => k.p50);
  const p95 = worst((k) => k.p95);
  t.push({ name: 'keystroke → diagnostics, default settings, 2,000 docs, p50 (worst of regex, DR host and mTLS mode edits)', target: '≤ 10 ms', value: ms(p50), pass: known(p50) ? p50! <= 10 : undefined });
  t.push({ name: 'keystroke → diagnostics, default settings, 2,000 docs, p95 (worst of regex, DR host and mTLS mode edits)', target: '≤ 30 ms', value: ms(p95), pass: known(p95) ? p95! <= 30 : undefined });
  const big = cliFile(r, 20000);
  const yamlBig = floor(r, 'yaml', 20000);
  t.push({ name: 'CLI, 20,000-doc file, wall time', target: '≤ 2 s', value: ms(big?.ms), pass: known(big?.ms) && !big?.error ? big!.ms <= 2000 : undefined });
  t.push({ name: 'CLI, 20,000-doc file, peak RSS', target: '≤ 400 MB', value: mb(big?.maxRssMB), pass: known(big?.maxRssMB) && !big?.error ? big!.maxRssMB! <= 400 : undefined });
  t.push({
    name: 'CLI, 20,000-doc file, vs `yaml` parseAllDocuments alone (time, RSS)',
    target: '< ½ and < ½',
    value: big && yamlBig ? `${ratio(big.ms, yamlBig.ms)} time, ${ratio(big.maxRssMB, yamlBig.maxRssMB)} RSS` : 'n/a',
    pass: big && yamlBig && known(big.ms) && known(yamlBig.ms) && !big.error ? big.ms < yamlBig.ms / 2 && (big.maxRssMB ?? Infinity) < (yamlBig.maxRssMB ?? 0) / 2 : undefined,
  });
  const ws = r.workspace;
  t.push({ name: 'workspace of 1,000 files: first cross-file diagnostics', target: '≤ 3 s', value: ms(ws?.crossFileMs), pass: known(ws?.crossFileMs) ? ws!.crossFileMs <= 3000 : undefined });
  t.push({ name: 'workspace: open file diagnostics while the scan runs (max)', target: 'not blocked (≤ 100 ms)', value: ms(ws?.duringScanMax), pass: known(ws?.duringScanMax) ? ws!.duringScanMax <= 100 : undefined });
  const act = r.activation;
  t.push({
    name: 'extension activation (loading + activate(), as VS Code counts it)',
    target: '≤ 50 ms',
    value: known(act?.serverLaunchMs) ? `${ms(act!.totalMs)} (server launched at ${ms(act!.serverLaunchMs)})` : ms(act?.totalMs),
    pass: known(act?.totalMs) ? act!.totalMs <= 50 : undefined,
  });
  const pkg = r.package;
  t.push({ name: '.vsix size', target: '≤ 2 MB', value: known(pkg?.bytes) ? `${(pkg!.bytes / 1e6).toFixed(2)} MB` : 'n/a', pass: known(pkg?.bytes) ? pkg!.bytes <= 2 * 1024 * 1024 : undefined });
  const rx = r.regex;
  t.push({ name: 'distinct regex checks per second (RE2 + Go engines)', target: '≥ 5,000/s', value: known(rx?.checksPerSecond) ? `${Math.round(rx!.checksPerSecond).toLocaleString('en-US')}/s` : 'n/a', pass: known(rx?.checksPerSecond) ? rx!.checksPerSecond >= 5000 : undefined });
  const ps = rx?.programSize;
  t.push({ name: 'RE2 program-size check per distinct pattern, p95', target: '< 1 ms', value: ps ? `${ps.p95Ms.toFixed(3)} ms` : 'n/a', pass: ps ? ps.p95Ms < 1 : undefined });
  return t;
}

export function printReport(r: Results): void {
  const out: string[] = [];
  out.push(`Istio Tips benchmark — ${r.date}`);
  out.push(`machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGB} GB, node ${r.machine.node}, ${r.machine.os}`);
  if (r.machine.loadBefore) out.push(`load average (1/5/15 min) before: ${r.machine.loadBefore.map((x) => x.toFixed(2)).join(' ')}, after: ${(r.machine.loadAfter ?? []).map((x) => x.toFixed(2)).join(' ')}`);
  const sizes = Object.keys(r.corpus.singleFileBytes).map(Number);
  out.push(`corpus: ${sizes.map((n) => `${n.toLocaleString('en-US')} docs = ${(r.corpus.singleFileBytes[n] / 1e6).toFixed(2)} MB`).join('; ')}`);

  out.push('', 'One multi-document file: time to diagnostics (peak RSS)');
  const rows = sizes.map((n) => {
    const cli = cliFile(r, n);
    const ours = opened(r, 'istio-tips', n);
    const yls = opened(r, 'yaml-language-server', n);
    const cell = (x: { ms: number; maxRssMB?: number; peakRssMB?: number; error?: string } | undefined) =>
      !x ? '—' : x.error && !known(x.ms) ? 'failed' : `${ms(x.ms)} (${mb(x.maxRssMB ?? x.peakRssMB)})`;
    const y = floor(r, 'yaml', n);
    const j = floor(r, 'js-yaml', n);
    return [n.toLocaleString('en-US'), cell(cli), cell(ours), cell(yls), ratio(yls?.ms, ours?.ms), cell(y), cell(j)];
  });
  out.push(table(['docs', 'istio-tips CLI', 'istio-tips server', 'yaml-language-server', 'speed-up', 'yaml parse only', 'js-yaml load only'], rows));
  out.push('  CLI: whole process (start-up included). Servers: didOpen → first publishDiagnostics. Floors: parse time inside the process.');
  const cpuRows = r.open.filter((o) => o.cpuMs !== undefined);
  if (cpuRows.length) out.push(`  Server CPU from didOpen to diagnostics: ${cpuRows.map((o) => `${o.server} ${o.docs.toLocaleString('en-US')}: ${ms(o.cpuMs)}`).join(', ')}`);
  out.push(`  yaml-language-server waits ${200} ms after open/change before validating (built in); its times include that.`);
  const sampled = openSamples(r);
  if (sampled) out.push(`  ${sampled}`);
  const byDefault = opened(r, DEFAULT_SETTINGS_NAME, 2000);
  if (byDefault) out.push(`  Open with default settings, 2,000 docs (issue 15): ${ms(byDefault.ms)} median of ${(byDefault.samplesMs ?? []).map((x) => Math.round(x)).join(' / ')} ms, CPU ${ms(byDefault.cpuMs)}, ${byDefault.diagnostics} diagnostics${byDefault.error ? `; ERROR ${byDefault.error}` : ''}`);

  const folders = r.cli.filter((c) => c.target.startsWith('files-'));
  if (folders.length) {
    out.push('', 'One file per document (CLI, whole folder as one workspace)');
    out.push(table(['files', 'wall', 'CPU', 'peak RSS', 'findings'], folders.map((c) => [c.docs.toLocaleString('en-US'), c.error ? 'failed' : ms(c.ms), ms(c.cpuMs), mb(c.maxRssMB), String(c.findings ?? 'n/a')])));
  }
  const findings = r.cli.filter((c) => c.target.startsWith('single-') && c.findings !== undefined);
  if (findings.length) {
    out.push('', 'CLI CPU time (user + system) on the single files: ' + findings.map((c) => `${c.docs.toLocaleString('en-US')}: ${ms(c.cpuMs)}`).join(', '));
    out.push('', 'Findings in the single files (CLI): ' + findings.map((c) => `${c.docs}: ${c.findings}`).join(', '));
    const last = findings[findings.length - 1];
    out.push(`  by rule (${last.docs} docs): ${Object.entries(last.byRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  }
  if (r.keystrokes.length) {
    out.push('', 'Keystroke latency (one-character incremental change mid-file → new diagnostics)');
    out.push(table(['server', 'docs', 'typing into', 'diagnostics', 'edits', 'p50', 'p95', 'max', 'p95 minus built-in delay', 'peak RSS'], r.keystrokes.map((k) => [
      k.server, docsLabel(k), { regex: 'a regex', 'dr-host': 'a DR host', 'mtls-mode': 'an mTLS mode' }[k.scenario], k.diagnostics !== undefined ? String(k.diagnostics) : '—', String(k.edits), ms(k.p50), ms(k.p95), ms(k.max), k.netP95 !== undefined ? ms(k.netP95) : '—', mb(k.peakRssMB),
    ])));
    out.push('  "a DR host" changes cross-file facts, so the workspace rules run again; "a regex" does not.');
    out.push('  "finding-heavy": the corpus with two mistakes in every app, so every keystroke publishes hundreds of diagnostics.');
  }
  if (r.workspace) {
    const w = r.workspace;
    out.push('', `Workspace scan: ${w.files} files, opened ${w.opened} (cross-file: ${w.expected.join(', ')})`);
    out.push(`  first diagnostics ${ms(w.firstMs)}, cross-file diagnostics ${ms(w.crossFileMs)}, edits during the scan p95 ${ms(w.duringScanP95)} max ${ms(w.duringScanMax)}, peak RSS ${mb(w.peakRssMB)}${w.error ? `; ERROR ${w.error}` : ''}`);
  }
  if (r.regex) {
    const x = r.regex;
    out.push('', `Regex: ${x.patterns.toLocaleString('en-US')} distinct patterns: ${Object.entries(x.perEngine).map(([k, v]) => `${k} ${Math.round(v).toLocaleString('en-US')}/s (${x.invalid[k]} rejected)`).join(', ')}; both engines ${Math.round(x.checksPerSecond).toLocaleString('en-US')}/s${x.error ? `; ERROR ${x.error}` : ''}`);
  }
  if (r.activation) {
    const a = r.activation;
    out.push(`Activation (as VS Code counts it): ${ms(a.totalMs)}, require ${ms(a.requireMs)} + activate() ${ms(a.activateMs)}, CPU ${ms(a.cpuMs)}; server launched at ${ms(a.serverLaunchMs)}, CPU ${ms(a.serverLaunchCpuMs)} (ended by ${a.endedBy})${a.error ? `; ERROR ${a.error}` : ''}`);
  }
  if (r.package) out.push(`Package: .vsix ${known(r.package.bytes) ? `${(r.package.bytes / 1e6).toFixed(2)} MB` : 'n/a'}${r.package.error ? `; ERROR ${r.package.error}` : ''}`);

  const errors = [...r.cli, ...r.open, ...r.keystrokes].filter((x) => x.error);
  if (errors.length) {
    out.push('', 'Errors:');
    for (const e of errors) out.push(`  ${'server' in e ? e.server : 'cli'} ${'target' in e ? e.target : e.docs}: ${e.error}`);
  }
  out.push('', 'Targets (GitHub issue 6)');
  out.push(table(['', 'target', 'measured', 'result'], r.targets.map((t) => [t.name, t.target, t.value, t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'FAIL'])));
  console.log(out.join('\n'));
}

/** The README's Performance section body, from one run's results. */
export function markdown(r: Results): string {
  const out: string[] = [];
  const day = r.date.slice(0, 10);
  out.push(`Measured by \`npm run bench\` on ${day}: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGB} GB RAM, Node ${r.machine.node}, ${r.machine.os}. ` +
    'Every number below comes from that one run, on the same generated files (`bench/corpus.ts`: rendered-chart style Deployments, Services, ' +
    'VirtualServices with regex matches, DestinationRules, PeerAuthentications, Gateways, HTTPRoutes, ConfigMaps… about one app in twelve with a planted mistake). ' +
    'yaml-language-server validates against a JSON schema for the same kinds (`bench/schema/`); it waits a fixed 200 ms after each open or change before validating, which its times include.' +
    (r.machine.loadBefore ? ` Load average during the run (other work on the machine): ${r.machine.loadBefore[0].toFixed(1)} at the start, ${(r.machine.loadAfter ?? [NaN])[0].toFixed(1)} at the end.` : ''));
  out.push('');
  out.push('| documents (one file) | size | `istio-tips lint` (whole process) | Istio Tips server: open → diagnostics | yaml-language-server: open → diagnostics | speed-up | `yaml` parse only | `js-yaml` load only |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of Object.keys(r.corpus.singleFileBytes).map(Number)) {
    const cell = (x: { ms: number; maxRssMB?: number; peakRssMB?: number; error?: string } | undefined) =>
      !x ? '—' : x.error && !known(x.ms) ? 'failed' : `${ms(x.ms)}, ${mb(x.maxRssMB ?? x.peakRssMB)}`;
    const ours = opened(r, 'istio-tips', n);
    const yls = opened(r, 'yaml-language-server', n);
    out.push(`| ${n.toLocaleString('en-US')} | ${(r.corpus.singleFileBytes[n] / 1e6).toFixed(2)} MB | ${cell(cliFile(r, n))} | ${cell(ours)} | ${cell(yls)} | ${ratio(yls?.ms, ours?.ms)} | ${cell(floor(r, 'yaml', n))} | ${cell(floor(r, 'js-yaml', n))} |`);
  }
  out.push('');
  const sampled = openSamples(r);
  if (sampled) out.push(sampled, '');
  out.push('Times with peak resident memory. The parse-only columns are the time `yaml`\'s `parseAllDocuments` and `js-yaml`\'s `loadAll` need for the same file inside a running process: floors for any tool built on them.');
  const folders = r.cli.filter((c) => c.target.startsWith('files-'));
  if (folders.length) {
    out.push('');
    out.push(`One file per document, linted as one workspace: ${folders.map((c) => `${c.docs.toLocaleString('en-US')} files ${ms(c.ms)} (${mb(c.maxRssMB)})`).join(', ')}.`);
  }
  if (r.keystrokes.length) {
    out.push('');
    out.push('Keystroke latency: a one-character incremental change in the middle of the file, until the new diagnostics arrive (50 edits, typing and deleting a letter; yaml-language-server fewer):');
    out.push('');
    out.push('| server | documents | typing into | p50 | p95 |');
    out.push('|---|---:|---|---:|---:|');
    for (const k of r.keystrokes) {
      out.push(`| ${k.server} | ${docsLabel(k)} | ${{ regex: 'a regex', 'dr-host': 'a DestinationRule host (cross-file facts change)', 'mtls-mode': 'a PeerAuthentication mode (effective mTLS changes)' }[k.scenario]} | ${ms(k.p50)} | ${ms(k.p95)}${k.netP95 !== undefined ? ` (${ms(k.netP95)} without its 200 ms delay)` : ''} |`);
    }
  }
  const w = r.workspace;
  if (w) {
    out.push('');
    out.push(`Workspace of ${w.files.toLocaleString('en-US')} files: the opened file's own diagnostics after ${ms(w.firstMs)}, cross-file diagnostics (from the background scan) after ${ms(w.crossFileMs)}; edits during the scan answered within ${ms(w.duringScanMax)}.`);
  }
  const extras: string[] = [];
  if (r.regex && known(r.regex.checksPerSecond)) extras.push(`${Math.round(r.regex.checksPerSecond).toLocaleString('en-US')} distinct regexes judged per second by both engines (RE2 as in Envoy, Go regexp as in Istio's webhook)`);
  const act = r.activation;
  if (act && known(act.totalMs)) {
    const launch = known(act.serverLaunchMs) ? `; the language client, loaded once activate() has returned, launches the server ${ms(act.serverLaunchMs)} after loading began` : '';
    extras.push(`extension activation ${ms(act.totalMs)} as VS Code counts it (loading ${ms(act.requireMs)}, activate() ${ms(act.activateMs)})${launch}`);
  }
  if (r.package && known(r.package.bytes)) extras.push(`.vsix ${(r.package.bytes / 1e6).toFixed(2)} MB`);
  if (extras.length) {
    out.push('');
    out.push(`Also: ${extras.join('; ')}.`);
  }
  out.push('');
  out.push('Targets (GitHub issue 6):');
  out.push('');
  out.push('| target | goal | measured | |');
  out.push('|---|---|---|---|');
  for (const t of r.targets) out.push(`| ${t.name} | ${t.target} | ${t.value} | ${t.pass === undefined ? 'n/a' : t.pass ? 'met' : '**not met**'} |`);
  return out.join('\n');
}

/** The documents of a keystroke run's file, and which variant of the corpus it is. */
function docsLabel(k: KeystrokeResult): string {
  return `${k.docs.toLocaleString('en-US')}${k.file ? ` (${k.file})` : ''}`;
}
