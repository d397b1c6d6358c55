/**
 * Fix-all: apply the first safe fix of every finding, re-analyse, repeat until nothing
 * changes (bounded), because one fix can reveal or unblock another (two overlapping fixes
 * go in two passes). One loop for a set of files analysed together (`istio-tips lint --fix`:
 * a fix in one file can change cross-file findings in another) and for one text (the
 * language server's `source.fixAll.istio-tips`).
 */
import { applyFixes } from './edits';
import type { Finding } from './types';

export const MAX_FIX_PASSES = 10;

/**
 * `text` with the first safe fix of each finding applied (a finding's fixes are alternatives);
 * whole fixes only, an overlapping one waits for the next pass. `applied` is 0 when the text
 * did not change.
 */
function applySafeFixes(text: string, findings: readonly Finding[]): { text: string; applied: number } {
  const safe = findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));
  if (!safe.length) return { text, applied: 0 };
  const result = applyFixes(text, safe);
  return result.applied === 0 || result.text === text ? { text, applied: 0 } : { text: result.text, applied: result.applied };
}

export interface FixFilesResult<A> {
  /** Every file, fixed or not. */
  texts: Map<string, string>;
  /** Fixes applied per file that changed, over all passes. */
  fixed: Map<string, number>;
  /** Passes that changed at least one file. */
  passes: number;
  /** The analysis of the final texts. */
  analysis: A;
}

/**
 * Fixes files analysed together: each pass applies the safe fixes of every file, then
 * `analyze` sees all the new texts at once. Findings of keys not in `initial` are ignored.
 */
export function fixFiles<A extends { findings: ReadonlyMap<string, readonly Finding[]> }>(
  initial: ReadonlyMap<string, string>,
  analyze: (texts: ReadonlyMap<string, string>) => A,
  maxPasses = MAX_FIX_PASSES,
): FixFilesResult<A> {
  const texts = new Map(initial);
  const fixed = new Map<string, number>();
  let analysis = analyze(texts);
  let passes = 0;
  while (passes < maxPasses) {
    let changed = false;
    for (const [key, findings] of analysis.findings) {
      const before = texts.get(key);
      if (before === undefined) continue;
      const result = applySafeFixes(before, findings);
      if (!result.applied) continue;
      texts.set(key, result.text);
      fixed.set(key, (fixed.get(key) ?? 0) + result.applied);
      changed = true;
    }
    if (!changed) break;
    passes++;
    analysis = analyze(texts);
  }
  return { texts, fixed, passes, analysis };
}

export interface FixAllResult {
  text: string;
  /** Number of fixes applied over all passes. */
  applied: number;
  /** Passes that changed the text. */
  passes: number;
  /** Findings of the final text. */
  remaining: Finding[];
}

/** {@link fixFiles} for one text; `analyze` gives its findings (the rest of a workspace, if any, held still). */
export function fixAll(text: string, analyze: (text: string) => Finding[], maxPasses = MAX_FIX_PASSES): FixAllResult {
  const one = (findings: Finding[]) => ({ findings: new Map([['', findings]]) });
  const r = fixFiles(new Map([['', text]]), (texts) => one(analyze(texts.get('')!)), maxPasses);
  return { text: r.texts.get('')!, applied: r.fixed.get('') ?? 0, passes: r.passes, remaining: r.analysis.findings.get('')! };
}
