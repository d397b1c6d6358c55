/**
 * `istio-tips lint`: read the inputs, analyse them as one workspace (cross-file rules see
 * every file), optionally apply safe fixes, print findings, decide the exit code:
 *   0  no error-severity finding (or --exit-zero)
 *   1  at least one error, or more warnings than --max-warnings
 *   2  usage, config or I/O error (after analysing whatever could be read)
 */
import { chmodSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ALL_RULES, Analyzer, documentedRules } from '../core';
import { createEngines } from '../engines';
import type { LintCommand } from './args';
import { loadConfig } from './config-file';
import { fixWorkspace, analyzeAll, type WorkspaceAnalysis } from './fix';
import { formatJson } from './format-json';
import { formatSarif, type SarifNotice } from './format-sarif';
import { formatText } from './format-text';
import { collectInputs, type SourceFile } from './inputs';
import type { CliIo } from './io';
import { countBySeverity, placeFindings, type PlacedFinding } from './report';
import { colorEnabled, makeStyle } from './style';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Writes through a temporary file and a rename, so a crash never leaves half a manifest. */
function writeAtomically(file: string, text: string): void {
  // Through a symlink, replace the target rather than the link.
  const path = realpathSync(file);
  const tmp = join(dirname(path), `.${basename(path)}.istio-tips-${process.pid}.tmp`);
  const mode = statSync(path).mode;
  try {
    writeFileSync(tmp, text, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}

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
  if (cmd.fix) {
    const result = fixWorkspace(analyzer, texts, config);
    state = result;
    for (const [uri, count] of result.fixed) {
      const file = byUri.get(uri);
      const text = result.texts.get(uri);
      if (!file?.path || text === undefined) continue;
      try {
        writeAtomically(file.path, (file.bom ? '\ufeff' : '') + text);
        file.text = text;
        fixedTotal += count;
        fixedFiles++;
      } catch (e) {
        notices.push({ file: uri, level: 'error', message: `cannot write the fixed file: ${(e as Error).message}` });
        ioError = true;
      }
    }
    // A file that could not be written is reported as it is on disk.
    if (ioError) state = analyzeAll(analyzer, new Map(inputs.files.map((f) => [f.uri, f.text])), config);
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
  const fixLine = cmd.fix ? `✔ Fixed ${fixedTotal} problem${fixedTotal === 1 ? '' : 's'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}` : '';
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
