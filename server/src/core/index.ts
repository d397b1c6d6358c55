/** Public surface of the pure core, used by the LSP server, the CLI, tests and benchmarks. */
export * from './types';
export * from './rule';
export * from './config';
export { globMatcher, globsMatcher, type GlobMatcher } from './glob';
export { Analyzer, type AnalyzerOptions, type FileAnalysis, type DocResult } from './engine';
export { deepEqual, sameFacts } from './engine-memo';
export { ALL_RULES, PENDING_RULES, RULE_IDS, findRule, documentedRules } from './registry';
export { LineIndex, type Position } from './text';
export { prepareCaseFolding, prepareCaseFoldingStep } from './regex/automata/charset';
export { applyEdits, applyFixes } from './edits';
export { fixAll, fixFiles, MAX_FIX_PASSES, type FixAllResult, type AppliedFix, type FixOptions } from './fix-all';
export { editorPageMarkdown, fixDescription, kindsDescription, ruleDocsUrl, findingHoverMarkdown, ruleMarkdown, turnOnText } from './rule-docs';
export { isKnownKind, splitApiVersion } from './kinds';
export { splitDocuments } from './document/split';
export { disableFileEdit, disableLineEdit } from './suppress';
export * from './services';
export * from './hover';
export { HOVER_PROVIDERS } from './registry';
export type { ResourceDoc } from './document/resource';

import { Analyzer } from './engine';
import { ALL_RULES } from './registry';
import { defaultConfig, type Config } from './config';
import type { FileFinding } from './types';
import type { Rule } from './rule';
import type { Services } from './services';

/** One-shot analysis of a set of files as one workspace. */
export function lintFiles(
  files: ReadonlyMap<string, string> | Record<string, string>,
  config: Config = defaultConfig(),
  services?: Services,
  rules: readonly Rule[] = ALL_RULES,
): Map<string, FileFinding[]> {
  const analyzer = new Analyzer({ rules, services });
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const analyses = entries.map(([uri, text]) => analyzer.analyzeFile(uri, text, config));
  return analyzer.analyzeWorkspace(analyses, config);
}
export { atBareWord, snippetCompletions, SNIPPETS, type Snippet, type SnippetCompletion } from './snippets';
export { expandSnippet } from './snippet-expand';
