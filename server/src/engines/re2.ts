/**
 * C++ RE2 as Envoy runs it, through re2-wasm's low-level binding.
 *
 * What this file takes care of, because re2-wasm does not:
 * - Only the low-level `WrappedRE2` is used, and every compiled object is deleted right
 *   away (the package's `RE2` class never frees them and the module dies after a few
 *   thousand compiles). Its pattern rewriting (`\cX`, `\uXXXX`, `(?<`, `/`) is bypassed.
 * - Verdicts are cached by pattern in a bounded LRU (a workspace repeats the same few
 *   patterns thousands of times), and so are the verdicts of bracket expressions.
 * - Compiles are kept cheap (see re2-prepare.ts): this build needs ~25 µs per program
 *   instruction, and a Unicode class repeated a few dozen times would block for seconds.
 * - The WebAssembly heap is fixed (16 MiB): a pattern that exhausts it makes the module
 *   abort. That pattern becomes a verdict, and the next call gets a fresh instance.
 * - re2-wasm embeds RE2 from 2020; Envoy carries RE2 2024-07: `(?<name>…)` groups and
 *   non-ASCII group names are emulated, Unicode class names are judged by RE2 2024 itself (re2-size.ts).
 */
import { Re2SizeEngine } from './re2-size';
import type { RegexEngine, RegexVerdict } from '../core/services';
import { cachedVerdict, Lru } from './lru';
import { provablyValid } from './plain-syntax';
import { locateToken, parenProblems, type Rewritten } from './error-location';
import { defaultFactory, type Re2Module, type Re2ModuleFactory, type WrappedRE2 } from './re2-loader';
import { namedGroupsForRe2, prepareForRe2 } from './re2-prepare';
import { PARSE_PROBE, RE2_PROBE_ERROR, RE2_PROBE_LIMITS, probeable } from './parse-probe';

export { defaultFactory, type Re2Module, type Re2ModuleFactory } from './re2-loader';

export interface Re2EngineOptions {
  /** Verdicts kept (default 20,000). */
  cacheSize?: number;
  /** Total pattern characters kept in the verdict cache (default 8M). */
  cacheChars?: number;
  /**
   * Longer patterns are not compiled (default 16,384 characters): Istio and the Gateway API
   * CRDs cap regex values at 1,024–4,096, and this keeps the module's fixed heap safe.
   */
  maxPatternLength?: number;
  factory?: Re2ModuleFactory;
  /** Take verdicts from a parse when provably the same (default true; false for comparisons). */
  parseProbe?: boolean;
  /** Accept patterns of the plain syntax without compiling them (plain-syntax.ts; default true; false for comparisons). */
  plainSyntax?: boolean;
}

export interface Re2Stats {
  compiles: number;
  /** Patterns accepted from their text alone (plain-syntax.ts). */
  proved: number;
  cacheHits: number;
  aborts: number;
  reloads: number;
  cached: number;
}

const OOM_MESSAGE = 'pattern too large: RE2 ran out of memory compiling it (its program is far beyond what Envoy accepts)';

type Compiled = { ok: true } | { ok: false; error: string };

interface Failure {
  /** Where RE2 noticed the problem (original offset): the earliest one wins. */
  detectedAt: number;
  verdict: RegexVerdict & { ok: false };
}

/** RE2 errors read "<what>: <offending text>". */
function splitError(error: string): { what: string; arg: string } {
  const at = error.indexOf(': ');
  return at === -1 ? { what: error, arg: '' } : { what: error.slice(0, at), arg: error.slice(at + 2) };
}

let names: Re2SizeEngine | undefined;
/** One RE2 2024 instance judges class names for every engine (a name is one tiny compile). */
const namesEngine = (): Re2SizeEngine => (names ??= new Re2SizeEngine());

export class Re2Engine implements RegexEngine {
  readonly name = 'RE2 (Envoy)';
  private readonly factory: Re2ModuleFactory | undefined;
  private module: Re2Module | undefined;
  private unavailable: string | undefined;
  private dead = false;
  private generation = 0;
  private compilesOnInstance = 0;
  private consecutiveAborts = 0;
  private readonly verdicts: Lru<string, RegexVerdict>;
  private readonly atoms = new Lru<string, Compiled>(5_000, 1_000_000);
  private readonly unicodeNames = new Lru<string, boolean>(1_000);
  private readonly matchers: Lru<string, { w: WrappedRE2; generation: number }>;
  private readonly maxPatternLength: number;
  private readonly parseProbe: boolean;
  private readonly plainSyntax: boolean;
  private readonly counters = { compiles: 0, proved: 0, cacheHits: 0, aborts: 0, reloads: 0 };

