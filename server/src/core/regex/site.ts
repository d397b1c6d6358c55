/**
 * Where Istio and Gateway API resources carry string matches, and what a regex rule needs
 * to know about each one. `collectStringMatches` (sites.ts) produces these; every regex
 * rule and the regex hover read them. All offsets are relative to the document text.
 */
import type { Span } from '../types';

export type MatchField =
  | 'uri'
  | 'scheme'
  | 'method'
  | 'authority'
  | 'header'
  | 'withoutHeader'
  | 'queryParam'
  | 'corsOrigin'
  | 'rewriteMatch'
  | 'gatewayPath'
  | 'gatewayHeader'
  | 'gatewayQueryParam'
  | 'grpcMethod'
  | 'grpcHeader'
  | 'proxyVersion';

/** How the value is applied. */
export type MatchType = 'exact' | 'prefix' | 'regex';

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface StringMatchSite {
  field: MatchField;
  /** Human label used in messages: `uri`, `header "user-agent"`, `query parameter "v"`. */
  label: string;
  /** Header / query parameter name, lower-cased for headers. */
  name?: string;
  matchType: MatchType;
  /** The decoded value (what the engine sees). */
  value: string;
  /** The scalar as written, quotes included. */
  valueSpan: Span;
  /** The key that selects the match type (`regex`, `exact`, `prefix`, or Gateway API `type`'s value). */
  typeSpan: Span;
  style: ScalarStyle;
  /**
   * Maps an index into `value` (0..value.length) to the document offset of the source
   * character that produced it, through quotes and escapes (end index -> just past the last).
   */
  toSource(index: number): number;
  /**
   * Source range of value[start, end): the first source character of `start` to just past
   * the last source character of `end - 1` (so a range never swallows a line break that
   * follows it). Always set by `collectStringMatches`.
   */
  sourceSpan?(start: number, end: number): Span;
  /** The value contains Helm/Go-template output (masked as U+2591): its real text is unknown. */
  templated?: boolean;
  /**
   * `full`: Envoy safe_regex full match (routes, headers, query params, CORS).
   * `replace`: uriRegexRewrite.match, a global search-and-replace.
   * `search`: unanchored search (EnvoyFilter proxyVersion, matched by Istio in Go).
   */
  semantics: 'full' | 'replace' | 'search';
  /** Which programs compile the regex: Istio's webhook (Go) and/or Envoy (RE2). */
  checkedBy: { go: boolean; re2: boolean };
  /** VirtualService `ignoreUriCase: true` on the same match. */
  ignoreCase?: boolean;
  /** For `rewriteMatch`: the `rewrite` substitution next to it. */
  rewrite?: { value: string; valueSpan: Span; style: ScalarStyle; toSource(index: number): number; sourceSpan?(start: number, end: number): Span };
  /** Span of the whole StringMatch mapping (`{regex: …}` or Gateway API `{type, value}`), for rewrites. */
  matchSpan: Span;
  /** Whether this is Gateway API (`type: RegularExpression` + `value`) rather than Istio (`regex: …`). */
  gatewayApi: boolean;
}
