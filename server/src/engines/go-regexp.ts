/**
 * Go's `regexp`, as Istio's validation webhook runs it (`regexp.Compile`), through re2js,
 * a port of Go's regexp that reproduces Go's error texts
 * ("error parsing regexp: missing closing ): `(abc`"). Where re2js parts from the Go release
 * Istio builds with (ISTIO_GO_VERSION), the pattern is rewritten first (go-syntax.ts) and
 * errors name the original text.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { RegexEngine, RegexVerdict } from '../core/services';
import { cachedVerdict, Lru } from './lru';
import { provablyValid } from './plain-syntax';
import { locateToken, parenProblems } from './error-location';
import { GO_PROBE_LIMITS, PARSE_PROBE, probeable, withoutStackTraces } from './parse-probe';
import { prepareForGo } from './go-syntax';

export interface GoRegexpOptions {
  cacheSize?: number;
  cacheChars?: number;
  maxPatternLength?: number;
  /** Take verdicts from a parse when provably the same (default true; false for comparisons). */
  parseProbe?: boolean;
  /** Accept patterns of the plain syntax without compiling them (plain-syntax.ts; default true; false for comparisons). */
  plainSyntax?: boolean;
}

interface Failure {
  message: string;
  /** Go's short description ("missing closing )"). */
  what: string;
  /** The offending text Go names, if any. */
  arg: string | null;
}

export class GoRegexpEngine implements RegexEngine {
  readonly name = 'Go regexp (Istio webhook)';
  private readonly verdicts: Lru<string, RegexVerdict>;
  private readonly compiled = new Lru<string, RE2JS>(64, 1_000_000);
  private readonly maxPatternLength: number;
  private readonly parseProbe: boolean;
  private readonly plainSyntax: boolean;
  private readonly counters = { compiles: 0, proved: 0, cacheHits: 0 };

  constructor(options: GoRegexpOptions = {}) {
    this.verdicts = new Lru(options.cacheSize ?? 20_000, options.cacheChars ?? 8_000_000);
    this.maxPatternLength = options.maxPatternLength ?? 16_384;
    this.parseProbe = options.parseProbe ?? true;
    this.plainSyntax = options.plainSyntax ?? true;
  }

  stats(): { compiles: number; proved: number; cacheHits: number; cached: number } {
    return { ...this.counters, cached: this.verdicts.size };
  }

  private compile(pattern: string): Failure | undefined {
    this.counters.compiles++;
    const prepared = prepareForGo(pattern);
    const text = prepared ? prepared.rewritten.text : pattern;
    return withoutStackTraces(() => {
      try {
        RE2JS.compile(text);
        return undefined;
      } catch (e) {
        if (e instanceof RE2JSSyntaxException) {
          if (!prepared || e.input === null) return { message: e.message, what: e.error, arg: e.input };
          // Name the original text behind the rewritten argument, as Go would have.
          const { rewritten } = prepared;
          const at = e.input === text ? 0 : text.indexOf(e.input);
          const arg =
            at === -1 ? e.input : pattern.slice(rewritten.toOriginal(at), rewritten.toOriginalEnd(at + e.input.length - 1));
          return { message: `error parsing regexp: ${e.error}: \`${arg}\``, what: e.error, arg };
        }
        const message = e instanceof Error ? e.message : String(e);
        return { message, what: message, arg: null };
      }
    });
  }

  /** Whether Go parses `pattern` cleanly, judged from a parse alone (parse-probe.ts); undefined when that cannot tell. */
  private parsesCleanly(pattern: string): true | undefined {
    if (!this.parseProbe || !probeable(pattern, GO_PROBE_LIMITS)) return undefined;
    const probe = this.compile(pattern + PARSE_PROBE);
    return probe?.what === 'invalid escape sequence' && probe.arg === PARSE_PROBE ? true : undefined;
  }

  check(pattern: string): RegexVerdict {
    return cachedVerdict(this.verdicts, pattern, this.counters, (p) => this.judge(p));
  }

  private judge(pattern: string): RegexVerdict {
    if (pattern.length > this.maxPatternLength) {
      return { ok: false, message: `pattern too large: ${pattern.length} characters, not compiled` };
    }
    if (this.plainSyntax && provablyValid(pattern)) {
      this.counters.proved++;
      return { ok: true };
    }
    if (this.parsesCleanly(pattern)) return { ok: true };
    const failure = this.compile(pattern);
    if (!failure) return { ok: true };
    const at = this.locate(pattern, failure);
    return at ? { ok: false, message: failure.message, offset: at.offset, length: at.length } : { ok: false, message: failure.message };
  }

  private locate(pattern: string, f: Failure): { offset: number; length: number } | undefined {
    switch (f.what) {
      case 'missing closing )': {
        const at = parenProblems(pattern).unclosed;
        return at === undefined ? undefined : { offset: at, length: 1 };
      }
      case 'unexpected )': {
        const at = parenProblems(pattern).unexpected;
        return at === undefined ? undefined : { offset: at, length: 1 };
      }
      case 'missing closing ]':
        return f.arg && pattern.endsWith(f.arg) ? { offset: pattern.length - f.arg.length, length: 1 } : undefined;
      case 'trailing backslash at end of expression':
        return { offset: Math.max(0, pattern.length - 1), length: 1 };
    }
    if (!f.arg) return undefined;
    if (f.arg === pattern) return { offset: 0, length: pattern.length };
    return locateToken(pattern, f.arg, (prefix) => this.compile(prefix)?.message === f.message);
  }

  fullMatch(pattern: string, input: string): boolean | undefined {
    if (!this.check(pattern).ok) return undefined;
    let re = this.compiled.get(pattern);
    if (!re) {
      try {
        re = RE2JS.compile(prepareForGo(pattern)?.rewritten.text ?? pattern);
      } catch {
        return undefined;
      }
      this.compiled.set(pattern, re, pattern.length + 16);
    }
    return re.matches(input);
  }
}
