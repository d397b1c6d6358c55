/**
 * `--diff`: a unified diff (as `diff -u` and `git apply` read it) between a file and its
 * fixed text. Line diff by Myers' O(ND) algorithm: fixes change few lines of files that may
 * hold tens of thousands, so the cost follows the changes, not the file size. Common leading
 * and trailing lines are trimmed first.
 */

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string; aNo: number; bNo: number };

/** Marks a last line without "\n", so that it differs from the same line with one. */
const NO_EOL = '\u0000no-eol';

/** Splits into lines without their "\n"; a last line without one carries NO_EOL. */
function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_EOL;
  return lines;
}

/** The shortest edit script from a to b, as a list of kept, removed and added lines. */
function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2)); // the frontier of d-1, indices -d-1..d+1
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x; // in place: this step reads only diagonals of the other parity
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  // Walk back through the frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]; // frontier after d-1 steps, index k maps to prev[k + d + 1]
    const at = (k: number) => prev[k + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) {
      x--;
      y--;
      ops.push({ kind: ' ', line: a[x], aNo: x, bNo: y });
    }
    if (down) {
      y--;
      ops.push({ kind: '+', line: b[y], aNo: x, bNo: y });
    } else {
      x--;
      ops.push({ kind: '-', line: a[x], aNo: x, bNo: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: ' ', line: a[x], aNo: x, bNo: y });
  }
  return ops.reverse();
}

/**
 * The unified diff of `before` -> `after` with `---`/`+++` headers naming `name`
 * (`a/name`, `b/name`), or '' when they are equal.
 */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const a = toLines(before);
  const b = toLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail)).map((o) => ({ ...o, aNo: o.aNo + head, bNo: o.bNo + head }));
  const ops: Op[] = [];
  for (let i = Math.max(0, head - CONTEXT); i < head; i++) ops.push({ kind: ' ', line: a[i], aNo: i, bNo: i });
  ops.push(...middle);
  for (let i = 0; i < Math.min(CONTEXT, tail); i++) {
    const ai = a.length - tail + i;
    ops.push({ kind: ' ', line: a[ai], aNo: ai, bNo: b.length - tail + i });
  }
  const out = [`--- a/${name}`, `+++ b/${name}`];
  // Group changes whose context overlaps into hunks.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i].kind === ' ') i++;
    if (i >= ops.length) break;
    let start = i;
    while (start > 0 && ops[start - 1].kind === ' ' && i - start < CONTEXT) start--;
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let run = end;
      while (run < ops.length && ops[run].kind === ' ') run++;
      if (run < ops.length && run - end <= 2 * CONTEXT) {
        end = run;
        continue;
      }
      end = Math.min(end + CONTEXT, run);
      break;
    }
    const hunk = ops.slice(start, end);
    const aStart = hunk[0].aNo;
    const bStart = hunk[0].bNo;
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const range = (s: number, c: number) => (c === 1 ? `${s + 1}` : `${c === 0 ? s : s + 1},${c}`);
    out.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@`);
    for (const o of hunk) {
      if (o.line.endsWith(NO_EOL)) out.push(`${o.kind}${o.line.slice(0, -NO_EOL.length)}`, '\\ No newline at end of file');
      else out.push(`${o.kind}${o.line}`);
    }
    i = end;
  }
  return `${out.join('\n')}\n`;
}
