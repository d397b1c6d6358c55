/**
 * The one table of rules. Each rule lives in `rules/<id>.ts`; add new ones to the
 * list of its family below. Ids are a public contract (suppress comments, config, JSON output).
 */
import type { Rule } from './rule';
import type { HoverProvider } from './hover';
import { INTERNAL_ERROR } from './rules/internal-error';
import { rule as yamlSyntax } from './rules/yaml-syntax';

// ── regex family ─────────────────────────────────────────────────────────────
const REGEX_RULES: Rule[] = [];

// ── mTLS family ──────────────────────────────────────────────────────────────
const MTLS_RULES: Rule[] = [];

export const ALL_RULES: readonly Rule[] = [yamlSyntax, ...REGEX_RULES, ...MTLS_RULES];

/** Hover explanations beyond rule docs (regex semantics, effective mTLS mode). */
export const HOVER_PROVIDERS: readonly HoverProvider[] = [
  // regex hover providers
  // mTLS hover providers
];

/** Every rule id users may name, including the engine's own `internal-error`. */
export const RULE_IDS: ReadonlySet<string> = new Set([INTERNAL_ERROR.meta.id, ...ALL_RULES.map((r) => r.meta.id)]);

export function findRule(id: string): Rule | undefined {
  return id === INTERNAL_ERROR.meta.id ? INTERNAL_ERROR : ALL_RULES.find((r) => r.meta.id === id);
}

/** All rules with metadata, for docs and `istio-tips rules`. */
export function documentedRules(): readonly Rule[] {
  return [...ALL_RULES, INTERNAL_ERROR];
}
