/**
 * Getting an engine's verdict on a pattern from its parser alone.
 *
 * Why: both engines reject a pattern either while parsing it or, after a clean parse, because
 * its program is too large; nothing else. Parsing is the cheap part: in re2-wasm, building
 * the program of even `a` costs ~40 µs plus ~15 µs per instruction, against a few µs for the
 * parse; re2js (Go's regexp) also simplifies, compiles and analyses the program. So for a
 * pattern whose program is provably small, a clean parse is the whole verdict.
 * - RE2 (2020, re2-wasm): after the parse, only "pattern too large - compile failed" (program
 *   over the memory budget) can fail.
 * - Go (re2js): only the parser throws. Besides syntax, it checks size ("expression too
 *   large") and nesting ("expression nests too deeply"), partly when it assembles the final
 *   concatenation at the very end, after the last character.
 *
 * How: the pattern is compiled with a bad escape appended (`text\q`). Both parsers go left to
 * right and stop at the first error, so "invalid escape sequence" naming `\q` comes back only
 * if the pattern itself parsed cleanly up to its end, provided that
 * - the pattern does not contain `\q` itself (no earlier error can carry the same text),
 * - no construct is still open at its end and would take `\q` in: a bracket expression would
 *   report `\q` as its own bad escape, an open group is only reported at the very end. Other
 *   open constructs (`\`, `\Q`, `(?`, `{2,`) make the probe fail some other way, or mean the
 *   same with or without it.
 * The paren and bracket scan is `parenProblems`, which tokenises as both engines do wherever
 * they report no earlier error (and an earlier error fails the probe). Size limits are met by
 * bounding the pattern (below). When a condition is not met or the probe fails, the pattern
 * is compiled as before: error messages and positions always come from the pattern itself.
 * test/engines/parse-probe.test.ts checks this against both engines on thousands of patterns.
 */
import { parenProblems } from './error-location';

export const PARSE_PROBE = '\\q';
/** RE2's error when the parse reached the probe. */
export const RE2_PROBE_ERROR = 'invalid escape sequence: \\q';

export interface ProbeLimits {
  /** Longest pattern probed. */
  maxLength: number;
  /** Largest `length × product of counted repetitions` (sizeProduct) probed. */
  maxSizeProduct: number;
}

/*
 * Why the products below bound the program. A repetition `x{n,m}` makes m copies of x plus at
 * most m - n extra steps (alternations in RE2, units in Go's size measure); those extras are
 * at most what the copies of x cost, and shrink geometrically over nested repetitions (each
 * multiplies by at least 2), or sit on their own `{0,1}` text when m is 1. So a program is at
 * most a few times `sum over characters of (their cost × the counts around them)`, at most a
 * few times `cost per character × sizeProduct`.
 */

/**
 * RE2: no character compiles to more than 64 instructions (a case-folded or negated class
 * over UTF-8 is the worst, ~25), so programs stay under ~67,000 instructions with the extra
 * alternations: inside RE2's budget (~170,000 at its default 8 MiB) and the module's 16 MiB
 * heap. The texts probed are cheap stand-in structures and single bracket expressions.
 */
export const RE2_PROBE_LIMITS: ProbeLimits = { maxLength: Infinity, maxSizeProduct: 1_000 };

/**
 * Go: its size measure gives at most 3 units per character (a capture or a star adds 2 to its
 * operand), so with the extras 10,000 stays below 100,000 units, far under its limit of
 * 1,398,101. Its parse tree is at most ~2 nodes deep per character (a concatenation between
 * nodes that each own one), plus prefix factoring, so 300 characters stay well below its
 * nesting limit of 1,000.
 */
export const GO_PROBE_LIMITS: ProbeLimits = { maxLength: 300, maxSizeProduct: 10_000 };

/**
 * `length × product of every counted repetition's largest count`: counts are multiplied
 * whether nested or not, and braces inside classes or escapes count too, so this only ever
 * overestimates the program.
 */
export function sizeProduct(text: string, stopAbove = Infinity): number {
  let product = text.length;
  if (!text.includes('{')) return product;
  for (const m of text.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    product *= Math.max(1, Number(m[1]), Number(m[2] || 0));
    if (product > stopAbove) break;
  }
  return product;
}

/** Whether `text`'s verdict may be taken from a parse of `text + PARSE_PROBE` (see above). */
export function probeable(text: string, limits: ProbeLimits): boolean {
  if (text.length > limits.maxLength || text.includes(PARSE_PROBE) || sizeProduct(text, limits.maxSizeProduct) > limits.maxSizeProduct) return false;
  const problems = parenProblems(text);
  return problems.unclosed === undefined && problems.unexpected === undefined && problems.openBracket === undefined;
}

/**
 * Runs `fn` without capturing stack traces for the errors it throws and catches: re2js
 * reports syntax errors by exception, and the trace (never read) costs more than the parse.
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
