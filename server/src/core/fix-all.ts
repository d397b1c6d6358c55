/**
 * Fix-all: apply the first safe fix of every finding (with `unsafe`, a finding without a
 * safe fix gets its first fix, which changes behaviour: `--unsafe-fixes`, the editor's
 * "including fixes that change behaviour"), re-analyse, repeat until nothing changes (bounded), because one fix can reveal or unblock another (two overlapping fixes
 * go in two passes). One loop for a set of files analysed together (`istio-tips lint --fix`:
 * a fix in one file can change cross-file findings in another) and for one text (the
 * language server's `source.fixAll.istio-tips`).
 */
import { applyFixes } from './edits';
import type { Finding, Fix } from './types';

export const MAX_FIX_PASSES = 10;

export interface FixOptions {
  /** Also apply a fix that changes behaviour where a finding has no safe one. */
  unsafe?: boolean;
  maxPasses?: number;
}

/** The fix fix-all applies for a finding: its first safe fix, else (unsafe) its preferred or first one. */
export function fixToApply(f: Finding, unsafe = false): Fix | undefined {
  return f.fixes.find((x) => x.safe) ?? (unsafe ? (f.fixes.find((x) => x.preferred) ?? f.fixes[0]) : undefined);
}

/**
 * `text` with the chosen fix of each finding applied (a finding's fixes are alternatives);
 * whole fixes only, an overlapping one waits for the next pass. `applied` is 0 when the text
 * did not change.
 */
function applyChosenFixes(text: string, findings: readonly Finding[], unsafe: boolean): { text: string; applied: number; unsafe: AppliedFix[] } {
  const chosen = findings.flatMap((f) => {
    const fix = fixToApply(f, unsafe);
    return fix ? [{ edits: fix.edits, fix, rule: f.rule }] : [];
  });
  if (!chosen.length) return { text, applied: 0, unsafe: [] };
  const result = applyFixes(text, chosen);
  if (result.applied === 0 || result.text === text) return { text, applied: 0, unsafe: [] };
  const risky = result.appliedFixes.filter((c) => !c.fix.safe).map((c) => ({ rule: c.rule, title: c.fix.title }));
  return { text: result.text, applied: result.applied, unsafe: risky };
}

/** A fix that changes behaviour, as applied: for the list a user confirms or a CLI summary. */
export interface AppliedFix {
  rule: string;
  title: string;
}

export interface FixFilesResult<A> {
  /** Every file, fixed or not. */
  texts: Map<string, string>;
  /** Fixes applied per file that changed, over all passes. */
  fixed: Map<string, number>;
  /** Passes that changed at least one file. */
  passes: number;
  /** Fixes that change behaviour applied per file (only with `unsafe`). */
  unsafe: Map<string, AppliedFix[]>;
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
  options: FixOptions = {},
): FixFilesResult<A> {
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  const texts = new Map(initial);
  const fixed = new Map<string, number>();
  const unsafe = new Map<string, AppliedFix[]>();
  let analysis = analyze(texts);
  let passes = 0;
  while (passes < maxPasses) {
    let changed = false;
    for (const [key, findings] of analysis.findings) {
      const before = texts.get(key);
      if (before === undefined) continue;
      const result = applyChosenFixes(before, findings, options.unsafe === true);
      if (!result.applied) continue;
      texts.set(key, result.text);
      fixed.set(key, (fixed.get(key) ?? 0) + result.applied);
      if (result.unsafe.length) unsafe.set(key, [...(unsafe.get(key) ?? []), ...result.unsafe]);
      changed = true;
    }
    if (!changed) break;
    passes++;
    analysis = analyze(texts);
  }
  return { texts, fixed, passes, unsafe, analysis };
}

export interface FixAllResult {
  text: string;
  /** Number of fixes applied over all passes. */
  applied: number;
  /** Passes that changed the text. */
  passes: number;
  /** Findings of the final text. */
  remaining: Finding[];
  /** Fixes that change behaviour that were applied (only with `unsafe`). */
  unsafe: AppliedFix[];
}

/** {@link fixFiles} for one text; `analyze` gives its findings (the rest of a workspace, if any, held still). */
export function fixAll(text: string, analyze: (text: string) => Finding[], options: FixOptions = {}): FixAllResult {
  const one = (findings: Finding[]) => ({ findings: new Map([['', findings]]) });
  const r = fixFiles(new Map([['', text]]), (texts) => one(analyze(texts.get('')!)), options);
  return { text: r.texts.get('')!, applied: r.fixed.get('') ?? 0, passes: r.passes, remaining: r.analysis.findings.get('')!, unsafe: r.unsafe.get('') ?? [] };
}
