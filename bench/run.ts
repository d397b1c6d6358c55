/**
 * `npm run bench`: builds the corpus, measures Istio Tips (CLI, language server, regex
 * engines, extension) and, in the same run on the same files, yaml-language-server and the
 * YAML libraries alone; prints a table and writes bench/out/results.json.
 *
 *   npm run bench                      everything (about 10 minutes on 2 cores)
 *   npm run bench -- --quick           sizes up to 2,000 documents, fewer repetitions
 *   npm run bench -- --only cli,floors sections: floors, cli, open, open-defaults, keys, workspace, regex, activation, package
 *   npm run bench -- --save            also copy the results to bench/results/latest.json (committed)
 *   npm run bench -- --markdown        print the README's Performance section from the last results
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCorpus, SINGLE_FILE_SIZES, FOLDER_SIZES } from './corpus';
import { measureCli, measureFloor, runNode, type CliResult, type FloorResult } from './processes';
import { istioTipsDefaultSpec, istioTipsSpec, measureKeystrokes, measureOpen, measureWorkspace, medianOpen, yamlLanguageServerSpec, YLS_VALIDATION_DELAY_MS, type KeystrokeResult, type OpenResult, type WorkspaceResult } from './servers';
import { measureActivation, measurePackage, measureRegex, type ActivationResult, type PackageResult, type RegexResult } from './misc';
import { evaluateTargets, markdown, printReport, type Results } from './report';

const repo = resolve(__dirname, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(argv[onlyArg + 1].split(',')) : undefined;
/** The server as a first run after an install sees it (see the open section). */
const UNCACHED = 'istio-tips (code cache off)';
const want = (section: string) => !only || only.has(section);
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => void (m.get(k) ?? m.set(k, []).get(k)!).push(v);

