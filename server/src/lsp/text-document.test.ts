import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { seededRandom } from '../test-support/seeded-random';
import { EditableDocument, EditableDocuments } from './text-document';
import type { TextEdit } from '../core/types';

/** The largest piece the document keeps (twice its target size). */
const MAX_PIECE = 16384;
const TOKENS = ['a', 'b', 'c', 'key: v', ' ', '  ', '\n', '\n', '\r\n', '\r', '😀', '\ud83d', '\ude00', 'é'];

function randomText(rand: () => number, length: number): string {
  const parts: string[] = [];
  for (let n = 0; n < length; ) {
    const t = TOKENS[Math.floor(rand() * TOKENS.length)];
    parts.push(t);
    n += t.length;
  }
  return parts.join('');
}

const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

function randomPosition(rand: () => number, ref: TextDocument): Position {
  const line = int(rand, -2, ref.lineCount + 1);
  const width = ref.getLineRange(Math.max(0, Math.min(line, ref.lineCount - 1))).end.character;
  return { line, character: int(rand, -2, width + 3) };
}

function randomChange(rand: () => number, ref: TextDocument, big: boolean): TextDocumentContentChangeEvent {
  if (rand() < 0.02) return { text: randomText(rand, int(rand, 0, big ? 60000 : 300)) };
  const start = randomPosition(rand, ref);
  const end = rand() < 0.4 ? start : rand() < 0.8 ? { line: start.line + int(rand, -3, 3), character: int(rand, -1, 30) } : randomPosition(rand, ref);
  const r = rand();
  const shrink = ref.getText().length > 250000;
  const length = r < 0.5 ? int(rand, 0, 1) : r < 0.8 ? int(rand, 0, 20) : r < 0.95 || shrink ? int(rand, 0, 2000) : int(rand, 0, big ? 60000 : 500);
  const change = { range: { start, end }, text: randomText(rand, length) };
  return rand() < 0.2 ? { ...change, rangeLength: 0 } : change;
}

