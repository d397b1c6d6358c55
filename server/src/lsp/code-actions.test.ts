import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../core/text';
import { applyEdits } from '../core/edits';
import { minimalEdit } from './code-actions';
import { disableFileEdit, disableLineEdit, parseSuppressions } from '../core/suppress';

const disableLine = (text: string, line: number, rule = 'r-a') => {
  const e = disableLineEdit(text, new LineIndex(text), line, rule);
  return e && applyEdits(text, [e]).text;
};
const disableFile = (text: string, rule = 'r-a') => {
  const e = disableFileEdit(text, new LineIndex(text), rule);
  return e && applyEdits(text, [e]).text;
};

describe('disable-for-line edits', () => {
  it('inserts above the line with its indentation, sequence items included', () => {
    assert.equal(disableLine('a:\n  - b: 1\n', 1), 'a:\n  # istio-tips-disable-next-line r-a\n  - b: 1\n');
    assert.equal(disableLine('a: 1\n', 0), '# istio-tips-disable-next-line r-a\na: 1\n');
    assert.equal(disableLine('a:\r\n  b: 1\r\n', 1), 'a:\r\n  # istio-tips-disable-next-line r-a\r\n  b: 1\r\n');
  });

  it('appends to a directive on the line above, before a reason, once', () => {
    assert.equal(disableLine('a:\n  # istio-tips-disable-next-line r-b\n  b: 1\n', 2), 'a:\n  # istio-tips-disable-next-line r-b, r-a\n  b: 1\n');
    assert.equal(disableLine('# istio-tips-disable-next-line r-b -- why\nb: 1\n', 1), '# istio-tips-disable-next-line r-b, r-a -- why\nb: 1\n');
    assert.equal(disableLine('# istio-tips-disable-next-line r-a\nb: 1\n', 1), undefined);
  });

  it('refuses lines inside multi-line strings, where a comment would become text', () => {
    const block = 'kind: X\ncode: |\n  line one\n  line two\nnext: 1\n';
    assert.equal(disableLine(block, 2), undefined);
    assert.equal(disableLine(block, 3), undefined);
    assert.equal(disableLine(block, 1), 'kind: X\n# istio-tips-disable-next-line r-a\ncode: |\n  line one\n  line two\nnext: 1\n');
    assert.equal(disableLine(block, 4), 'kind: X\ncode: |\n  line one\n  line two\n# istio-tips-disable-next-line r-a\nnext: 1\n');
    assert.equal(disableLine('kind: X\nre: "a\n  b"\n', 2), undefined);
    // Only the document holding the line is parsed.
    assert.equal(disableLine('a: |\n  x\n---\nb: 1\n', 3), 'a: |\n  x\n---\n# istio-tips-disable-next-line r-a\nb: 1\n');
  });
});

describe('suppression reasons', () => {
  it('the reader and the writer agree on where the reason starts', () => {
    for (const text of ['# istio-tips-disable-next-line r-b --\nb: 1\n', '# istio-tips-disable-next-line r-b -- why\nb: 1\n']) {
      const written = disableLine(text, 1)!;
      const read = parseSuppressions(written, new LineIndex(written))!;
      assert.ok(read.isSuppressed('r-a', 1) && read.isSuppressed('r-b', 1), written);
      assert.ok(!read.isSuppressed('why', 1));
    }
  });
});

describe('disable-for-file edits', () => {
  it('adds a directive on the first line, or appends to the existing one', () => {
    assert.equal(disableFile('a: 1\n'), '# istio-tips-disable-file r-a\na: 1\n');
    assert.equal(disableFile('a: 1\n# istio-tips-disable-file r-b\n'), 'a: 1\n# istio-tips-disable-file r-b, r-a\n');
    assert.equal(disableFile('# istio-tips-disable-file\na: 1\n'), undefined);
  });
});

describe('minimalEdit', () => {
  it('replaces only the differing middle', () => {
    assert.deepEqual(minimalEdit('mode: strict\n', 'mode: STRICT\n'), { start: 6, end: 12, newText: 'STRICT' });
    assert.deepEqual(minimalEdit('abc', 'abc'), { start: 3, end: 3, newText: '' });
    assert.deepEqual(minimalEdit('ab', 'aXb'), { start: 1, end: 1, newText: 'X' });
  });

  it('never splits a surrogate pair', () => {
    const e = minimalEdit('x\u{1F680}y', 'x\u{1F681}y');
    assert.equal(e.start, 1);
    assert.equal(e.end, 3);
    assert.equal(e.newText, '\u{1F681}');
  });
});
