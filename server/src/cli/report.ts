/**
 * Findings placed for output: offsets become 1-based lines and columns (columns in UTF-16
 * code units, as editors and SARIF count them), converted once per file.
 */
import { LineIndex, type FileFinding, type Severity } from '../core';

export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface PlacedEdit extends Region {
  newText: string;
}

export interface PlacedFix {
  title: string;
  safe: boolean;
  edits: PlacedEdit[];
}

export interface PlacedFinding extends Region {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  fixes: PlacedFix[];
  /** The flagged text (for stable fingerprints). */
  snippet: string;
  /** The other resources of a cross-file finding. */
  related?: PlacedRelated[];
}

export interface PlacedRelated extends Region {
  file: string;
  message: string;
}

/** 1-based region of [start, end) in the text `lines` indexes. */
function regionIn(lines: LineIndex, start: number, end: number): Region {
  const a = lines.positionAt(start);
  const b = lines.positionAt(end);
  return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

/**
 * Places one file's findings. `textOf` gives the analysed text of another file of the run
 * (for related locations; those in files it does not know are left out).
 */
export function placeFindings(file: string, text: string, findings: readonly FileFinding[], textOf: (uri: string) => string | undefined = () => undefined): PlacedFinding[] {
  if (!findings.length) return [];
  const lines = new LineIndex(text);
  const region = (start: number, end: number): Region => regionIn(lines, start, end);
  const tables = new Map<string, LineIndex | undefined>();
  const tableOf = (uri: string) => {
    if (uri === file) return lines;
    if (!tables.has(uri)) {
      const t = textOf(uri);
      tables.set(uri, t === undefined ? undefined : new LineIndex(t));
    }
    return tables.get(uri);
  };
  const placeRelated = (f: FileFinding): PlacedRelated[] =>
    (f.related ?? []).flatMap((r) => {
      const t = tableOf(r.uri);
      return t ? [{ file: r.uri, message: r.message, ...regionIn(t, r.start, r.end) }] : [];
    });
  return findings.map((f) => ({
    file,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...region(f.start, f.end),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      safe: x.safe,
      edits: x.edits.map((e) => ({ ...region(e.start, e.end), newText: e.newText })),
    })),
    snippet: text.slice(f.start, Math.min(f.end, f.start + 200)),
    ...(f.related?.length ? { related: placeRelated(f) } : {}),
  }));
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

export function countBySeverity(findings: readonly { severity: Severity }[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