/** Compares every query of `doc` with a TextDocument holding the same text. */
function assertSame(doc: EditableDocument, expected: string, rand: () => number, label: string) {
  const ref = TextDocument.create('file:///r.yaml', 'yaml', 0, expected);
  assert.equal(doc.length, expected.length, label);
  assert.equal(doc.lineCount, ref.lineCount, label);
  assert.equal(doc.byteLength(), Buffer.byteLength(expected), label);
  const offsets = [-3, 0, 1, 2, expected.length - 1, expected.length, expected.length + 4];
  let boundary = 0;
  for (const length of doc.pieceLengths()) {
    boundary += length;
    offsets.push(boundary - 2, boundary - 1, boundary, boundary + 1);
  }
  for (let k = 0; k < 60; k++) offsets.push(int(rand, 0, expected.length));
  for (let k = expected.indexOf('\r'), n = 0; k >= 0 && n < 20; k = expected.indexOf('\r', k + 1), n++) offsets.push(k, k + 1, k + 2);
  for (const offset of offsets) assert.deepEqual(doc.positionAt(offset), ref.positionAt(offset), `${label} positionAt(${offset})`);
  const positions = offsets.map((o) => ref.positionAt(o)).map((p) => ({ line: p.line, character: p.character + int(rand, -1, 2) }));
  for (let k = 0; k < 60; k++) positions.push(randomPosition(rand, ref));
  for (const p of positions) {
    assert.equal(doc.offsetAt(p), ref.offsetAt(p), `${label} offsetAt(${JSON.stringify(p)})`);
    const range = { start: p, end: positions[int(rand, 0, positions.length - 1)] };
    assert.equal(doc.getText(range), ref.getText(range), `${label} getText(${JSON.stringify(range)})`);
  }
  for (const line of [-1, 0, 1, ref.lineCount - 1, ref.lineCount, ref.lineCount + 2, int(rand, 0, ref.lineCount)]) {
    assert.deepEqual(doc.getLineRange(line), ref.getLineRange(line), `${label} getLineRange(${line})`);
    assert.equal(doc.getEOLCharacters(line), ref.getEOLCharacters(line), `${label} getEOLCharacters(${line})`);
  }
  // Last, as it caches the joined text that ranges are then cut from.
  const text = doc.getText();
  let diff = 0;
  while (diff < text.length && text.charCodeAt(diff) === expected.charCodeAt(diff)) diff++;
  assert.ok(text === expected, `${label}: the texts differ from offset ${diff}`);
  const range = ref.getLineRange(int(rand, 0, ref.lineCount - 1));
  assert.equal(doc.getText(range), ref.getText(range), `${label} getText(range) from the joined text`);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/**
 * Applies each change to a TextDocument made afresh from the text the previous change left: its
 * own `update` keeps a line table that goes wrong after a range wholly past the end whose line
 * span equals the inserted line count (a sparse array), and the text is what is compared here.
 */
function reference(text: string, changes: TextDocumentContentChangeEvent[]): string {
  for (const change of changes) {
    const ref = TextDocument.create('file:///r.yaml', 'yaml', 0, text);
    TextDocument.update(ref, [change], 1);
    text = ref.getText();
  }
  return text;
}

function fuzz(seed: number, steps: number, initial: number, big: boolean) {
  const rand = seededRandom(seed);
  let text = randomText(rand, initial);
  const doc = EditableDocuments.create('file:///a.yaml', 'yaml', 1, text);
  const texts = new Map<number, string>([[1, text]]);
  let full = 1;
  let mostPieces = 0;
  assertSame(doc, text, rand, `seed ${seed} start`);
  for (let version = 2; version <= steps + 1; version++) {
    const before = TextDocument.create('file:///a.yaml', 'yaml', 0, text);
    const changes = Array.from({ length: int(rand, 1, 3) }, () => randomChange(rand, before, big));
    text = reference(text, changes);
    assert.equal(EditableDocuments.update(doc, changes, version), doc);
    if (changes.some((c) => !('range' in c))) full = version;
    const label = `seed ${seed} step ${version}`;
    assert.equal(doc.version, version);
    assertSame(doc, text, rand, label);
    assert.ok(Math.max(...doc.pieceLengths()) <= MAX_PIECE, label);
    mostPieces = Math.max(mostPieces, doc.pieceLengths().length);
    texts.set(version, text);
    const since = int(rand, full - 2, version);
    const edits = doc.editsSince(since);
    if (since < full || since > version) assert.equal(edits, undefined, `${label} editsSince(${since})`);
    else assert.ok(applyEdits(texts.get(since)!, edits!) === text, `${label} editsSince(${since})`);
  }
  return mostPieces;
}

describe('EditableDocument matches vscode-languageserver-textdocument', () => {
  it('through random edits of a document of many pieces (CRLF, lone CR, surrogates, big inserts, reversed and out-of-range ranges)', () => {
    for (const seed of [1, 2, 3]) assert.ok(fuzz(seed, 150, 60000, true) >= 8, 'the document spans many pieces');
  });

  it('through random edits of a small document', () => {
    for (const seed of [11, 12, 13, 14]) fuzz(seed, 250, 200, false);
  });

  it('inserts into an empty document, deletes everything, and starts from an empty text', () => {
    const doc = EditableDocuments.create('file:///e.yaml', 'yaml', 0, '');
    const rand = seededRandom(5);
    assertSame(doc, '', rand, 'empty');
    doc.update([{ range: { start: { line: 3, character: 4 }, end: { line: 0, character: 0 } }, text: 'a\r\nb' }], 1);
    assertSame(doc, 'a\r\nb', rand, 'inserted');
    doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, text: '' }], 2);
    assertSame(doc, '', rand, 'deleted');
    const big = randomText(rand, 200000);
    doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: big }], 3);
    assertSame(doc, big, rand, 'big insert');
    assert.ok(doc.pieceLengths().length >= 12 && Math.max(...doc.pieceLengths()) <= MAX_PIECE, 'a big insert makes many bounded pieces');
    doc.update([{ range: { start: { line: -1, character: 0 }, end: { line: 1e9, character: 0 } }, text: '' }], 4);
    assertSame(doc, '', rand, 'deleted across every piece');
    assert.deepEqual(doc.pieceLengths(), [0]);
  });

  it('edits spanning many pieces of very long lines, joining the halves of a "\\r\\n" and of a surrogate pair', () => {
    const rand = seededRandom(6);
    const line = '😀'.repeat(30000) + 'x'.repeat(25001);
    let expected = `${line}\r\n`.repeat(3) + 'a\rb\r\r\n';
    const doc = EditableDocuments.create('file:///l.yaml', 'yaml', 0, expected);
    assertSame(doc, expected, rand, 'long lines');
    // Cut from inside a surrogate pair across three long lines (and so many pieces), then
    // complete a surrogate pair and a "\r\n" from halves inserted one by one.
    const changes: TextDocumentContentChangeEvent[] = [
      { range: { start: { line: 0, character: 5 }, end: { line: 2, character: 70001 } }, text: '\ud83d' },
      { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, text: '\ude00\r' },
      { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } }, text: '\n' },
    ];
    expected = reference(expected, changes);
    doc.update(changes, 1);
    assertSame(doc, expected, rand, 'joined halves');
  });

  it('keeps a "\\r\\n" or a surrogate pair that an edit forms across a piece boundary in one piece', () => {
    const rand = seededRandom(9);
    const lines = ['ab\n', '\n', '\ude00c\n'];
    let expected = Array.from({ length: 40000 }, () => lines[int(rand, 0, 2)]).join('');
    const doc = EditableDocuments.create('file:///p.yaml', 'yaml', 0, expected);
    // Replace the "\n" before each boundary (edits keep the length, so offsets stay) with the
    // half that pairs with the first character of the next piece.
    let boundary = 0;
    let version = 0;
    let pairs = 0;
    for (const length of doc.pieceLengths().slice(0, -1)) {
      boundary += length;
      const next = expected[boundary];
      if (next === 'a') continue;
      pairs++;
      const ref = TextDocument.create('file:///p.yaml', 'yaml', 0, expected);
      const change = { range: { start: ref.positionAt(boundary - 1), end: ref.positionAt(boundary) }, text: next === '\n' ? '\r' : '\ud83d' };
      expected = reference(expected, [change]);
      doc.update([change], ++version);
    }
    assert.ok(pairs >= 5, `${pairs} seams`);
    assertSame(doc, expected, rand, 'after the seams');
    // And a "\n" inserted at the start of a piece after one ending with a lone "\r" (from the
    // last boundary back, so that the offsets of the others stay).
    expected = Array.from({ length: 40000 }, () => (rand() < 0.5 ? 'ab\r' : 'cd\n')).join('');
    const other = EditableDocuments.create('file:///p.yaml', 'yaml', 0, expected);
    const boundaries = other.pieceLengths().slice(0, -1).map(((sum) => (length: number) => (sum += length))(0));
    pairs = 0;
    for (const at of boundaries.reverse()) {
      if (expected[at - 1] !== '\r') continue;
      pairs++;
      const position = TextDocument.create('file:///p.yaml', 'yaml', 0, expected).positionAt(at);
      const change = { range: { start: position, end: position }, text: '\n' };
      expected = reference(expected, [change]);
      other.update([change], ++version);
    }
    assert.ok(pairs >= 5, `${pairs} seams`);
    assertSame(other, expected, rand, 'after the seams');
  });

  it('keeps pieces bounded over a long typing session', () => {
    const rand = seededRandom(7);
    const doc = EditableDocuments.create('file:///s.yaml', 'yaml', 0, randomText(rand, 100000));
    for (let v = 1; v <= 5000; v++) {
      const offset = int(rand, 0, doc.length);
      const start = doc.positionAt(offset);
      const deleting = rand() < (doc.length > 120000 ? 0.8 : 0.4);
      const end = deleting ? doc.positionAt(offset + int(rand, 1, 300)) : start;
      doc.update([{ range: { start, end }, text: deleting ? '' : randomText(rand, int(rand, 1, 200)) }], v);
    }
    const lengths = doc.pieceLengths();
    assert.ok(Math.max(...lengths) <= MAX_PIECE);
    assert.ok(lengths.length <= Math.ceil(doc.length / 2048) + 1, `${lengths.length} pieces for ${doc.length} characters`);
    assertSame(doc, doc.pieceLengths().length ? doc.getText() : '', rand, 'after the session');
  });

  it('joins nothing while updating: an edit rewrites only the pieces it touches', () => {
    const rand = seededRandom(8);
    const doc = EditableDocuments.create('file:///j.yaml', 'yaml', 0, randomText(rand, 300000));
    const join = Array.prototype.join;
    let longest = 0;
    Array.prototype.join = function (this: unknown[], separator?: string) {
      const joined = join.call(this, separator);
      longest = Math.max(longest, joined.length);
      return joined;
    };
    try {
      for (let v = 1; v <= 200; v++) {
        const start = doc.positionAt(int(rand, 0, doc.length));
        const end = v % 50 === 0 ? doc.positionAt(doc.offsetAt(start) + 60000) : start;
        doc.update([{ range: { start, end }, text: randomText(rand, int(rand, 0, 3)) }], v);
      }
    } finally {
      Array.prototype.join = join;
    }
    assert.ok(longest < 100, `joined ${longest} characters`); // randomText's own joins
    assert.ok(Math.max(...doc.pieceLengths()) <= MAX_PIECE);
  });

  it('throws on a change event that is neither incremental nor full, like TextDocument', () => {
    const doc = EditableDocuments.create('file:///x.yaml', 'yaml', 0, 'a');
    assert.throws(() => doc.update([{ text: 'b', rangeLength: 1 } as unknown as TextDocumentContentChangeEvent], 1), /Unknown change event/);
  });

  it('plugs into TextDocuments', () => {
    const config: TextDocumentsConfiguration<EditableDocument> = EditableDocuments;
    const doc = config.create('file:///t.yaml', 'yaml', 3, 'a: 1\n');
    assert.equal(config.update(doc, [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '2' }], 4), doc);
    assert.deepEqual([doc.uri, doc.languageId, doc.version, doc.getText()], ['file:///t.yaml', 'yaml', 4, 'a: 2\n']);
  });
});

