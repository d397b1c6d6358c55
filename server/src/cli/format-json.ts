/**
 * The JSON format, a public contract: exactly one object
 * `{"findings":[{file, rule, severity, message, line, column, endLine, endColumn, related?, fixes}]}`
 * with 1-based lines and columns (UTF-16 code units) and exclusive ends; `related` (cross-file
 * findings only) lists the other resources as {file, message, line, column, endLine, endColumn}.
 */
import type { PlacedFinding } from './report';

export function toJsonFindings(findings: readonly PlacedFinding[]) {
  return findings.map((f) => ({
    file: f.file,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    ...(f.related?.length ? { related: f.related.map((r) => ({ file: r.file, message: r.message, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn })) } : {}),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      safe: x.safe,
      edits: x.edits.map((e) => ({ line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn, newText: e.newText })),
    })),
  }));
}

export function formatJson(findings: readonly PlacedFinding[]): string {
  return `${JSON.stringify({ findings: toJsonFindings(findings) })}\n`;
}
