/**
 * --fix over a workspace: the core's fix loop (core/fix-all.ts) with every file re-analysed
 * after each pass, because a fix in one file can change cross-file findings in another.
 */
import { type Analyzer, type Config, type FileAnalysis, type FileFinding, fixFiles, type AppliedFix, type FixOptions } from '../core';

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
  /** Of those, the fixes that change behaviour (only with `unsafe`). */
  unsafe: Map<string, AppliedFix[]>;
  passes: number;
}

export function fixWorkspace(analyzer: Analyzer, initial: ReadonlyMap<string, string>, config: Config, options: FixOptions = {}): FixResult {
  const { analysis, texts, fixed, unsafe, passes } = fixFiles(initial, (t) => analyzeAll(analyzer, t, config), options);
  return { ...analysis, texts, fixed, unsafe, passes };
}
