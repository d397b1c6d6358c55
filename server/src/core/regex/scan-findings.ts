/**
 * What the syntax scan reports: the kinds of construct it finds, where each one is, and
 * which kinds RE2 rejects, which it reads differently, and which only older engines lack.
 */

/** Constructs RE2 rejects (or Istio's Go webhook rejects). */
export type UnsupportedKind =
  | 'lookahead'
  | 'negative-lookahead'
  | 'lookbehind'
  | 'negative-lookbehind'
  | 'backreference'
  | 'named-backreference'
  | 'possessive'
  | 'atomic-group'
  | 'conditional'
  | 'recursion'
  | 'branch-reset'
  | 'pcre-verb'
  | 'quoted-named-group'
  | 'inline-flag'
  | 'comment-group'
  | 'escape'
  | 'control-escape'
  | 'unicode-escape'
  | 'long-unicode-name'
  | 'repeat-too-large'
  | 'any-byte';

/** Valid in RE2 but meaning something else than in PCRE/Java/JavaScript. */
export type SilentKind = 'class-set-operation' | 'nested-class' | 'empty-min-repeat' | 'posix-collating' | 'vertical-tab';

/** `(?<name>…)`: fine in recent engines only. */
export type CompatKind = 'angle-named-group';

export type ScanKind = UnsupportedKind | SilentKind | CompatKind;

export interface ScanFinding {
  kind: ScanKind;
  /** Offsets into the pattern (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  /** The pattern text of the construct. */
  text: string;
  /** Nesting depth of groups at the construct (0 = top level). */
  depth: number;
  /** Group name, escape letter, flag letters, repeat bound…, depending on the kind. */
  detail?: string;
  /** Found inside a bracket expression. */
  inClass?: boolean;
}

const SILENT: ReadonlySet<ScanKind> = new Set<ScanKind>(['class-set-operation', 'nested-class', 'empty-min-repeat', 'posix-collating', 'vertical-tab']);

export function isUnsupported(f: ScanFinding): boolean {
  return !SILENT.has(f.kind) && f.kind !== 'angle-named-group';
}
export function isSilent(f: ScanFinding): boolean {
  return SILENT.has(f.kind);
}
