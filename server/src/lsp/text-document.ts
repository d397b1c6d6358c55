import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextEdit } from '../core';

const LF = 10;
const CR = 13;
const isEOL = (c: number) => c === CR || c === LF;
/**
 * Piece sizes in UTF-16 code units. An edit rewrites only the pieces it touches, so a keystroke
 * costs about one piece plus a pass over the per-piece totals: small pieces keep the first cheap,
 * few pieces (a 12 MB file has ~1,500) keep the second cheap.
 */
const TARGET = 8192;
const MIN = TARGET / 4;
const MAX = TARGET * 2;
/** Beyond either bound the oldest logged edits are dropped and older versions answer undefined. */
const MAX_LOGGED_EDITS = 1000;
const MAX_LOGGED_CHARS = 4 * 1024 * 1024;

/**
 * A stretch of the text. Pieces never split a "\r\n" nor a surrogate pair, so line breaks and
 * UTF-8 lengths can be counted piece by piece.
 */
class Piece {
  /** UTF-8 length, -1 until asked. */
  bytes = -1;
  /** `table`: offsets within the piece just after each of its line breaks, built on first use. */
  constructor(readonly text: string, readonly breaks = countBreaks(text), public table?: Uint32Array) {}

  /**
   * This piece with [start, end) replaced (it must be dropped for the returned one), its line
   * table (or count) carried over instead of rescanned: breaks before `start` stay, those of
   * `newText` come in, those after `end` shift. A "\r" just before `start` or `end` or ending
   * `newText` could pair with a "\n" across the edit, so then the piece is rescanned.
   */
  edited(start: number, end: number, newText: string, text: string): Piece {
    const old = this.text;
    if (old.charCodeAt(start - 1) === CR || old.charCodeAt(end - 1) === CR || newText.charCodeAt(newText.length - 1) === CR) {
      return new Piece(text);
    }
    const added = lineTable(newText, countBreaks(newText));
    const t = this.table;
    if (t === undefined) return new Piece(text, this.breaks - countBreaks(old.slice(start, end)) + added.length);
    const before = countUpTo(t, start);
    const after = countUpTo(t, end);
    // This piece is being replaced, so its table is reused when the line count stays (typing).
    const table = after - before === added.length ? t : new Uint32Array(before + added.length + t.length - after);
    if (table !== t) table.set(t.subarray(0, before));
    for (let k = 0; k < added.length; k++) table[before + k] = added[k] + start;
    const shift = newText.length - (end - start);
    for (let k = after, n = before + added.length; k < t.length; k++, n++) table[n] = t[k] + shift;
    return new Piece(text, table.length, table);
  }
}

/** Where a version's text sits in the edit log: the absolute index of the first edit after it. */
interface Checkpoint { version: number; at: number }

/**
 * An open document stored as pieces, so that an edit costs about one piece instead of a copy of
 * the whole text, and that logs its edits for consumers that work incrementally. Positions,
 * offsets, clamping and line breaks ("\r\n", "\r", "\n") behave exactly as in
 * vscode-languageserver-textdocument's TextDocument.
 */
export class EditableDocument implements TextDocument {
  private pieces: Piece[] = [];
  /** starts[k] is the offset of piece k, starts[pieces.length] the text length. */
  private starts: number[] = [0];
  /** lines[k] is the number of line breaks before piece k, lines[pieces.length] all of them. */
  private lines: number[] = [0];
  private joined: string | undefined;
  private _version: number;
  private log: TextEdit[] = [];
  /** Absolute index (counting every edit ever logged) of log[0]. */
  private logBase = 0;
  private logChars = 0;
  private checkpoints: Checkpoint[];

  constructor(readonly uri: string, readonly languageId: string, version: number, content: string) {
    this._version = version;
    this.replaceAll(content);
    this.checkpoints = [{ version, at: 0 }];
  }

  get version(): number {
    return this._version;
  }

  get length(): number {
    return this.starts[this.pieces.length];
  }

  get lineCount(): number {
    return this.lines[this.pieces.length] + 1;
  }

