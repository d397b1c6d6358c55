/**
 * Things the pure core needs from the outside world, injected by the faces (LSP, CLI)
 * and by tests: the regex engines that really judge a pattern. The core never loads
 * WebAssembly or touches the file system itself.
 */

export type RegexVerdict =
  | { ok: true }
  | {
      ok: false;
      /** The engine's own error text. */
      message: string;
      /** Offset (code units) into the pattern of the offending token, when known. */
      offset?: number;
      /** Length of the offending token, when known. */
      length?: number;
    };

export interface RegexEngine {
  /** e.g. "RE2 (Envoy)" or "Go regexp (Istio webhook)". */
  readonly name: string;
  /** Compiles the pattern (cached by pattern by the implementation). */
  check(pattern: string): RegexVerdict;
  /** Whole-value match, as Envoy applies safe_regex; undefined when the pattern does not compile. */
  fullMatch(pattern: string, input: string): boolean | undefined;
}

export interface Services {
  /** C++ RE2, what Envoy runs. */
  re2: RegexEngine;
  /** Go regexp, what Istio's validation webhook runs. */
  go: RegexEngine;
}

/** Stand-in that judges nothing, for code paths that run without real engines. */
const NO_ENGINE: RegexEngine = {
  name: 'none',
  check: () => ({ ok: true }),
  fullMatch: () => undefined,
};

export const NO_SERVICES: Services = { re2: NO_ENGINE, go: NO_ENGINE };
