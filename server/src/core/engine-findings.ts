/**
 * How a rule's report becomes a finding, and how findings move: reports are clamped into
 * their document, fixes with edits outside it (or that would copy masked template text) are dropped, a rule that throws becomes one
 * `internal-error` finding, and document-relative findings are shifted to file offsets.
 * Last, user config and suppression comments decide what a file's findings become.
 */
import { formatMessage, type RelatedInput, type ReportInput, type RuleMeta } from './rule';
import type { FileFinding, Finding, Fix, RelatedLocation, Span } from './types';
import { ruleSetting, type Config } from './config';
import type { FileAnalysis } from './analysis';
import type { ResourceDoc } from './document/resource';
import { LineIndex } from './text';
import { TEMPLATE_PLACEHOLDER } from './document/template';
import { collectDirectives, names } from './suppress';
import { SUPPRESSIONS } from './engine-memo';
import { chunkAt } from './document/split';
import { INTERNAL_ERROR } from './rules/internal-error';

const shiftFix = (fix: Fix, by: number): Fix => ({
  ...fix,
  edits: fix.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })),
});

/** The last shift of each finding (findings are never changed once made): a document that did not move hands out the same objects. */
const shifted = new WeakMap<Finding, { by: number; finding: Finding }>();

export function shiftFinding(f: Finding, by: number): Finding {
  if (by === 0) return f;
  const known = shifted.get(f);
  if (known?.by === by) return known.finding;
  const finding = { ...f, start: f.start + by, end: f.end + by, fixes: f.fixes.map((x) => shiftFix(x, by)) };
  shifted.set(f, { by, finding });
  return finding;
}

/**
 * The file finding made of each finding, by its effective severity and file: unchanged findings
 * of documents that did not move stay the same objects from one analysis to the next, so
 * whatever is built from them (diagnostics) can be kept too.
 */
const finalised = new WeakMap<Finding, FileFinding>();

function fileFinding(f: Finding, severity: FileFinding['severity'], uri: string): FileFinding {
  const known = finalised.get(f);
  if (known && known.severity === severity && known.uri === uri) return known;
  const out = { ...f, severity, uri };
  finalised.set(f, out);
  return out;
}

/**
 * Builds a finding from a rule's report, within a document of `length` code units: the range
 * is clamped into the document and a fix with an edit outside it is dropped, so a sloppy
 * rule can never hand the editor a position past the end of the text.
 */
export function makeFinding(meta: RuleMeta, input: ReportInput, length: number): Finding {
  const template = input.messageId !== undefined ? meta.messages[input.messageId] : undefined;
  const message = formatMessage(template ?? input.message ?? meta.docs.summary, input.data);
  const detailTemplate = input.messageId !== undefined ? meta.details?.[input.messageId] : undefined;
  const clamp = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.min(length, Math.trunc(n))) : 0);
  const start = clamp(Math.min(input.start, input.end));
  const end = clamp(Math.max(input.start, input.end));
  const inside = (e: { start: number; end: number }) => e.start >= 0 && e.start <= e.end && e.end <= length;
  // A fix built from a document's masked text would write the mask character over the user's
  // Helm directives ({{ .Values.x }} lost): such a fix is dropped, whatever rule built it.
  const sound = (f: Fix) => f.edits.every((e) => inside(e) && !e.newText.includes(TEMPLATE_PLACEHOLDER));
  const finding: Finding = {
    rule: meta.id,
    severity: input.severity ?? meta.severity,
    message,
    start,
    end,
    fixes: (input.fixes ?? []).filter(sound).map((f) => ({ ...f, preferred: f.preferred ?? f.safe })),
  };
  if (detailTemplate !== undefined) finding.detail = formatMessage(detailTemplate, input.data);
  if (input.absorbs?.length) finding.absorbs = input.absorbs;
  return finding;
}

/** A related location of a workspace report, in file offsets; none when its file or document is gone. */
export function placeRelated(file: FileAnalysis | undefined, r: RelatedInput): RelatedLocation[] {
  const start = file?.docStarts[r.at.index];
  if (!file || start === undefined) return [];
  const end = r.at.index + 1 < file.docStarts.length ? file.docStarts[r.at.index + 1] : file.length;
  const clamp = (n: number) => Math.max(start, Math.min(end, start + n));
  return [{ uri: file.uri, start: clamp(r.start), end: clamp(r.end), message: r.message }];
}

