/** The human format: one line per finding, then a summary line. */
import type { Counts, PlacedFinding } from './report';
import { severityColor, type Style } from './style';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export function formatFindingLine(f: PlacedFinding, style: Style): string {
  const where = style.bold(`${f.file}:${f.line}:${f.column}`);
  return `${where}  ${severityColor(style, f.severity)(f.severity)}  ${f.message}  ${style.dim(f.rule)}`;
}

export function summaryLine(counts: Counts, fileCount: number, style: Style): string {
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return style.green(`No problems found in ${plural(fileCount, 'file')}`);
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info')];
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  const line = `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
  return style.bold(counts.error ? style.red(line) : counts.warning ? style.yellow(line) : line);
}

export function formatText(findings: readonly PlacedFinding[], counts: Counts, fileCount: number, style: Style): string {
  const lines = findings.map((f) => formatFindingLine(f, style));
  if (lines.length) lines.push('');
  lines.push(summaryLine(counts, fileCount, style));
  const fixable = findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  if (fixable) lines.push(style.dim(`  ${fixable} of them can be fixed safely with --fix`));
  return `${lines.join('\n')}\n`;
}
