/**
 * Splits a YAML stream into its documents without parsing it.
 *
 * A line that starts with `---` or `...` (followed by white space or the end of the line)
 * is a document marker in YAML 1.2 wherever it stands, even inside a block scalar, so a
 * line scan finds exactly the boundaries a parser would. Parsing each document on its own
 * lets the engine skip documents no rule reads and reuse results for documents an edit
 * did not touch.
 */
import type { Span } from '../types';

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

/**
 * Where the chunks of `text[from..]` start, `from` being a chunk start itself (excluded
 * from the result). `stop(start)` may end the scan early at a new start. `dropFrom` says
 * that `from` turned out to begin trailing preamble only, which joins the chunk before it.
 */
function scanStarts(text: string, from: number, stop?: (start: number) => boolean): { starts: number[]; dropFrom: boolean } {
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
    if (stop?.(next)) return { starts, dropFrom: false };
  }
  // Trailing comments after the last marker belong to the document before them.
  if (start > 0 && start < text.length && isPreamble(text, start, text.length)) {
    if (starts.length) starts.pop();
    else return { starts, dropFrom: true };
  }
  return { starts, dropFrom: false };
}

function toChunks(starts: readonly number[], length: number): Chunk[] {
  return starts.map((start, index) => ({ start, end: index + 1 < starts.length ? starts[index + 1] : length, index }));
}

export function splitDocuments(text: string): Chunk[] {
  return toChunks([0, ...scanStarts(text, 0).starts], text.length);
}

export interface Resplit {
  chunks: Chunk[];
  /** For each new chunk, the index of an old chunk with exactly the same text, or -1. */
  same: number[];
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

/** Index of the chunk starting exactly at `start`, or -1. */
function chunkAt(chunks: readonly Chunk[], start: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].start === start) return mid;
    if (chunks[mid].start < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * `splitDocuments(text)`, given the chunks of an earlier version of the text: only the
 * region around the edit is scanned again. Chunks before the edited line keep their
 * bounds; scanning resumes at the last of them and stops as soon as it meets an old
 * chunk start inside the unchanged tail, after which the old chunks are only shifted.
 * The result is always exactly what a full split returns (split.test.ts checks it).
 */
export function resplitDocuments(oldText: string, oldChunks: readonly Chunk[], text: string): Resplit {
  if (!oldChunks.length || oldChunks[0].start !== 0) return { chunks: splitDocuments(text), same: [] };
  const max = Math.min(oldText.length, text.length);
  const prefix = commonPrefix(oldText, text, max);
  if (prefix === oldText.length && prefix === text.length) return { chunks: oldChunks.slice(), same: oldChunks.map((_, i) => i) };
  const suffix = commonSuffix(oldText, text, max - prefix);
  const delta = text.length - oldText.length;
  // Bounds decided on lines before the edited one cannot change.
  const lineStart = text.lastIndexOf('\n', prefix - 1) + 1;
  let restart = 0;
  for (let lo = 0, hi = oldChunks.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (oldChunks[mid].start < lineStart) {
      restart = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const from = oldChunks[restart].start;
  const tail = text.length - suffix;
  let synced = -1;
  const scan = scanStarts(text, from, (start) => {
    // The first chunk is special (trailing comments never leave it): never resume into it.
    if (start < tail || start - delta <= 0) return false;
    synced = chunkAt(oldChunks, start - delta);
    return synced !== -1;
  });
  const starts: number[] = [];
  const same: number[] = [];
  for (let i = 0; i < restart; i++) {
    starts.push(oldChunks[i].start);
    same.push(i);
  }
  if (!scan.dropFrom) {
    starts.push(from);
    same.push(-1);
  } else if (restart > 0) same[restart - 1] = -1; // that chunk absorbs the trailing comments
  for (const s of scan.starts) {
    starts.push(s);
    same.push(-1);
  }
  if (synced !== -1) {
    same[same.length - 1] = synced;
    for (let j = synced + 1; j < oldChunks.length; j++) {
      starts.push(oldChunks[j].start + delta);
      same.push(j);
    }
  }
  return { chunks: toChunks(starts, text.length), same };
}
