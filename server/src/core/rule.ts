/**
 * What a rule is: metadata (id, default severity, kinds, docs, fix availability)
 * plus a check. Document rules see one parsed resource; workspace rules see the facts
 * that indexers extracted from every file, so cross-file checks never hold ASTs.
 */
import type { ResourceDoc } from './document/resource';
import type { Fix, Severity, TextEdit } from './types';
import type { Config } from './config';
import type { Services } from './services';
import type { PatternMemo } from './regex/pattern-memo';

export interface RuleDocs {
  /** One sentence: what the rule catches. */
  summary: string;
  /** Why it matters: what breaks in the mesh, and what to do instead. Markdown. */
  why: string;
  /** A YAML example the rule flags (linted by the registry test: must fire). */
  bad: string;
  /** The corrected YAML (must not fire). */
  good: string;
  /** istio.io / envoyproxy.io / RE2 page with the authoritative explanation. */
  link: string;
}

/** Whether the rule offers fixes, and whether they are safe to apply unattended. */
export type FixAvailability = 'none' | 'safe' | 'unsafe' | 'sometimes-safe';

export type RuleFamily = 'yaml' | 'regex' | 'mtls' | 'traffic' | 'gateway' | 'authz' | 'annotation' | 'telemetry' | 'envoyfilter' | 'core';

/** An `istioctl analyze` message a rule corresponds to: its code and the analyzer that emits it. */
export interface IstioctlRef {
  code: string;
  analyzer: string;
}

export interface RuleMeta {
  id: string;
  family: RuleFamily;
  severity: Severity;
  /** Kinds the rule reads. Empty: every parsed document (also ones without apiVersion/kind). */
  kinds: readonly string[];
  /** Message templates; `{name}` placeholders are filled from report data. */
  messages: Readonly<Record<string, string>>;
  /**
   * Optional longer explanation per message key (same placeholders), shown in the hover as the
   * paragraph on the finding: messages stay short (at most 160 characters), the detail lives here.
   */
  details?: Readonly<Record<string, string>>;
  docs: RuleDocs;
  fix: FixAvailability;
  /** The istioctl analyze messages this rule covers (istio/istio pkg/config/analysis/msg/messages.yaml). */
  istioctl?: readonly IstioctlRef[];
  /**
   * false: the rule reports nothing until the user's config gives it a severity (`rules: { <id>: info }`),
   * for checks that most workspaces would find noisy. Absent: on.
   */
  defaultEnabled?: false;
}

export const enabledByDefault = (meta: RuleMeta): boolean => meta.defaultEnabled !== false;

/** The default severity as users read it: "info", or "info, off by default". */
export const defaultSeverityLabel = (meta: RuleMeta): string => (enabledByDefault(meta) ? meta.severity : `${meta.severity}, off by default`);

export interface ReportInput {
  start: number;
  end: number;
  /** A key of the rule's `messages`, or a literal message. */
  messageId?: string;
  message?: string;
  data?: Record<string, string | number>;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (before user config). */
  severity?: Severity;
  /** Rules whose findings inside this range are the same mistake (see `Finding.absorbs`). */
  absorbs?: readonly string[];
  /** Workspace rules: the other resources involved, with ranges relative to their documents. */
  related?: RelatedInput[];
}

export interface RelatedInput {
  at: DocRef;
  start: number;
  end: number;
  message: string;
}

export interface DocContext {
  readonly config: Config;
  /** The real regex engines (RE2 as in Envoy, Go regexp as in Istio's webhook). */
  readonly services: Services;
  /** What rules compute from a regex pattern alone, once per distinct pattern (shared by every document the Analyzer sees). */
  readonly patterns: PatternMemo;
  report(input: ReportInput): void;
}

export interface DocRule {
  readonly meta: RuleMeta;
  readonly scope: 'document';
  check(doc: ResourceDoc, ctx: DocContext): void;
}

/** Identity of the document a fact came from. */
export interface DocRef {
  uri: string;
  index: number;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
}

export interface FactEntry<T> {
  doc: DocRef;
  value: T;
}

/**
 * Extracts plain data (no AST) from documents for workspace rules. Ranges inside
 * the value are relative to the document, like everything a document rule sees.
 */
export interface Indexer<T = unknown> {
  readonly key: string;
  /** Kinds whose documents it reads ('' for documents without apiVersion and kind, such as Helm values). */
  readonly kinds: readonly string[];
  /**
   * Kinds outside the analysed set (kinds.ts) that it reads all the same, each with a cheap text
   * test: only documents passing it are parsed (a chart's ConfigMaps are large and many), and
   * `extract` checks the API group itself.
   */
  readonly extraKinds?: Readonly<Record<string, (source: string) => boolean>>;
  extract(doc: ResourceDoc, config: Config): T[];
}

export interface WorkspaceIndex {
  readonly config: Config;
  facts<T>(indexer: Indexer<T>): ReadonlyArray<FactEntry<T>>;
}

export interface WorkspaceContext {
  readonly config: Config;
  readonly services: Services;
  /** Reports on the document `at` came from; start/end/edits are relative to that document. */
  report(at: DocRef, input: ReportInput): void;
}

export interface WorkspaceRule {
  readonly meta: RuleMeta;
  readonly scope: 'workspace';
  /** The indexers whose facts the rule reads (their kinds decide which documents are parsed). */
  readonly uses: readonly Indexer[];
  check(ws: WorkspaceIndex, ctx: WorkspaceContext): void;
}

export type Rule = DocRule | WorkspaceRule;

export function formatMessage(template: string, data?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}

/**
 * The longest message a finding may have: the Problems panel and the F8 peek cut longer ones off.
 * Rules shorten the values users wrote (patterns, names) when they echo them (`quote` in regex/compile-rules.ts).
 */
export const MAX_MESSAGE_LENGTH = 160;

/** Convenience for building edits. */
export const edit = (start: number, end: number, newText: string): TextEdit => ({ start, end, newText });
