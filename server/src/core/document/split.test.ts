/**
 * Document splitting: the full split against a straightforward reference, and the
 * incremental re-split (used on every keystroke) against the full split, on random texts
 * and random edits made of the characters that matter (markers, comments, directives).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { documentStarts, editDocuments, replaceInDocuments, splitDocuments, textEdit, type Chunk } from './split';
import type { TextEdit } from '../types';
import { seededRandom } from '../../test-support/seeded-random';

/** The original line-scan splitter, kept as the reference. */
function reference(text: string): Chunk[] {
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  const preamble = (from: number, to: number) =>
    text
      .slice(from, to)
      .split('\n')
      .every((l, i) => {
        const t = l.replace(/^[ \t\r\uFEFF]+/, '');
        return t === '' || t[0] === '#' || (t[0] === '%' && l[0] === '%' && (i > 0 || from === 0 || text[from - 1] === '\n'));
      });
  const chunks: Chunk[] = [];
  let start = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m[0] === '---') {
      if (!preamble(start, m.index)) {
        chunks.push({ start, end: m.index, index: chunks.length });
        start = m.index;
      }
    } else {
      const nl = text.indexOf('\n', m.index);
      const end = nl === -1 ? text.length : nl + 1;
      chunks.push({ start, end, index: chunks.length });
      start = end;
      marker.lastIndex = end;
    }
  }
  if (start < text.length || chunks.length === 0) {
    if (chunks.length === 0 || !preamble(start, text.length)) chunks.push({ start, end: text.length, index: chunks.length });
    else chunks[chunks.length - 1].end = text.length;
  }
  return chunks;
}

const PIECES = ['---\n', '--- \n', '---', '...\n', '...', '# c\n', '#', '%YAML 1.2\n', '%', 'a: 1\n', 'k: v', '\n', '\n\n', ' ', '  x: y\n', '-', '.', 'b:\n  - z\n', '\r\n', '\t'];

function randomText(r: () => number, parts: number): string {
  let t = '';
  for (let i = 0; i < parts; i++) t += PIECES[Math.floor(r() * PIECES.length)];
  return t;
}

function randomEdit(text: string, r: () => number): TextEdit {
  const start = Math.floor(r() * (text.length + 1));
  const end = Math.min(text.length, start + (r() < 0.5 ? 0 : Math.floor(r() * 12)));
  return { start, end, newText: r() < 0.3 ? '' : randomText(r, 1 + Math.floor(r() * 3)) };
}

const apply = (text: string, e: TextEdit) => text.slice(0, e.start) + e.newText + text.slice(e.end);
const textsOf = (text: string, starts: readonly number[]) => starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : text.length));

describe('document splitting', () => {
  it('agrees with the reference line scan', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 4000; i++) {
      const text = randomText(r, Math.floor(r() * 30));
      assert.deepEqual(splitDocuments(text), reference(text), JSON.stringify(text));
    }
  });

  it('re-splits after an edit exactly like a full split, given the edit or the whole new text, and only maps documents whose text is unchanged', () => {
    const r = seededRandom(2);
    for (let i = 0; i < 6000; i++) {
      let text = randomText(r, Math.floor(r() * 40));
      let starts = documentStarts(text);
      let texts = textsOf(text, starts);
      for (let k = 0; k < 5; k++) {
        const edit = randomEdit(text, r);
        const next = apply(text, edit);
        const where = `${JSON.stringify(text)} [${edit.start}, ${edit.end}) -> ${JSON.stringify(edit.newText)}`;
        const nextStarts = documentStarts(next);
        const expected = textsOf(next, nextStarts);
        // One edit: documents outside the replaced range are the very same strings.
        const got = replaceInDocuments(texts, starts, edit);
        assert.ok(got, 'an edit inside the text is applied');
        const merged = [...texts.slice(0, got.from), ...got.texts, ...texts.slice(got.oldTo)];
        assert.deepEqual(merged, expected, where);
        for (let m = 0; m < got.from; m++) assert.equal(merged[m], texts[m]);
        // The whole new text: the edit is found by comparing, and the mapping only pairs equal texts.
        assert.equal(apply(text, textEdit(text, next)), next, where);
        const whole = editDocuments(texts, starts, [textEdit(text, next)])!;
        assert.deepEqual([whole.starts, whole.texts], [nextStarts, expected], where);
        const { prefix, tailNew, tailOld } = whole.mapping;
        for (let m = 0; m < prefix; m++) assert.equal(whole.texts[m], texts[m]);
        if (tailNew !== -1) for (let m = tailNew; m < whole.texts.length; m++) assert.equal(whole.texts[m], texts[tailOld + m - tailNew]);
        text = next;
        starts = nextStarts;
        texts = merged;
      }
    }
  });

  it('keeps the documents of an untouched prefix and shifts those of the tail', () => {
    const doc = (n: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${n}\n`;
    const text = Array.from({ length: 50 }, (_, i) => doc(i)).join('---\n');
    const starts = documentStarts(text);
    const at = text.indexOf('name: s25') + 6;
    const next = text.slice(0, at) + 'x' + text.slice(at);
    const got = editDocuments(textsOf(text, starts), starts, [textEdit(text, next)])!;
    assert.deepEqual(got.starts, documentStarts(next));
    assert.deepEqual(got.mapping, { prefix: 25, tailNew: 26, tailOld: 26 });
  });

  it('replaces only the edited document of a long file, and refuses edits outside the text', () => {
    const doc = (n: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${n}\n`;
    const text = Array.from({ length: 50 }, (_, i) => doc(i)).join('---\n');
    const starts = documentStarts(text);
    const texts = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
    const at = text.indexOf('name: s25') + 6;
    assert.deepEqual(replaceInDocuments(texts, starts, { start: at, end: at, newText: 'x' }), {
      from: 25,
      oldTo: 26,
      texts: [texts[25].replace('name: s25', 'name: xs25')],
    });
    // Typing on a document's marker line re-scans from the document before it.
    const marker = starts[30];
    const got = replaceInDocuments(texts, starts, { start: marker + 3, end: marker + 3, newText: ' # c' })!;
    assert.deepEqual([got.from, got.oldTo, got.texts.length], [29, 31, 2]);
    assert.equal(replaceInDocuments(texts, starts, { start: 5, end: text.length + 1, newText: '' }), undefined);
    assert.equal(replaceInDocuments(texts, starts, { start: 5, end: 4, newText: '' }), undefined);
  });
});
