import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileFinding } from '../core/types';
import { sameFindings, toDiagnostics } from './convert';
import { LineIndex } from '../core/text';

const finding = (over: Partial<FileFinding> = {}): FileFinding => ({
  uri: 'file:///a.yaml', rule: 'regex-full-match', severity: 'warning', message: 'm', start: 2, end: 5,
  fixes: [{ title: 'anchor', safe: false, edits: [{ start: 2, end: 2, newText: '.*' }] }],
  ...over,
});

describe('sameFindings', () => {
  it('is true exactly when the diagnostics would be the same', () => {
    const text = 'a\nbcdefg\n';
    const cases: Array<Partial<FileFinding>> = [
      { rule: 'regex-syntax-error' }, { severity: 'error' }, { message: 'n' }, { start: 3 }, { end: 6 }, { fixes: [] },
      { fixes: [{ title: 'other', safe: false, edits: [{ start: 2, end: 2, newText: '.*' }] }] },
      { fixes: [{ title: 'anchor', safe: true, edits: [{ start: 2, end: 2, newText: '.*' }] }] },
      { fixes: [{ title: 'anchor', safe: false, preferred: true, edits: [{ start: 2, end: 2, newText: '.*' }] }] },
      { fixes: [{ title: 'anchor', safe: false, edits: [{ start: 2, end: 3, newText: '.*' }] }] },
      { fixes: [{ title: 'anchor', safe: false, edits: [{ start: 2, end: 2, newText: '.+' }] }] },
    ];
    const base = [finding()];
    assert.equal(sameFindings(base, [finding()]), true);
    assert.deepEqual(toDiagnostics(new LineIndex(text), base, 1), toDiagnostics(new LineIndex(text), [finding()], 1));
    for (const c of cases) {
      const other = [finding(c)];
      assert.equal(sameFindings(base, other), false, JSON.stringify(c));
      assert.notDeepEqual(toDiagnostics(new LineIndex(text), base, 1), toDiagnostics(new LineIndex(text), other, 1), JSON.stringify(c));
    }
    assert.equal(sameFindings(base, [...base, finding()]), false);
    assert.equal(sameFindings([], []), true);
  });
});
