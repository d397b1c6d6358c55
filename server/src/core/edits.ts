import type { TextEdit } from './types';

/**
 * Applies non-overlapping edits to text. Overlapping edits (two fixes touching the same
 * range) keep the first one in document order and drop the rest, so fix-all never
 * produces garbled text; the dropped fixes are found again by the next analysis.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let last = -1;
  for (const e of sorted) {
    if (e.start < last || e.start < 0 || e.end > text.length || e.end < e.start) skipped.push(e);
    else {
      applied.push(e);
      last = e.end;
    }
  }
  let out = '';
  let pos = 0;
  for (const e of applied) {
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return { text: out + text.slice(pos), applied, skipped };
}

/**
 * Applies whole fixes: a fix whose edits overlap an edit already taken is left out as a
 * whole (never half-applied). Returns the new text and how many fixes were applied.
 */
export function applyFixes<F extends { edits: readonly TextEdit[] }>(text: string, fixes: readonly F[]): { text: string; applied: number; skipped: number; appliedFixes: F[] } {
  const taken: TextEdit[] = [];
  const appliedFixes: F[] = [];
  let applied = 0;
  let skipped = 0;
  const overlaps = (a: TextEdit, b: TextEdit) => a.start < b.end && b.start < a.end || (a.start === b.start && a.end === a.start && b.end === b.start);
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) {
      skipped++;
      continue;
    }
    taken.push(...fix.edits);
    appliedFixes.push(fix);
    applied++;
  }
  return { text: applyEdits(text, taken).text, applied, skipped, appliedFixes };
}
