/**
 * Fix-all: apply every safe fix, re-analyse, repeat until nothing changes (bounded),
 * because one fix can reveal or unblock another (two overlapping fixes go in two passes).
 * Shared by the CLI (`--fix`) and the language server (`source.fixAll.istio-tips`).
 */
import { applyFixes } from './edits';
import type { Finding } from './types';

export interface FixAllResult {
  text: string;
  /** Number of fixes applied over all passes. */
  applied: number;
  passes: number;
  /** Findings of the final text. */
  remaining: Finding[];
}

export function fixAll(text: string, analyze: (text: string) => Finding[], maxPasses = 10): FixAllResult {
  let current = text;
  let applied = 0;
  let findings = analyze(current);
  let passes = 0;
  while (passes < maxPasses) {
    const safe = findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));
    if (!safe.length) break;
    const result = applyFixes(current, safe);
    passes++;
    if (result.applied === 0 || result.text === current) break;
    applied += result.applied;
    current = result.text;
    findings = analyze(current);
  }
  return { text: current, applied, passes, remaining: findings };
}