  /** The whole text is joined on first demand and kept until the next edit. */
  getText(range?: Range): string {
    if (range) {
      const a = this.offsetAt(range.start);
      const b = this.offsetAt(range.end);
      return this.slice(Math.min(a, b), Math.max(a, b));
    }
    if (this.joined === undefined) this.joined = this.pieces.length === 1 ? this.pieces[0].text : this.pieces.map((p) => p.text).join('');
    return this.joined;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const p = this.pieceAt(offset);
    const table = this.tableOf(p);
    const low = countUpTo(table, offset - this.starts[p]);
    const line = this.lines[p] + low;
    // No break in this piece before `offset`: the line began in an earlier piece.
    const lineOffset = low > 0 ? this.starts[p] + table[low - 1] : this.lineStart(this.lines[p]);
    return { line, character: this.beforeEOL(offset, lineOffset) - lineOffset };
  }

  offsetAt(position: Position): number {
    const lineCount = this.lineCount;
    if (position.line >= lineCount) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = this.lineStart(position.line);
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lineCount ? this.lineStart(position.line + 1) : this.length;
    return this.beforeEOL(Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineCount = this.lineCount;
    if (line >= lineCount) {
      const last = lineCount - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - this.lineStart(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.lineStart(line);
    const next = line + 1 < lineCount ? this.lineStart(line + 1) : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEOL(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineCount = this.lineCount;
    if (line >= lineCount || line < 0) return '';
    const next = line + 1 < lineCount ? this.lineStart(line + 1) : this.length;
    return this.slice(this.beforeEOL(next, this.lineStart(line)), next);
  }

  byteLength(): number {
    let total = 0;
    for (const piece of this.pieces) {
      if (piece.bytes < 0) piece.bytes = Buffer.byteLength(piece.text, 'utf8');
      total += piece.bytes;
    }
    return total;
  }

  editsSince(version: number): readonly TextEdit[] | undefined {
    for (let k = this.checkpoints.length - 1; k >= 0; k--) {
      if (this.checkpoints[k].version === version) return this.log.slice(this.checkpoints[k].at - this.logBase);
    }
    return undefined;
  }

  /** Versions are assumed to grow, as LSP requires: edits that produced versions <= `version` go. */
  forgetEditsUpTo(version: number): void {
    let k = this.checkpoints.length - 1;
    while (k >= 0 && this.checkpoints[k].version > version) k--;
    if (k < 0) return;
    const keep = this.checkpoints[k];
    this.dropLogBefore(keep.at);
    this.checkpoints = this.checkpoints.slice(this.checkpoints.indexOf(keep));
  }

  /** The lengths of the pieces the text is stored in (for tests and benchmarks). */
  pieceLengths(): number[] {
    return this.pieces.map((p) => p.text.length);
  }

  /** Applies LSP content changes in order, each relative to the text the previous one left. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      const c = change as { text?: unknown; range?: Range; rangeLength?: unknown };
      if (c === null || typeof c !== 'object' || typeof c.text !== 'string') throw new Error('Unknown change event received');
      if (c.range !== undefined && (c.rangeLength === undefined || typeof c.rangeLength === 'number')) {
        const { start, end } = wellformed(c.range);
        const from = this.offsetAt(start);
        const to = this.offsetAt(end);
        if (from === to && c.text === '') continue;
        this.replaceRange(from, to, c.text);
        this.log.push({ start: from, end: to, newText: c.text });
        this.logChars += c.text.length;
      } else if (c.range === undefined && c.rangeLength === undefined) {
        this.replaceAll(c.text);
        this.dropLogBefore(this.logBase + this.log.length);
        this.checkpoints = [];
      } else {
        throw new Error('Unknown change event received');
      }
    }
    this._version = version;
    this.checkpoints.push({ version, at: this.logBase + this.log.length });
    this.trimLog();
  }

  private replaceAll(text: string): void {
    this.pieces = cut(text).map((t) => new Piece(t));
    if (this.pieces.length === 0) this.pieces.push(new Piece(''));
    this.joined = text; // free: the pieces are slices of it
    this.recount(0);
  }

  /** Rewrites the pieces [start, end) falls in, plus neighbours when a seam or a size asks for it. */
  private replaceRange(start: number, end: number, newText: string): void {
    const pieces = this.pieces;
    let i = this.pieceAt(start);
    let j = end > start ? this.pieceAt(end - 1) : i;
    const single = i === j;
    let text = pieces[i].text.slice(0, start - this.starts[i]) + newText + pieces[j].text.slice(end - this.starts[j]);
    // The new seams must not split a "\r\n" or a surrogate pair: take the neighbour in.
    if (i > 0 && badSeam(pieces[i - 1].text, text !== '' ? text : j + 1 < pieces.length ? pieces[j + 1].text : '')) {
      text = pieces[--i].text + text;
    }
    if (j + 1 < pieces.length && badSeam(text, pieces[j + 1].text)) text += pieces[++j].text;
    // A small piece joins its smaller neighbour, so pieces stay few over long sessions.
    if (text !== '' && text.length < MIN) {
      const before = i > 0 ? pieces[i - 1].text.length : Infinity;
      const after = j + 1 < pieces.length ? pieces[j + 1].text.length : Infinity;
      if (before <= after && before !== Infinity) text = pieces[--i].text + text;
      else if (after !== Infinity) text += pieces[++j].text;
    }
    if (single && i === j && text !== '' && text.length <= MAX) {
      pieces[i] = pieces[i].edited(start - this.starts[i], end - this.starts[i], newText, text);
      this.joined = undefined;
      this.recount(i);
      return;
    }
    const fresh = cut(text).map((t) => new Piece(t));
    if (fresh.length === 0 && pieces.length === j - i + 1) fresh.push(new Piece(''));
    this.pieces = pieces.slice(0, i).concat(fresh, pieces.slice(j + 1));
    this.joined = undefined;
    this.recount(i);
  }

  /** Recomputes the running offsets and line counts from piece `from` on. */
  private recount(from: number): void {
    const { pieces, starts, lines } = this;
    starts.length = lines.length = pieces.length + 1;
    for (let k = from; k < pieces.length; k++) {
      starts[k + 1] = starts[k] + pieces[k].text.length;
      lines[k + 1] = lines[k] + pieces[k].breaks;
    }
  }

  /** The last piece starting at or before `offset` (0 <= offset <= length). */
  private pieceAt(offset: number): number {
    return Math.min(countUpTo(this.starts, offset), this.pieces.length) - 1;
  }

  /** The offset where line `line` starts (0 <= line < lineCount). */
  private lineStart(line: number): number {
    if (line <= 0) return 0;
    // The piece holding the line's break: the first whose running count reaches `line`.
    const k = countUpTo(this.lines, line - 1) - 1;
    return this.starts[k] + this.tableOf(k)[line - this.lines[k] - 1];
  }

  private tableOf(k: number): Uint32Array {
    const piece = this.pieces[k];
    return (piece.table ??= lineTable(piece.text, piece.breaks));
  }

  private charCodeAt(offset: number): number {
    const p = this.pieceAt(offset);
    return this.pieces[p].text.charCodeAt(offset - this.starts[p]);
  }

  /** Steps back over the line break `offset` is in or after, never before `lineOffset`. */
  private beforeEOL(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEOL(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  private slice(start: number, end: number): string {
    if (this.joined !== undefined) return this.joined.slice(start, end);
    if (start >= end) return '';
    const first = this.pieceAt(start);
    const last = this.pieceAt(end - 1);
    if (first === last) return this.pieces[first].text.slice(start - this.starts[first], end - this.starts[first]);
    const parts = [this.pieces[first].text.slice(start - this.starts[first])];
    for (let k = first + 1; k < last; k++) parts.push(this.pieces[k].text);
    parts.push(this.pieces[last].text.slice(0, end - this.starts[last]));
    return parts.join('');
  }

  /** Drops logged edits before absolute index `at`, and the checkpoints that needed them. */
  private dropLogBefore(at: number): void {
    const count = Math.min(at - this.logBase, this.log.length);
    if (count <= 0) return;
    for (let k = 0; k < count; k++) this.logChars -= this.log[k].newText.length;
    this.log.splice(0, count);
    this.logBase += count;
    let stale = 0;
    while (stale < this.checkpoints.length && this.checkpoints[stale].at < this.logBase) stale++;
    this.checkpoints.splice(0, stale);
  }

  /** Over a bound, drops the oldest edits down to three quarters of it, so trimming is rare. */
  private trimLog(): void {
    const log = this.log;
    if (log.length > MAX_LOGGED_EDITS || this.logChars > MAX_LOGGED_CHARS) {
      let count = Math.max(0, log.length - (MAX_LOGGED_EDITS * 3) / 4);
      let chars = this.logChars;
      for (let k = 0; k < count; k++) chars -= log[k].newText.length;
      while (count < log.length && chars > (MAX_LOGGED_CHARS * 3) / 4) chars -= log[count++].newText.length;
      this.dropLogBefore(this.logBase + count);
    }
    if (this.checkpoints.length > MAX_LOGGED_EDITS + 1) this.checkpoints.splice(0, this.checkpoints.length - (MAX_LOGGED_EDITS * 3) / 4);
  }
}

/** Plugs into `new TextDocuments(EditableDocuments)` (vscode-languageserver's TextDocumentsConfiguration). */
export const EditableDocuments = {
  create(uri: string, languageId: string, version: number, content: string): EditableDocument {
    return new EditableDocument(uri, languageId, version, content);
  },
  update(document: EditableDocument, changes: TextDocumentContentChangeEvent[], version: number): EditableDocument {
    document.update(changes, version);
    return document;
  },
};

function wellformed(range: Range): Range {
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
  return range;
}

/** Whether two adjacent code units must stay in one piece: a "\r\n" or a surrogate pair. */
function pairs(a: number, b: number): boolean {
  return (a === CR && b === LF) || (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff);
}

function badSeam(left: string, right: string): boolean {
  return left !== '' && right !== '' && pairs(left.charCodeAt(left.length - 1), right.charCodeAt(0));
}

/**
 * Cuts a text longer than MAX into pieces of about TARGET, each ending at a line end when one
 * lies in the last quarter-TARGET before the ideal cut (YAML lines are short), else at the
 * ideal cut itself, moved by one if it would split a "\r\n" or a surrogate pair.
 */
function cut(text: string): string[] {
  if (text.length <= MAX) return text === '' ? [] : [text];
  const count = Math.ceil(text.length / TARGET);
  const out: string[] = [];
  let from = 0;
  for (let k = 1; k < count; k++) {
    const ideal = Math.round((k * text.length) / count);
    let at = lastLineEnd(text, Math.max(from, ideal - TARGET / 4), ideal);
    if (at < 0) at = pairs(text.charCodeAt(ideal - 1), text.charCodeAt(ideal)) ? ideal + 1 : ideal;
    out.push(text.slice(from, at));
    from = at;
  }
  out.push(text.slice(from));
  return out;
}

/** The last offset in (floor, limit] just after a line break, or -1. */
function lastLineEnd(text: string, floor: number, limit: number): number {
  for (let k = limit; k > floor; k--) {
    const c = text.charCodeAt(k - 1);
    if (c === LF || (c === CR && text.charCodeAt(k) !== LF)) return k;
  }
  return -1;
}

function countBreaks(text: string): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) count++;
  for (let k = text.indexOf('\r'); k >= 0; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== LF) count++;
  return count;
}

/** Offsets just after each line break; indexOf outruns a charCodeAt loop several times over. */
function lineTable(text: string, breaks: number): Uint32Array {
  const table = new Uint32Array(breaks);
  let n = 0;
  for (let lf = text.indexOf('\n'), cr = text.indexOf('\r'); lf >= 0 || cr >= 0; ) {
    if (cr < 0 || (lf >= 0 && lf < cr)) {
      table[n++] = lf + 1;
      lf = text.indexOf('\n', lf + 1);
      continue;
    }
    const crlf = lf === cr + 1;
    table[n++] = crlf ? cr + 2 : cr + 1;
    if (crlf) lf = text.indexOf('\n', lf + 1);
    cr = text.indexOf('\r', cr + 1);
  }
  return table;
}

/** How many entries of the ascending `table` are <= `value`. */
function countUpTo(table: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = table.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (table[mid] > value) high = mid;
    else low = mid + 1;
  }
  return low;
}