describe('EditableDocument edit log', () => {
  const at = (line: number, character: number) => ({ line, character });
  const insert = (doc: EditableDocument, version: number, text: string, line = 0, character = 0) =>
    doc.update([{ range: { start: at(line, character), end: at(line, character) }, text }], version);

  it('hands over the edits since a version, in order, in offsets of the text before each', () => {
    const doc = EditableDocuments.create('file:///a.yaml', 'yaml', 1, 'ab\ncd\n');
    assert.deepEqual(doc.editsSince(1), []);
    doc.update(
      [
        { range: { start: at(1, 1), end: at(0, 1) }, text: 'X' },
        { range: { start: at(0, 0), end: at(0, 0) }, text: '>' },
      ],
      2,
    );
    doc.update([], 3);
    insert(doc, 4, '!', 9, 9);
    assert.equal(doc.getText(), '>aXd\n!');
    assert.deepEqual(doc.editsSince(1), [
      { start: 1, end: 4, newText: 'X' },
      { start: 0, end: 0, newText: '>' },
      { start: 5, end: 5, newText: '!' },
    ]);
    assert.deepEqual(doc.editsSince(2), [{ start: 5, end: 5, newText: '!' }]);
    assert.deepEqual(doc.editsSince(3), [{ start: 5, end: 5, newText: '!' }]);
    assert.deepEqual(doc.editsSince(4), []);
    assert.equal(doc.editsSince(0), undefined, 'never seen');
    assert.equal(doc.editsSince(5), undefined, 'not yet');
  });

  it('forgets consumed edits and answers undefined for the versions before them', () => {
    const doc = EditableDocuments.create('file:///a.yaml', 'yaml', 1, '');
    for (let v = 2; v <= 6; v++) insert(doc, v, String(v));
    doc.forgetEditsUpTo(4);
    assert.equal(doc.editsSince(1), undefined);
    assert.equal(doc.editsSince(3), undefined);
    assert.equal(applyEdits('432', doc.editsSince(4)!), doc.getText());
    assert.equal(doc.editsSince(5)!.length, 1);
    doc.forgetEditsUpTo(100);
    assert.deepEqual(doc.editsSince(6), []);
    assert.equal(doc.editsSince(5), undefined);
  });

  it('starts over after a full-text change', () => {
    const doc = EditableDocuments.create('file:///a.yaml', 'yaml', 1, 'a');
    insert(doc, 2, 'b');
    doc.update([{ range: { start: at(0, 0), end: at(0, 0) }, text: 'c' }, { text: 'new' }, { range: { start: at(0, 3), end: at(0, 3) }, text: '!' }], 3);
    assert.equal(doc.getText(), 'new!');
    assert.equal(doc.editsSince(1), undefined);
    assert.equal(doc.editsSince(2), undefined);
    assert.deepEqual(doc.editsSince(3), []);
    insert(doc, 4, '?');
    assert.deepEqual(doc.editsSince(3), [{ start: 0, end: 0, newText: '?' }]);
  });

  it('bounds the log by count and by inserted text, dropping the oldest quarter and more when over', () => {
    const doc = EditableDocuments.create('file:///a.yaml', 'yaml', 0, '');
    for (let v = 1; v <= 1000; v++) insert(doc, v, 'x');
    assert.equal(doc.editsSince(0)!.length, 1000);
    insert(doc, 1001, 'x');
    assert.equal(doc.editsSince(0), undefined);
    assert.equal(doc.editsSince(250), undefined);
    assert.equal(doc.editsSince(251)!.length, 750);
    insert(doc, 1002, 'y'.repeat(3 * 1024 * 1024));
    assert.equal(doc.editsSince(1000)!.length, 2);
    insert(doc, 1003, 'z'.repeat(2 * 1024 * 1024));
    assert.equal(doc.editsSince(1001), undefined);
    assert.equal(doc.editsSince(1002)!.length, 1);
    insert(doc, 1004, 'w'.repeat(5 * 1024 * 1024));
    assert.equal(doc.editsSince(1003), undefined);
    assert.deepEqual(doc.editsSince(1004), []);
    assert.equal(doc.byteLength(), Buffer.byteLength(doc.getText()));
  });
});
