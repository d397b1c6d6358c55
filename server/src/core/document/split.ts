/**
 * Splits a YAML stream into its documents without parsing it.
 *
 * A line that starts with `---` or `...` (followed by white space or the end of the line)
 * is a document marker in YAML 1.2 wherever it stands, even inside a block scalar, so a
 * line scan finds exactly the boundaries a parser would. Parsing each document on its own
 * lets the engine skip documents no rule reads and reuse results for documents an edit
 * did not touch.
 */
import type { Span, TextEdit } from '../types';
import { ownCopy } from '../text';

export interface Chunk extends Span {
  /** Index of the document in the file, 0-based. */
  index: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/m;

/** True when text[from, to) holds only blank lines, comments and directives. */
function isPreamble(text: string, from: number, to: number): boolean {
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    let i = lineStart;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\uFEFF')) i++;
    if (i < lineEnd && text[i] !== '#' && !(text[i] === '%' && i === lineStart)) return false;
    lineStart = lineEnd + 1;
  }
  return true;
}

/** Where the scanned text sits in the file: its offset, and whether it runs to the file's end. */
interface ScanWindow {
  base: number;
  final: boolean;
}
const WHOLE_TEXT: ScanWindow = { base: 0, final: true };

/**
 * Where the chunks of `text[from..]` start, `from` being a chunk start itself (excluded
 * from the result). `stop(start)` may end the scan early at a new start. `dropFrom` says
 * that `from` turned out to begin trailing preamble only, which joins the chunk before it.
 * With a `window` that stops short of the file's end, a scan that `stop` did not end is
 * `complete: false`: the last documents depend on text it did not see.
 */
function scanStarts(
  text: string,
  from: number,
  stop?: (start: number) => boolean,
  window: ScanWindow = WHOLE_TEXT,
): { starts: number[]; dropFrom: boolean; complete: boolean } {
  const marker = new RegExp(MARKER.source, 'gm');
  const starts: number[] = [];
  let start = from;
  marker.lastIndex = from;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    const at = m.index;
    let next = -1;
    if (m[0] === '---') {
      // `---` opens a new document, unless everything before it is preamble (directives, comments).
      if (!isPreamble(text, start, at)) next = at;
    } else {
      // `...` closes the current document; the marker line belongs to it.
      const nl = text.indexOf('\n', at);
      next = nl === -1 ? text.length : nl + 1;
      marker.lastIndex = next;
    }
    if (next === -1) continue;
    start = next;
    // A document closed at the very end of the text has nothing after it.
    if (next === text.length) continue;
    starts.push(next);
    if (stop?.(next)) return { starts, dropFrom: false, complete: true };
  }
  // What follows the window may still change the last documents: the caller widens it.
  if (!window.final) return { starts, dropFrom: false, complete: false };
  // Trailing comments after the last marker belong to the document before them.
  if (window.base + start > 0 && start < text.length && isPreamble(text, start, text.length)) {
    if (starts.length) starts.pop();
    else return { starts, dropFrom: true, complete: true };
  }
  return { starts, dropFrom: false, complete: true };
}

function toChunks(starts: readonly number[], length: number): Chunk[] {
  return starts.map((start, index) => ({ start, end: index + 1 < starts.length ? starts[index + 1] : length, index }));
}

/** Where each document of `text` starts (the first always at 0; each ends where the next starts). */
export function documentStarts(text: string): number[] {
  const starts = scanStarts(text, 0).starts;
  starts.unshift(0);
  return starts;
}

export function splitDocuments(text: string): Chunk[] {
  return toChunks(documentStarts(text), text.length);
}

/**
 * Which old document each new one is textually identical to, without a per-document
 * array: new documents before `prefix` are the old ones at the same index; from `tailNew`
 * on (when it is not -1) new document i is old document `tailOld + i - tailNew`; the
 * others (the edited region) have no positional match.
 */
export interface DocMapping {
  prefix: number;
  tailNew: number;
  tailOld: number;
}

/** Length of the longest common prefix of a and b, at most `max` (compares halves, not characters). */
function commonPrefix(a: string, b: string, max: number): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function commonSuffix(a: string, b: string, max: number): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The one edit that turns `oldText` into `text` (the changed span between their common prefix and suffix). */
export function textEdit(oldText: string, text: string): TextEdit {
  const max = Math.min(oldText.length, text.length);
  const prefix = commonPrefix(oldText, text, max);
  const suffix = commonSuffix(oldText, text, max - prefix);
  return { start: prefix, end: oldText.length - suffix, newText: text.slice(prefix, text.length - suffix) };
}

/** Old documents [from, oldTo) became `texts` (new documents from, from + 1, …); the others kept their text. */
export interface ChunkReplacement {
  from: number;
  oldTo: number;
  texts: string[];
}