  constructor(options: Re2EngineOptions = {}) {
    this.maxPatternLength = options.maxPatternLength ?? 16_384;
    this.parseProbe = options.parseProbe ?? true;
    this.plainSyntax = options.plainSyntax ?? true;
    this.verdicts = new Lru(options.cacheSize ?? 20_000, options.cacheChars ?? 8_000_000);
    this.matchers = new Lru(64, 1_000_000, (_k, m) => {
      if (m.generation === this.generation) safeDelete(m.w);
    });
    try {
      this.factory = options.factory ?? defaultFactory();
    } catch (e) {
      this.unavailable = e instanceof Error ? e.message : String(e);
    }
  }

  stats(): Re2Stats {
    return { ...this.counters, cached: this.verdicts.size };
  }

  /** False when the module cannot be loaded (verdicts are then always ok: nothing judged). */
  get available(): boolean {
    return this.instance() !== undefined;
  }

  private instance(): Re2Module | undefined {
    if (this.unavailable || !this.factory) return undefined;
    if (this.module && !this.dead) return this.module;
    if (this.module && this.dead && !this.factory.canReload) return undefined;
    try {
      this.module = this.factory.create();
      if (this.dead) this.counters.reloads++;
      this.dead = false;
      this.generation++;
      this.compilesOnInstance = 0;
      return this.module;
    } catch (e) {
      this.unavailable = `cannot load RE2 (${this.factory.description}): ${e instanceof Error ? e.message : String(e)}`;
      return undefined;
    }
  }

  /** Drops the current instance; the next compile loads a fresh one. */
  reload(): void {
    this.matchers.clear(false);
    this.dead = true;
  }

  /**
   * One compile; undefined when the engine is unavailable. An abort on an instance that had
   * already done work is retried once on a fresh one; on a fresh one, the pattern is the cause.
   */
  private compile(text: string): Compiled | undefined {
    for (;;) {
      const mod = this.instance();
      if (!mod) return undefined;
      const fresh = this.compilesOnInstance === 0;
      let w: WrappedRE2 | undefined;
      try {
        this.counters.compiles++;
        this.compilesOnInstance++;
        w = new mod.WrappedRE2(text, false, false, false);
        this.consecutiveAborts = 0;
        // RE2's error text is empty exactly when it compiled: one call into the module, not two.
        const error = w.error();
        return error === '' ? { ok: true } : { ok: false, error };
      } catch {
        w = undefined;
        this.counters.aborts++;
        if (!this.factory?.canReload) {
          // The bundled glue cannot be evaluated again: keep the instance (an out-of-memory
          // abort leaves it usable) unless it keeps failing.
          if (++this.consecutiveAborts >= 3) this.unavailable = 'RE2 module failed repeatedly and cannot be reloaded';
          return { ok: false, error: OOM_MESSAGE };
        }
        this.reload();
        if (fresh) return { ok: false, error: OOM_MESSAGE };
      } finally {
        if (w) safeDelete(w);
      }
    }
  }

  /**
   * RE2's verdict on `text`: from a parse alone when that is provably the same
   * (parse-probe.ts), else from a compile.
   */
  private verdict(text: string): Compiled | undefined {
    if (this.parseProbe && probeable(text, RE2_PROBE_LIMITS)) {
      const probe = this.compile(text + PARSE_PROBE);
      if (!probe) return undefined;
      if (!probe.ok && probe.error === RE2_PROBE_ERROR) return { ok: true };
    }
    return this.compile(text);
  }

  check(pattern: string): RegexVerdict {
    return cachedVerdict(this.verdicts, pattern, this.counters, (p) => this.judge(p));
  }

  private judge(pattern: string): RegexVerdict {
    if (pattern.length > this.maxPatternLength) {
      return { ok: false, message: `pattern too large: ${pattern.length} characters, not compiled (Envoy's RE2 program limit is reached long before)` };
    }
    if (this.plainSyntax && provablyValid(pattern)) {
      this.counters.proved++;
      return { ok: true };
    }
    const prepared = prepareForRe2(pattern);
    const failures: Failure[] = [];
    for (const atom of prepared.atoms) {
      const bad = atom.unicode.find((u) => !this.unicodeNameOk(u.text));
      if (bad) {
        failures.push({
          detectedAt: bad.start,
          verdict: { ok: false, message: `invalid character class range: ${bad.text}`, offset: bad.start, length: bad.end - bad.start },
        });
        continue;
      }
      if (atom.kind !== 'bracket') continue;
      let result = this.atoms.get(atom.prepared.text);
      if (!result) {
        result = this.verdict(atom.prepared.text);
        if (!result) return { ok: true };
        this.atoms.set(atom.prepared.text, result, atom.prepared.text.length + 16);
      }
      if (!result.ok) failures.push(this.failure(pattern.slice(atom.start, atom.end), atom.prepared, result.error, atom.start));
    }
    const structure = this.verdict(prepared.structure.text);
    if (!structure) return { ok: true };
    if (!structure.ok) failures.push(this.failure(pattern, prepared.structure, structure.error, 0));
    if (!failures.length) return { ok: true };
    failures.sort((a, b) => a.detectedAt - b.detectedAt);
    return failures[0].verdict;
  }