async function main(): Promise<void> {
  if (argv.includes('--markdown')) {
    // Prints the README's Performance section from the last run, measuring nothing.
    console.log(markdown(JSON.parse(readFileSync(join(repo, 'bench/out/results.json'), 'utf8')) as Results));
    return;
  }
  // The CLI and the server keep V8's code cache (server/src/boot/code-cache.ts): a folder of
  // the run's own, so that every run starts from none and no earlier build's cache counts.
  process.env.ISTIO_TIPS_CODE_CACHE = mkdtempSync(join(tmpdir(), 'istio-tips-bench-code-cache-'));
  log('corpus…');
  const corpus = ensureCorpus(join(repo, 'bench/.corpus'));
  const singles = SINGLE_FILE_SIZES.filter((n) => !quick || n <= 2000);
  const folders = FOLDER_SIZES.filter((n) => !quick || n <= 2000);
  const bytes = Object.fromEntries(singles.map((n) => [n, readFileSync(corpus.single.get(n)!).length]));
  const haveCli = existsSync(join(repo, 'dist/cli.js'));
  const haveServer = existsSync(join(repo, 'dist/server.js'));
  const missing = (what: string) => log(`${what} not built: skipped (run npm run build)`);

  const results: Results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGB: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${process.platform} ${release()}`, loadBefore: loadavg() },
    corpus: { singleFileBytes: bytes, folders: [...folders] },
    floors: [], cli: [], open: [], keystrokes: [], workspace: undefined, regex: undefined, activation: undefined, package: undefined, targets: [],
  };

  if (want('floors')) {
    for (const n of singles) {
      for (const lib of ['yaml', 'js-yaml', 'lexer'] as FloorResult['lib'][]) {
        log(`floor ${lib} ${n} docs…`);
        results.floors.push(measureFloor(repo, lib, corpus.single.get(n)!, n));
      }
    }
  }

  if (want('cli')) {
    if (!haveCli) missing('dist/cli.js');
    else {
      for (const n of singles) {
        log(`cli single file ${n} docs…`);
        results.cli.push(measureCli(repo, corpus.root, `single-${n}.yaml`, n, quick ? 1 : 3));
      }
      for (const n of folders) {
        log(`cli folder of ${n} files…`);
        results.cli.push(measureCli(repo, corpus.root, `files-${n}`, n, n >= 20000 || quick ? 1 : 3));
      }
    }
  }

  const yls = yamlLanguageServerSpec(repo);
  const ours = istioTipsSpec(repo);
  if (want('open')) {
    for (const n of singles) {
      const file = corpus.single.get(n)!;
      // The two servers take turns, so both see the machine as it is in the same minutes.
      const runs = quick || n >= 20000 ? 1 : 5;
      const byServer = new Map<string, OpenResult[]>();
      for (let i = 0; i < runs; i++) {
        if (haveServer) {
          log(`server didOpen ${n} docs (istio-tips)${runs > 1 ? `, run ${i + 1} of ${runs}` : ''}…`);
          push(byServer, ours.name, await measureOpen(ours, file, n, 120_000));
        }
        log(`server didOpen ${n} docs (yaml-language-server)${runs > 1 ? `, run ${i + 1} of ${runs}` : ''}…`);
        push(byServer, yls.name, await measureOpen(yls, file, n, n >= 20000 ? 240_000 : 120_000));
        if (haveServer && n === 2000) {
          // What the very first run after an install or upgrade sees: no code cache yet.
          log(`server didOpen ${n} docs (istio-tips, code cache off)${runs > 1 ? `, run ${i + 1} of ${runs}` : ''}…`);
          push(byServer, UNCACHED, await measureOpen({ ...ours, name: UNCACHED, env: { ISTIO_TIPS_CODE_CACHE: 'off' } }, file, n, 120_000));
        }
      }
      if (!haveServer) missing('dist/server.js');
      for (const list of byServer.values()) results.open.push(medianOpen(list));
    }
  }

  if (haveServer && (want('open') || want('open-defaults'))) results.open.push(await openWithDefaults(corpus.single.get(2000)!, quick ? 3 : 5));

  if (want('keys')) {
    const file = corpus.single.get(2000)!;
    if (haveServer) {
      // Debounce 0 (the server's own work) and the settings a user gets by default, side by side.
      const defaults = istioTipsDefaultSpec(repo);
      for (const scenario of ['regex', 'dr-host', 'mtls-mode'] as const) {
        for (const spec of [ours, defaults]) {
          log(`keystrokes 2,000 docs, ${scenario} (${spec.name})…`);
          results.keystrokes.push(await measureKeystrokes(spec, file, 2000, scenario, 50, 60_000));
        }
      }
      // Hundreds of findings published on every keystroke: the path where each finding's cost shows.
      for (const scenario of ['regex', 'dr-host'] as const) {
        log(`keystrokes 2,000 docs, finding-heavy file, ${scenario} (${defaults.name})…`);
        results.keystrokes.push(await measureKeystrokes(defaults, corpus.findingHeavy, 2000, scenario, 50, 60_000, 0, 'finding-heavy'));
      }
      if (!quick) {
        log('keystrokes 20,000 docs (istio-tips)…');
        results.keystrokes.push(await measureKeystrokes(ours, corpus.single.get(20000)!, 20000, 'regex', 50, 120_000));
      }
    } else missing('dist/server.js');
    log('keystrokes 2,000 docs (yaml-language-server)…');
    results.keystrokes.push(await measureKeystrokes(yls, file, 2000, 'regex', quick ? 6 : 20, 120_000, YLS_VALIDATION_DELAY_MS));
  }

  if (want('workspace')) {
    if (!haveServer || !haveCli) missing('dist/server.js or dist/cli.js');
    else results.workspace = await workspaceScan(corpus.folder.get(1000)!, corpus.root);
  }

  if (want('regex')) {
    log('regex engines…');
    results.regex = await measureRegex(repo, quick ? 2000 : 10000);
  }
  if (want('activation')) {
    if (existsSync(join(repo, 'dist/extension.js'))) {
      log('extension activation…');
      results.activation = measureActivation(repo, quick ? 5 : 9);
    } else missing('dist/extension.js');
  }
  if (want('package')) {
    log('npm run package…');
    results.package = measurePackage(repo);
  }

  rmSync(process.env.ISTIO_TIPS_CODE_CACHE, { recursive: true, force: true });
  results.machine.loadAfter = loadavg();
  results.targets = evaluateTargets(results);
  printReport(results);
  const outDir = join(repo, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  log(`wrote ${join(outDir, 'results.json')}`);
  if (argv.includes('--save')) {
    mkdirSync(join(repo, 'bench/results'), { recursive: true });
    copyFileSync(join(outDir, 'results.json'), join(repo, 'bench/results/latest.json'));
    log('copied to bench/results/latest.json');
  }
}

/**
 * Issue 15's open: the 2,000-document file opened in a server that runs with the settings a
 * user gets without touching any, didOpen → first publishDiagnostics over stdio; the median of
 * `runs` fresh servers (the server's own work for the open; the editor's share is test/e2e's).
 */
async function openWithDefaults(file: string, runs: number): Promise<OpenResult> {
  const spec = istioTipsDefaultSpec(repo);
  const list: OpenResult[] = [];
  for (let i = 0; i < runs; i++) {
    log(`server didOpen 2000 docs (${spec.name}), run ${i + 1} of ${runs}…`);
    list.push(await measureOpen(spec, file, 2000, 120_000));
  }
  return medianOpen(list);
}

/**
 * Finds a file of the folder whose findings differ between linting it alone and linting the
 * whole folder (cross-file findings), then measures how soon the server shows them.
 */
async function workspaceScan(folder: string, corpusRoot: string): Promise<WorkspaceResult | undefined> {
  log('workspace: finding a file with cross-file findings (CLI)…');
  const name = folder.slice(corpusRoot.length + 1);
  const all = JSON.parse(runNode([join(repo, 'dist/cli.js'), 'lint', '--format', 'json', name], corpusRoot).stdout || '{"findings":[]}') as { findings: Array<{ file: string; rule: string; line: number }> };
  const byFile = new Map<string, Array<{ rule: string; line: number }>>();
  for (const f of all.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), { rule: f.rule, line: f.line }]);
  const candidates = [...byFile.keys()].sort((a, b) => Number(/destinationrule/.test(b)) - Number(/destinationrule/.test(a)));
  for (const file of candidates.slice(0, 12)) {
    const alone = JSON.parse(runNode([join(repo, 'dist/cli.js'), 'lint', '--format', 'json', file], corpusRoot).stdout || '{"findings":[]}') as { findings: Array<{ rule: string; line: number }> };
    const cross = byFile.get(file)!.filter((f) => !alone.findings.some((g) => g.rule === f.rule && g.line === f.line));
    if (!cross.length) continue;
    log(`workspace: ${file} gets ${cross.map((c) => c.rule).join(', ')} only from other files; measuring…`);
    const files = readdirSync(folder).filter((f) => f.endsWith('.yaml')).length;
    return measureWorkspace(istioTipsSpec(repo, { workspaceScan: true }), folder, join(corpusRoot, file), files, cross, 60_000);
  }
  log('workspace: no file with cross-file findings (no cross-file rules registered yet?): skipped');
  return undefined;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

export type { CliResult, OpenResult, KeystrokeResult, RegexResult, ActivationResult, PackageResult };
