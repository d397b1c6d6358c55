/**
 * How a rule's report becomes a finding, and how findings move: reports are clamped into
 * their document, fixes with edits outside it are dropped, a rule that throws becomes one
 * `internal-error` finding, and document-relative findings are shifted to file offsets.
 * Last, user config and suppression comments decide what a file's findings become.
 */
import { formatMessage, type ReportInput, type RuleMeta } from './rule';
import type { FileFinding, Finding, Fix } from './types';
import type { Config } from './config';
import type { FileAnalysis } from './engine';
import { LineIndex } from './text';
import { parseSuppressions } from './suppress';
import { INTERNAL_ERROR } from './rules/internal-error';

const shiftFix = (fix: Fix, by: number): Fix => ({
  ...fix,
  edits: fix.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })),
});

export const shiftFinding = (f: Finding, by: number): Finding =>
  by === 0 ? f : { ...f, start: f.start + by, end: f.end + by, fixes: f.fixes.map((x) => shiftFix(x, by)) };

/**
 * Builds a finding from a rule's report, within a document of `length` code units: the range
 * is clamped into the document and a fix with an edit outside it is dropped, so a sloppy
 * rule can never hand the editor a position past the end of the text.
 */
export function makeFinding(meta: RuleMeta, input: ReportInput, length: number): Finding {
  const template = input.messageId !== undefined ? meta.messages[input.messageId] : undefined;
  const message = formatMessage(template ?? input.message ?? meta.docs.summary, input.data);
  const clamp = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.min(length, Math.trunc(n))) : 0);
  const start = clamp(Math.min(input.start, input.end));
  const end = clamp(Math.max(input.start, input.end));
  const inside = (e: { start: number; end: number }) => e.start >= 0 && e.start <= e.end && e.end <= length;
  return {
    rule: meta.id,
    severity: input.severity ?? meta.severity,
    message,
    start,
    end,
    fixes: (input.fixes ?? []).filter((f) => f.edits.every(inside)).map((f) => ({ ...f, preferred: f.preferred ?? f.safe })),
  };
}

export function internalError(ruleId: string, error: unknown, start: number, end: number): Finding {
  const why = error instanceof Error ? error.message : String(error);
  return makeFinding(INTERNAL_ERROR.meta, { start, end, messageId: 'crashed', data: { rule: ruleId, error: why.split('\n')[0].slice(0, 200) } }, end);
}

/** What every suppression comment contains (see suppress.ts); documents note whether they hold one. */
export const SUPPRESSION_MARK = 'istio-tips-disable';

/** `suppressions`: whether any document holds a suppression comment (every line belongs to some document). */
export function finalize(file: FileAnalysis, findings: Finding[], config: Config, suppressions: boolean): FileFinding[] {
  // Line numbers are needed only for suppression comments; a big file without any skips the line table.
  const lines = suppressions ? new LineIndex(file.text) : undefined;
  const directives = lines && parseSuppressions(file.text, lines);
  const out: FileFinding[] = [];
  for (const f of findings) {
    const setting = config.rules[f.rule];
    if (setting === 'off') continue;
    if (directives && lines && directives.isSuppressed(f.rule, lines.positionAt(f.start).line)) continue;
    out.push({ ...f, severity: setting ?? f.severity, uri: file.uri });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return out;
}
