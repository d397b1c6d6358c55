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

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

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

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    const at = m.index;
    if (m[0] === '---') {
      // `---` opens a new document, unless everything before it is preamble (directives, comments).
      if (!isPreamble(text, start, at)) {
        chunks.push({ start, end: at, index: chunks.length });
        start = at;
      }
    } else {
      // `...` closes the current document; the marker line belongs to it.
      const nl = text.indexOf('\n', at);
      const end = nl === -1 ? text.length : nl + 1;
      chunks.push({ start, end, index: chunks.length });
      start = end;
      MARKER.lastIndex = end;
    }
  }
  if (start < text.length || chunks.length === 0) {
    if (chunks.length === 0 || !isPreamble(text, start, text.length)) chunks.push({ start, end: text.length, index: chunks.length });
    else chunks[chunks.length - 1].end = text.length;
  }
  return chunks;
}
