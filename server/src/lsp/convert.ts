/**
 * Offsets to LSP positions, once, at the edge. Findings carry UTF-16 offsets into the
 * text that was analysed; LSP positions are (line, UTF-16 column), both 0-based.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Position, type Range } from 'vscode-languageserver';
import { type FileFinding, type Fix, type Severity, ruleDocsUrl } from '../core';
import { SOURCE, type DataFix, type DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const toLspSeverity = (s: Severity): DiagnosticSeverity => SEVERITY[s] ?? DiagnosticSeverity.Warning;

/** Offset -> position for one exact text. A TextDocument of that text qualifies, and keeps its line table across edits. */
export interface PositionSource {
  positionAt(offset: number): Position;
}

export function toRange(lines: PositionSource, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

export function toDataFix(lines: PositionSource, fix: Fix): DataFix {
  return {
    title: fix.title,
    safe: fix.safe,
    preferred: fix.preferred ?? fix.safe,
    edits: fix.edits.map((e) => ({ range: toRange(lines, e.start, e.end), newText: e.newText })),
  };
}

/** Line tables of other files, for related locations; undefined when the file is not known. */
export type PositionSources = (uri: string) => PositionSource | undefined;

function toRelated(f: FileFinding, own: PositionSource, others: PositionSources | undefined): DiagnosticRelatedInformation[] {
  const out: DiagnosticRelatedInformation[] = [];
  for (const r of f.related ?? []) {
    const lines = r.uri === f.uri ? own : others?.(r.uri);
    if (lines) out.push({ location: { uri: r.uri, range: toRange(lines, r.start, r.end) }, message: r.message });
  }
  return out;
}

export function toDiagnostic(lines: PositionSource, f: FileFinding, version: number, others?: PositionSources): Diagnostic {
  const data: DiagnosticData = { version, fixes: f.fixes.map((x) => toDataFix(lines, x)) };
  const related = f.related?.length ? toRelated(f, lines, others) : [];
  return {
    range: toRange(lines, f.start, f.end),
    severity: toLspSeverity(f.severity),
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}

/**
 * Diagnostics for findings, with positions from `lines`: the editor's document at the
 * analysed version when it is at hand (its line table is kept up to date incrementally, so
 * a keystroke in a 50,000-line file does not rebuild one), else a LineIndex of the text.
 */
export function toDiagnostics(lines: PositionSource, findings: readonly FileFinding[], version: number, others?: PositionSources): Diagnostic[] {
  return findings.map((f) => (f.related?.length ? toDiagnostic(lines, f, version, others) : keptDiagnostic(lines, f, version)));
}

/** The diagnostic last made of each finding, and where its range was. */
const made = new WeakMap<FileFinding, { range: Range; diagnostic: Diagnostic; fixes: DataFix[] }>();

/**
 * `toDiagnostic` of a finding without related locations, made again only when its range moved.
 * The engine hands out the same finding object while its document's text, start and result
 * stay (see finalize): the document's lines are then the same, and only a different line count
 * above it can move them, which the range's start shows. The fixes' ranges lie in the document
 * and move with it.
 */
function keptDiagnostic(lines: PositionSource, f: FileFinding, version: number): Diagnostic {
  const known = made.get(f);
  if (known && samePosition(known.range.start, lines.positionAt(f.start)) && samePosition(known.range.end, lines.positionAt(f.end))) {
    return { ...known.diagnostic, data: { version, fixes: known.fixes } satisfies DiagnosticData };
  }
  const diagnostic = toDiagnostic(lines, f, version);
  made.set(f, { range: diagnostic.range, diagnostic, fixes: (diagnostic.data as DiagnosticData).fixes });
  return diagnostic;
}

const samePosition = (a: Position, b: Position): boolean => a.line === b.line && a.character === b.character;

const sameEdits = (a: Fix['edits'], b: Fix['edits']): boolean =>
  a.length === b.length && a.every((e, i) => e.start === b[i].start && e.end === b[i].end && e.newText === b[i].newText);

const sameFix = (a: Fix, b: Fix): boolean =>
  a === b || (a.title === b.title && a.safe === b.safe && a.preferred === b.preferred && sameEdits(a.edits, b.edits));

const sameRelated = (a: FileFinding['related'], b: FileFinding['related']): boolean =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((r, i) => r.uri === b![i].uri && r.start === b![i].start && r.end === b![i].end && r.message === b![i].message);

/** Whether two findings lists convert to the same diagnostics (same text and version assumed): compares what `toDiagnostic` reads. */
export function sameFindings(a: readonly FileFinding[], b: readonly FileFinding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.rule !== y.rule || x.severity !== y.severity || x.message !== y.message || x.start !== y.start || x.end !== y.end) return false;
    if (x.fixes.length !== y.fixes.length || !x.fixes.every((f, k) => sameFix(f, y.fixes[k]))) return false;
    if (!sameRelated(x.related, y.related)) return false;
  }
  return true;
}

export function isDiagnosticData(v: unknown): v is DiagnosticData {
  const d = v as DiagnosticData | null;
  return typeof d === 'object' && d !== null && typeof d.version === 'number' && Array.isArray(d.fixes);
}

export const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