export function internalError(ruleId: string, error: unknown, start: number, end: number): Finding {
  const why = error instanceof Error ? error.message : String(error);
  return makeFinding(INTERNAL_ERROR.meta, { start, end, messageId: 'crashed', data: { rule: ruleId, error: why.split('\n')[0].slice(0, 60) } }, end);
}

/** Where to put a finding about the document as a whole: its `kind` value, else its first character. */
export function anchorOf(doc: ResourceDoc): Span {
  for (const item of doc.root.items) {
    const key = item.key as { value?: unknown; range?: [number, number, number] } | null;
    const value = item.value as { range?: [number, number, number] } | null;
    if (key && key.value === 'kind' && value?.range) return { start: value.range[0], end: value.range[1] };
  }
  return { start: 0, end: Math.min(doc.text.length, 1) };
}

/** What every suppression comment contains (see suppress.ts); documents note whether they hold one. */
export const SUPPRESSION_MARK = 'istio-tips-disable';

/** The text of document `i` of a file (without joining a file analysed from edits). */
export const docText = (file: FileAnalysis, i: number): string =>
  file.docText ? file.docText(i) : file.text.slice(file.docStarts[i], i + 1 < file.docStarts.length ? file.docStarts[i + 1] : file.length);

/** Line feeds in `text` before `end`. */
export function lineFeeds(text: string, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Whether a finding of `rule` at `offset` is suppressed by a comment, or undefined when no
 * document holds one (`flags`: SUPPRESSIONS bits). Comments are read from the documents that
 * hold them and lines counted document by document (`feeds(i)`: line feeds in document i,
 * cached by the caller), so a keystroke in a big file with a comment never joins or indexes
 * the whole text. Lines are the file's, as a comment on the last line of a document can
 * target the first line of the next one.
 */
export function suppressionsOf(file: FileAnalysis, flags: Uint8Array, feeds: (i: number) => number): ((rule: string, offset: number) => boolean) | undefined {
  const holders: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] & SUPPRESSIONS) holders.push(i);
  if (!holders.length) return undefined;
  const firstLine: number[] = new Array(flags.length);
  for (let i = 0, line = 0; i < flags.length; i++) {
    firstLine[i] = line;
    line += feeds(i);
  }
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  for (const i of holders) {
    const text = docText(file, i);
    const d = collectDirectives(text, new LineIndex(text));
    if (!d) continue;
    d.file.forEach((id) => fileWide.add(id));
    for (const [line, ids] of d.byLine) {
      const at = firstLine[i] + line;
      const set = byLine.get(at) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      byLine.set(at, set);
    }
  }
  return (rule, offset) => {
    if (names(fileWide, rule)) return true;
    if (!byLine.size) return false;
    const i = chunkAt(file.docStarts, offset);
    return names(byLine.get(firstLine[i] + lineFeeds(docText(file, i), offset - file.docStarts[i])), rule);
  };
}

/** User config (severity, off; `offByDefault` rules off unless configured) and suppression comments applied, sorted by position. */
export function finalize(
  file: FileAnalysis,
  findings: Finding[],
  config: Config,
  suppressed: ((rule: string, offset: number) => boolean) | undefined,
  offByDefault: ReadonlySet<string> = new Set(),
): FileFinding[] {
  const out: FileFinding[] = [];
  for (const f of findings) {
    const setting = ruleSetting(config, f.rule, offByDefault.has(f.rule));
    if (setting === 'off') continue;
    if (suppressed?.(f.rule, f.start)) continue;
    out.push(fileFinding(f, setting ?? f.severity, file.uri));
  }
  dropAbsorbed(out);
  out.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return out;
}

/** Removes, in place, findings that a shown finding absorbs (same mistake, see `Finding.absorbs`). */
function dropAbsorbed(findings: FileFinding[]): void {
  const absorbers = findings.filter((f) => f.absorbs?.length);
  if (!absorbers.length) return;
  const absorbed = (f: FileFinding) =>
    absorbers.some((a) => a !== f && a.absorbs!.includes(f.rule) && f.start >= a.start && f.end <= a.end);
  let kept = 0;
  for (const f of findings) if (!absorbed(f)) findings[kept++] = f;
  findings.length = kept;
}
