/**
 * `istio-tips lint`: read the inputs, analyse them as one workspace (cross-file rules see
 * every file), optionally apply safe fixes, print findings, decide the exit code:
 *   0  no error-severity finding (or --exit-zero); with --diff: nothing would change
 *   1  at least one error, or more warnings than --max-warnings; with --diff: a fix would change a file
 *   2  usage, config or I/O error (after analysing whatever could be read)
 */
import { ALL_RULES, Analyzer, documentedRules } from '../core';
import { createEngines } from '../engines';
import type { LintCommand } from './args';
import { loadConfig } from './config-file';
import { fixWorkspace, analyzeAll, type FixResult, type WorkspaceAnalysis } from './fix';
import { formatJson } from './format-json';
import { formatSarif, type SarifNotice } from './format-sarif';
import { formatText } from './format-text';
import { unifiedDiff } from './unified-diff';
import { collectInputs, type SourceFile } from './inputs';
import type { CliIo } from './io';
import { countBySeverity, placeFindings, type PlacedFinding } from './report';
import { colorEnabled, makeStyle } from './style';
import { namedRoots, writeFixed } from './write-fixed';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function lintCommand(cmd: LintCommand, io: CliIo): Promise<number> {
  const { config, root } = loadConfig(io.cwd, cmd.config, cmd.rootNamespace, cmd.istioVersion);
  const style = makeStyle(colorEnabled(io.stdout, io.env, cmd.color));
  const errStyle = makeStyle(colorEnabled(io.stderr, io.env, cmd.color));
  const inputs = await collectInputs(cmd.paths, { cwd: io.cwd, config, root, readStdin: io.readStdin, stdinName: cmd.stdinFilename });
  const notices: SarifNotice[] = inputs.problems.map((p) => ({ ...p }));
  let ioError = inputs.ioError;

  const analyzer = new Analyzer({ rules: ALL_RULES, services: createEngines() });
  const byUri = new Map<string, SourceFile>(inputs.files.map((f) => [f.uri, f]));
  const texts = new Map(inputs.files.map((f) => [f.uri, f.text]));
  let state: WorkspaceAnalysis;
  let fixedTotal = 0;
  let fixedFiles = 0;
  let fixedUnsafe = 0;
  if (cmd.diff) {
    for (const n of inputs.problems) io.stderr.write(`${n.file}: ${n.level}: ${n.message}\n`);
    return diffCommand(cmd, io, inputs.files, fixWorkspace(analyzer, texts, config, { unsafe: cmd.unsafeFixes }), inputs.ioError);
  }
  if (cmd.fix) {
    const result = fixWorkspace(analyzer, texts, config, { unsafe: cmd.unsafeFixes });
    state = result;
    const roots = namedRoots(cmd.paths, io.cwd);
    let unwritten = false;
    for (const [uri, count] of result.fixed) {
      const file = byUri.get(uri);
      const text = result.texts.get(uri);
      if (!file?.path || text === undefined) continue;
      try {
        const outcome = writeFixed(file.path, (file.bom ? '\ufeff' : '') + text, roots);
        if (!outcome.written) {
          // Skipped, not failed: the exit code stays what the findings say.
          notices.push({ file: uri, level: 'warning', message: outcome.skipped });
          unwritten = true;
          continue;
        }
        file.text = text;
        fixedTotal += count;
        fixedUnsafe += result.unsafe.get(uri)?.length ?? 0;
        fixedFiles++;
      } catch (e) {
        notices.push({ file: uri, level: 'error', message: `cannot write the fixed file: ${(e as Error).message}` });
        ioError = true;
        unwritten = true;
      }
    }
    // A file that was not written is reported as it is on disk.
    if (unwritten) state = analyzeAll(analyzer, new Map(inputs.files.map((f) => [f.uri, f.text])), config);
  } else {
    state = analyzeAll(analyzer, texts, config);
  }

  // Analysis notes (templated documents) are informational: --quiet hides them.
  if (!cmd.quiet) for (const a of state.analyses) for (const n of a.notices) notices.push({ file: a.uri, level: 'note', message: n });

  let placed: PlacedFinding[] = [];
  const analysed = new Map(state.analyses.map((a) => [a.uri, a]));
  const textOf = (uri: string) => analysed.get(uri)?.text;
  for (const file of inputs.files) {
    const findings = state.findings.get(file.uri) ?? [];
    for (const p of placeFindings(file.uri, textOf(file.uri) ?? file.text, findings, textOf)) placed.push(p);
  }
  if (cmd.quiet) placed = placed.filter((f) => f.severity === 'error');
  const counts = countBySeverity(placed);

  for (const n of notices) {
    const label = n.level === 'error' ? errStyle.red('error') : n.level === 'warning' ? errStyle.yellow('warning') : errStyle.dim('note');
    io.stderr.write(`${n.file}: ${label}: ${n.message}\n`);
  }
  const unsafeNote = fixedUnsafe ? ` (${changeBehaviour(fixedUnsafe)}: review them)` : '';
  const fixLine = cmd.fix ? `✔ Fixed ${plural(fixedTotal, 'problem')} in ${plural(fixedFiles, 'file')}${unsafeNote}` : '';
  if (cmd.format === 'json') {
    io.stdout.write(formatJson(placed));
    if (fixLine) io.stderr.write(`${fixLine}\n`);
  } else if (cmd.format === 'sarif') {
    io.stdout.write(formatSarif(placed, documentedRules(), notices, ioError));
    if (fixLine) io.stderr.write(`${fixLine}\n`);
  } else {
    if (fixLine) io.stdout.write(`${style.green(fixLine)}\n`);
    io.stdout.write(formatText(placed, counts, inputs.files.length, style));
  }

  if (!inputs.files.length && !inputs.problems.length) {
    io.stderr.write(`istio-tips: no .yaml or .yml files found in ${cmd.paths.join(', ')}\n`);
  }
  if (ioError) return EXIT_USAGE;
  if (cmd.exitZero) return EXIT_OK;
  if (counts.error > 0) return EXIT_FINDINGS;
  if (cmd.maxWarnings !== undefined && counts.warning > cmd.maxWarnings) {
    io.stderr.write(`istio-tips: ${counts.warning} warnings is more than --max-warnings ${cmd.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;
const changeBehaviour = (n: number) => `${plural(n, 'fix')} that change${n === 1 ? 's' : ''} behaviour`;

/**
 * --diff: what --fix (with --unsafe-fixes, too) would write, as a unified diff on stdout;
 * nothing is written. Exit 1 when a file would change, 0 when none would, 2 on I/O errors.
 */
function diffCommand(cmd: LintCommand, io: CliIo, files: readonly SourceFile[], result: FixResult, ioError: boolean): number {
  let changed = 0;
  let fixes = 0;
  for (const file of files) {
    const after = result.texts.get(file.uri);
    if (after === undefined || after === file.text) continue;
    io.stdout.write(unifiedDiff(file.uri, file.text, after));
    changed++;
    fixes += result.fixed.get(file.uri) ?? 0;
  }
  const unsafe = [...result.unsafe.values()].reduce((n, list) => n + list.length, 0);
  const note = cmd.unsafeFixes && unsafe ? ` (${changeBehaviour(unsafe)})` : '';
  io.stderr.write(changed ? `Would fix ${plural(fixes, 'problem')} in ${plural(changed, 'file')}${note}\n` : 'No fixes to apply\n');
  if (ioError) return EXIT_USAGE;
  return changed ? EXIT_FINDINGS : EXIT_OK;
}
