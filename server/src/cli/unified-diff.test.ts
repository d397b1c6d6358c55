import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unifiedDiff } from './unified-diff';

/** Lines with their line breaks (the last one may have none). */
const withBreaks = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Applies a unified diff made by unifiedDiff (hunks in order, context checked). */
function apply(before: string, diff: string): string {
  const a = withBreaks(before);
  const out: string[] = [];
  let i = 0; // next line of a (0-based)
  const lines = diff.split('\n').slice(2, -1);
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(l);
    if (h) {
      const start = Number(h[2] ?? 1) === 0 ? Number(h[1]) : Number(h[1]) - 1;
      while (i < start) out.push(a[i++]);
      continue;
    }
    if (l === '\\ No newline at end of file') continue;
    const line = l.slice(1) + (lines[k + 1] === '\\ No newline at end of file' ? '' : '\n');
    if (l[0] !== '+') {
      assert.equal(a[i], line, `context at line ${i + 1}`);
      i++;
    }
    if (l[0] !== '-') out.push(line);
  }
  while (i < a.length) out.push(a[i++]);
  return out.join('');
}

describe('unifiedDiff', () => {
  it('prints headers, hunk ranges and three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    assert.equal(unifiedDiff('x.yaml', before, after), '--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
    assert.equal(unifiedDiff('x.yaml', before, before), '');
  });

  it('marks a last line without a line break', () => {
    assert.equal(unifiedDiff('f', 'a\n', 'a'), '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n');
  });

  it('round-trips random edits', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let t = 0; t < 500; t++) {
      const a = Array.from({ length: rnd(40) }, () => `l${rnd(6)}`);
      const b = a.slice();
      for (let e = rnd(6); e > 0; e--) {
        const at = rnd(b.length + 1);
        if (rnd(2)) b.splice(at, 1);
        else b.splice(at, 0, `n${rnd(6)}`);
      }
      const before = a.join('\n') + (rnd(2) ? '\n' : '');
      const after = b.join('\n') + (rnd(2) ? '\n' : '');
      const diff = unifiedDiff('f', before, after);
      if (before === after) assert.equal(diff, '');
      else assert.equal(apply(before, diff), after, `${JSON.stringify(before)} -> ${JSON.stringify(after)}\n${diff}`);
    }
  });

  it('costs what the changes cost, not what the file weighs', () => {
    const big = Array.from({ length: 60_000 }, (_, i) => `line ${i}`);
    const changed = big.slice();
    changed[100] = 'x';
    changed[59_000] = 'y';
    const diff = unifiedDiff('big', `${big.join('\n')}\n`, `${changed.join('\n')}\n`);
    assert.equal(diff.split('\n').filter((l) => l.startsWith('@@')).length, 2);
  });
});
