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

/** What RE2 (Envoy's release) makes of a pattern's size: its program, or why it has none. */
export type ProgramSizeResult =
  | { ok: true; size: number }
  | {
      ok: false;
      /** RE2::ErrorCode (15: "pattern too large - compile failed", the memory budget); -1 when not measured. */
      code: number;
      /** The text RE2 blamed, if any. */
      arg: string;
      message: string;
    };

export interface ProgramSizeService {
  /** RE2's ProgramSize() as Envoy compiles the pattern (cached by pattern by the implementation). */
  measure(pattern: string): ProgramSizeResult;
}

export interface Services {
  /** C++ RE2, what Envoy runs. */
  re2: RegexEngine;
  /** Go regexp, what Istio's validation webhook runs. */
  go: RegexEngine;
  /** RE2's program size, as Envoy measures it; absent where no engine is loaded. */
  programSize?: ProgramSizeService;
}

/** Stand-in that judges nothing, for code paths that run without real engines. */
const NO_ENGINE: RegexEngine = {
  name: 'none',
  check: () => ({ ok: true }),
  fullMatch: () => undefined,
};

export const NO_SERVICES: Services = { re2: NO_ENGINE, go: NO_ENGINE };