  /**
   * Unicode class names as Envoy's RE2 (2024-07-02) knows them, asked of that RE2 itself
   * (re2-size.wasm): re2js also accepts Go's names and binary properties (\\p{Assigned},
   * \\p{LC}, \\p{Alphabetic}) that C++ RE2's unicode_groups.cc does not hold.
   */
  private unicodeNameOk(token: string): boolean {
    let ok = this.unicodeNames.get(token);
    if (ok === undefined) {
      ok = namesEngine().measure(token).ok;
      this.unicodeNames.set(token, ok);
    }
    return ok;
  }

  /**
   * Locates RE2's error in the compiled text, maps it back to the original, and rewrites the
   * message's quoted text with what the user wrote. `base` shifts atom-local offsets.
   */
  private failure(original: string, compiled: Rewritten, error: string, base: number): Failure {
    const text = compiled.text;
    if (error === OOM_MESSAGE) return { detectedAt: base, verdict: { ok: false, message: error } };
    const { what, arg } = splitError(error);
    const back = (start: number, length: number) => {
      const s = compiled.toOriginal(start);
      const e = Math.max(s + 1, compiled.toOriginalEnd(start + Math.max(1, length) - 1));
      return { s, e };
    };
    let argAt: number | undefined;
    let mark: { offset: number; length: number } | undefined;
    let detected: number | undefined;
    if (what === 'missing )' || what === 'unexpected )') {
      const problems = parenProblems(text);
      const at = what === 'missing )' ? problems.unclosed : problems.unexpected;
      if (at !== undefined) mark = { offset: at, length: 1 };
      argAt = arg === text ? 0 : undefined;
      detected = what === 'missing )' ? text.length : at;
    } else if (what === 'missing ]' && arg && text.endsWith(arg)) {
      argAt = text.length - arg.length;
      mark = { offset: argAt, length: 1 };
      detected = text.length;
    } else if (what.startsWith('trailing \\')) {
      mark = { offset: Math.max(0, text.length - 1), length: 1 };
      detected = text.length;
    } else if (arg === text) {
      argAt = 0;
      mark = { offset: 0, length: text.length };
    } else if (arg) {
      mark = locateToken(text, arg, (prefix) => {
        const r = this.compile(prefix);
        return r !== undefined && !r.ok && r.error === error;
      });
      argAt = mark?.offset;
    }
    let message = error;
    if (argAt !== undefined && arg) {
      const { s, e } = back(argAt, arg.length);
      message = `${what}: ${original.slice(s, e)}`;
    }
    if (!mark) {
      // Not located: RE2 met it where the text stops making sense (a lone surrogate), else at
      // the end or after the parse ("pattern too large"), so located errors come first.
      const unlocated = what === 'invalid UTF-8' ? firstLoneSurrogate(original) : original.length;
      return { detectedAt: base + (detected === undefined ? unlocated : compiled.toOriginal(detected)), verdict: { ok: false, message } };
    }
    const { s, e } = back(mark.offset, mark.length);
    const detectedAt = base + (detected === undefined ? s : detected >= text.length ? original.length : compiled.toOriginal(detected));
    return { detectedAt, verdict: { ok: false, message, offset: base + s, length: e - s } };
  }

  fullMatch(pattern: string, input: string): boolean | undefined {
    if (!this.check(pattern).ok) return undefined;
    let entry = this.matchers.get(pattern);
    if (!entry || entry.generation !== this.generation || this.dead) {
      const mod = this.instance();
      if (!mod) return undefined;
      try {
        const w = new mod.WrappedRE2(`\\A(?:${namedGroupsForRe2(pattern)})\\z`, false, false, false);
        if (!w.ok()) {
          safeDelete(w);
          return undefined;
        }
        entry = { w, generation: this.generation };
        this.matchers.set(pattern, entry, pattern.length + 16);
      } catch {
        this.counters.aborts++;
        this.reload();
        return undefined;
      }
    }
    try {
      return entry.w.match(input, 0, false).index === 0;
    } catch {
      this.counters.aborts++;
      this.reload();
      return undefined;
    }
  }

  /** Frees every compiled object this engine still holds. */
  dispose(): void {
    this.matchers.clear(true);
    this.verdicts.clear();
    this.atoms.clear();
  }
}

/** Index of the first unpaired UTF-16 surrogate (what makes RE2 see invalid UTF-8), or the length. */
function firstLoneSurrogate(text: string): number {
  const m = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  return m ? m.index : text.length;
}

function safeDelete(w: WrappedRE2): void {
  try {
    w.delete();
  } catch {
    // Already gone with an aborted instance.
  }
}