/** Index of the document holding `offset`: the last whose start is at or before it. */
export function chunkAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `documentStarts` after an edit, for a file kept as the texts of its documents (`texts`,
 * starting at `starts`): no string of the whole file is built. Bounds decided on lines
 * before the edited one cannot change, so scanning resumes at the last document that starts
 * before the edited line and runs over the edited region and as many following documents as
 * it takes to meet one of their starts again; those and all later documents are unchanged.
 * The result is always what a full split of the new text gives (split.test.ts checks it).
 * Undefined for an edit outside the text.
 */
export function replaceInDocuments(texts: readonly string[], starts: readonly number[], edit: TextEdit): ChunkReplacement | undefined {
  const n = texts.length;
  const length = starts[n - 1] + texts[n - 1].length;
  const { start, end, newText } = edit;
  if (!(start >= 0 && start <= end && end <= length)) return undefined;
  const c = chunkAt(starts, start);
  const j = end > start ? chunkAt(starts, end - 1) : c;
  // Start of the edited line: the last line feed before the edit, looked up document by document.
  let lineStart = 0;
  for (let k = c; k >= 0; k--) {
    const nl = texts[k].lastIndexOf('\n', (k === c ? start - starts[k] : texts[k].length) - 1);
    if (nl !== -1 && (k !== c || start > starts[k])) {
      lineStart = starts[k] + nl + 1;
      break;
    }
  }
  const restart = lineStart > 0 ? chunkAt(starts, lineStart - 1) : 0;
  let region = '';
  for (let k = restart; k < c; k++) region += texts[k];
  region += texts[c].slice(0, start - starts[c]) + newText + texts[j].slice(end - starts[j]);
  // Widen the window over the unchanged documents after the region until the scan meets one of their starts.
  for (let k = Math.min(n - 1, j + 1); ; k = Math.min(n - 1, j + 2 * (k - j) + 1)) {
    let window = region;
    const cleanStarts: number[] = [];
    for (let m = j + 1; m <= k; m++) {
      cleanStarts.push(window.length);
      window += texts[m];
    }
    let synced = -1;
    const scan = scanStarts(
      window,
      0,
      (s) => {
        if (s < region.length) return false;
        const at = cleanStarts.indexOf(s);
        if (at !== -1) synced = j + 1 + at;
        return synced !== -1;
      },
      { base: starts[restart], final: k === n - 1 },
    );
    if (!scan.complete) continue;
    const cuts = synced === -1 ? scan.starts : scan.starts.slice(0, -1);
    const windowEnd = synced === -1 ? window.length : cleanStarts[synced - j - 1];
    const oldTo = synced === -1 ? n : synced;
    if (scan.dropFrom) return { from: restart - 1, oldTo, texts: [ownCopy(texts[restart - 1] + window)] };
    // Copies, so that a document's text does not keep the whole window alive.
    const out: string[] = [];
    let at = 0;
    for (const cut of cuts) {
      out.push(ownCopy(window.slice(at, cut)));
      at = cut;
    }
    out.push(ownCopy(window.slice(at, windowEnd)));
    return { from: restart, oldTo, texts: out };
  }
}

/**
 * Applies `edits` (in order, each in offsets of the text just before it) to a file kept as
 * the texts of its documents. Untouched documents keep their very string objects, which is
 * how the mapping to the old documents is found. Undefined when an edit lies outside the text.
 */
export function editDocuments(
  oldTexts: readonly string[],
  oldStarts: readonly number[],
  edits: readonly TextEdit[],
): { texts: readonly string[]; starts: number[]; mapping: DocMapping } | undefined {
  let texts = oldTexts;
  let starts = oldStarts;
  for (const edit of edits) {
    const r = replaceInDocuments(texts, starts, edit);
    if (!r) return undefined;
    texts = texts.slice(0, r.from).concat(r.texts, texts.slice(r.oldTo));
    const next = starts.slice(0, r.from);
    for (let i = r.from, at = r.from ? starts[r.from] : 0; i < texts.length; i++) {
      next.push(at);
      at += texts[i].length;
    }
    starts = next;
  }
  const n = texts.length;
  const m = oldTexts.length;
  let prefix = 0;
  while (prefix < n && prefix < m && texts[prefix] === oldTexts[prefix]) prefix++;
  let tail = 0;
  while (tail < n - prefix && tail < m - prefix && texts[n - 1 - tail] === oldTexts[m - 1 - tail]) tail++;
  return { texts, starts: starts.slice(), mapping: { prefix, tailNew: tail ? n - tail : -1, tailOld: tail ? m - tail : -1 } };
}
