/**
 * What an analysis of a file is made of: the engine produces these, and its helpers
 * (engine-findings, engine-memo, workspace-index) read them. Kept apart from engine.ts so
 * that those helpers do not import the engine that imports them.
 */
import type { Finding, Span } from './types';

/** What the engine remembers of one document. No AST: memory stays proportional to findings and facts. */
export interface DocResult {
  index: number;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  /** Whether the document was parsed (false: no rule reads its kind). */
  parsed: boolean;
  /** Whether the document's text holds a suppression comment (`istio-tips-disable…`). */
  suppressions: boolean;
  findings: Finding[];
  facts: Map<string, unknown[]>;
  templates: Span[];
}

export interface FileAnalysis {
  uri: string;
  /** The file's text (for an analysis made from edits, joined when first read). */
  readonly text: string;
  /** `text.length`, without building the text. */
  length: number;
  /** The text of document `i` (a slice, or the document's own string), without building the file's. */
  docText?(i: number): string;
  /** Start offset of each document in `text`, by document index. */
  docStarts: number[];
  docs: DocResult[];
  /** Things the user should be told once per file (skipped content, templates). */
  notices: string[];
}
