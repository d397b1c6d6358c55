/**
 * --fix over a workspace: apply the first safe fix of every finding (whole fixes only:
 * `applyFixes` drops a fix that overlaps one already taken), re-analyse every file
 * (a fix in one file can change cross-file findings in another), and repeat until
 * nothing changes, within a bound.
 */
import { applyFixes, type Analyzer, type Config, type FileAnalysis, type FileFinding } from '../core';

export interface WorkspaceAnalysis {
  analyses: FileAnalysis[];
  findings: Map<string, FileFinding[]>;
}

export function analyzeAll(analyzer: Analyzer, texts: ReadonlyMap<string, string>, config: Config): WorkspaceAnalysis {
  const analyses = [...texts].map(([uri, text]) => analyzer.analyzeFile(uri, text, config));
  return { analyses, findings: analyzer.analyzeWorkspace(analyses, config) };
}

export interface FixResult extends WorkspaceAnalysis {
  texts: Map<string, string>;
  /** Fixes applied per file, over all passes. */
  fixed: Map<string, number>;
  passes: number;
}

export const MAX_FIX_PASSES = 10;

export function fixWorkspace(analyzer: Analyzer, initial: ReadonlyMap<string, string>, config: Config, maxPasses = MAX_FIX_PASSES): FixResult {
  const texts = new Map(initial);
  const fixed = new Map<string, number>();
  let state = analyzeAll(analyzer, texts, config);
  let passes = 0;
  while (passes < maxPasses) {
    let changed = false;
    for (const [uri, findings] of state.findings) {
      const safe = findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));
      if (!safe.length) continue;
      const before = texts.get(uri);
      if (before === undefined) continue;
      const result = applyFixes(before, safe);
      if (result.applied === 0 || result.text === before) continue;
      texts.set(uri, result.text);
      fixed.set(uri, (fixed.get(uri) ?? 0) + result.applied);
      changed = true;
    }
    if (!changed) break;
    passes++;
    state = analyzeAll(analyzer, texts, config);
  }
  return { ...state, texts, fixed, passes };
}
