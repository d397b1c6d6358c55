/**
 * The names and shapes the language server and its clients agree on, beyond plain LSP.
 * Kept free of imports so the VS Code client can use it without pulling in the server.
 */

/** `source` of every diagnostic the server publishes. */
export const SOURCE = 'istio-tips';

/** Code action kind of "apply every safe fix in the file" (usable in `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.istio-tips';

/** Client-side commands (implemented by the VS Code extension). */
export const Commands = {
  showRuleDocumentation: 'istioTips.showRuleDocumentation',
  fixAllInFile: 'istioTips.fixAllInFile',
  fixAllInFileUnsafe: 'istioTips.fixAllInFileUnsafe',
  restartServer: 'istioTips.restartServer',
} as const;

/** Request `istioTips/ruleDocumentation`: the full markdown page of a rule, or null for an unknown id. */
export const RULE_DOCUMENTATION_REQUEST = 'istioTips/ruleDocumentation';
export interface RuleDocumentationParams {
  id: string;
}
export type RuleDocumentationResult = string | null;

/**
 * Request `istioTips/fixAllUnsafe`: every fix of the open document, those that change
 * behaviour included (for a command that lists them and asks first; `source.fixAll` stays
 * safe-only). Null when nothing would change.
 */
export const FIX_ALL_UNSAFE_REQUEST = 'istioTips/fixAllUnsafe';
export interface FixAllUnsafeParams {
  uri: string;
}
export interface FixAllUnsafeResult {
  /** Document version the edit applies to. */
  version: number;
  /** One edit turning that version into the fixed text. */
  edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  /** Total fixes applied, over all passes. */
  applied: number;
  /** The fixes among them that change behaviour. */
  unsafe: { rule: string; title: string }[];
}

/** Request `istioTips/listRules`: every rule users can name, for pickers. */
export const LIST_RULES_REQUEST = 'istioTips/listRules';
export interface RuleSummary {
  id: string;
  summary: string;
  severity: string;
}

/**
 * Request `istioTips/memoryUsage` → `process.memoryUsage()` of the server plus `heapSpaces`
 * (`v8.getHeapSpaceStatistics()`), after a full garbage collection when the server runs with
 * `--expose-gc`. For leak tests and bug reports.
 */
export const MEMORY_USAGE_REQUEST = 'istioTips/memoryUsage';

/**
 * Request `istioTips/idle` → null once the server has nothing left to do (no analysis
 * scheduled, no configuration reload, workspace scan or file-event batch running). The
 * diagnostics published before the answer are the settled ones: the last publish of each
 * document is its final state. For tests and tools that must not guess with timers.
 */
export const IDLE_REQUEST = 'istioTips/idle';

/** Notification `istioTips/status`, sent after each analysis of an open document. */
export const STATUS_NOTIFICATION = 'istioTips/status';
export interface StatusParams {
  uri: string;
  /** Document version the numbers describe. */
  version: number;
  /** Istio resources in the file (API groups *.istio.io; not the workloads and Services the rules also read). */
  resources: number;
  /** Findings published for the file. */
  findings: number;
  /** Distinct kinds of those resources, in file order. */
  kinds: string[];
  /** Set when the file was not analysed (too large, analysis disabled, binary). */
  skipped?: string;
  /** What the analysis could not check (Helm/Go template directives: templated values). */
  notices?: string[];
}

/** What each published diagnostic carries in `data`, for code actions. */
export interface DiagnosticData {
  /** Version of the document the diagnostic (and its fix edits) were computed for. */
  version: number;
  fixes: DataFix[];
}

export interface DataFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
}

/**
 * `initializationOptions` the server understands. Settings may also come from
 * `workspace/configuration` (section `istioTips`) and `workspace/didChangeConfiguration`.
 */
export interface InitializationOptions {
  /** Same shape as the `istioTips.*` settings; used when the client cannot answer `workspace/configuration`. */
  istioTips?: Record<string, unknown>;
  /** True when the client implements the `istioTips.*` commands (the VS Code extension does). */
  clientCommands?: boolean;
}
