/**
 * Core vocabulary shared by the engine, the rules and the faces (LSP, CLI).
 * Every position here is a UTF-16 code-unit offset into the text it came from
 * (JavaScript string indices), 0-based. Faces convert to line/column once, at the edge.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Replace text[start, end) with newText. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes keep the meaning (or only remove something Istio ignores) and may be applied unattended (--fix, fix-all). */
  safe: boolean;
  /** The fix an editor should propose first (Ctrl+. then Enter). Defaults to `safe`. */
  preferred?: boolean;
  edits: TextEdit[];
}

/** Another place that takes part in a finding (the policy that decides, the rule it breaks). */
export interface RelatedLocation {
  /** The file, as the finding's own `uri` is written. */
  uri: string;
  /** Offsets into that file's text. */
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** The longer explanation of this finding (Markdown), for the hover; absent when the message says it all. */
  detail?: string;
  start: number;
  end: number;
  fixes: Fix[];
  /** Other resources involved (cross-file findings): both sides of a conflict. */
  related?: RelatedLocation[];
  /**
   * Rules whose findings inside this finding's range are the same mistake seen from another
   * side (a Markdown-escaped regex is also an invalid YAML escape in double quotes): they are
   * dropped when this finding is shown, so one mistake is one entry. Kept when this finding
   * is turned off or suppressed.
   */
  absorbs?: readonly string[];
}

/** A finding together with the file it belongs to. */
export interface FileFinding extends Finding {
  uri: string;
}

/** A half-open text range. */
export interface Span {
  start: number;
  end: number;
}
