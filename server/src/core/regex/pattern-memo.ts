/**
 * What the regex rules compute from a pattern alone, computed once per distinct pattern.
 *
 * A rendered chart repeats the same few patterns in thousands of documents (the benchmark
 * corpus: 8,691 regex values, 35 distinct), and every regex rule would otherwise parse and
 * judge each one again. The memo belongs to one Analyzer (handed to rules in their context),
 * is bounded, and hands out frozen results: a rule that tried to mutate a shared result
 * would throw, which the engine reports as an internal error instead of corrupting another
 * document's findings.
 *
 * Bounded as least-recently-used by pattern characters: a parsed pattern with its results
 * weighs about 110 bytes per character (2.6 KB for a typical 25-character one), and every
 * keystroke inside a regex value makes a new distinct pattern, so a count bound alone (the
 * old 20,000 entries, over 50 MB) let a long editing session grow for hours.
 */
import { looseAlternation, type LooseAlternation } from './alternation';
import { fullMatchProblem, plainEquivalent, type FullMatchProblem, type PatternContext, type PlainEquivalent } from './intent';
import { findEscapedWildcards, findGlob, findSlashDelimited, type EscapedWildcard, type GlobFinding, type SlashDelimited } from './shape';
import type { MatchField } from './site';
import { scanPattern, type ScanFinding } from './syntax-scan';
import { parseRegex, type RegexTree } from './syntax-tree';
import { Lru } from '../lru';

export interface PatternMemoOptions {
  /** Patterns kept (default 2,000); the least recently used leaves first. */
  maxEntries?: number;
  /** Total pattern characters kept (default 100,000: about 11 MB at most). */
  maxChars?: number;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Everything computed for one pattern; context-dependent results keyed by their context. */
interface Entry {
  tree?: RegexTree;
  scan?: readonly ScanFinding[];
  escapedWildcards?: readonly EscapedWildcard[];
  byContext?: Map<string, unknown>;
}

const contextKey = (kind: string, field: string, semantics = '', name = '') => `${kind}|${field}|${semantics}|${name}`;

export class PatternMemo {
  private readonly entries: Lru<string, Entry>;

  constructor(options: PatternMemoOptions = {}) {
    this.entries = new Lru(options.maxEntries ?? 2_000, options.maxChars ?? 100_000);
  }

  /** Distinct patterns held. */
  get size(): number {
    return this.entries.size;
  }

  private entry(pattern: string): Entry {
    let e = this.entries.get(pattern);
    if (!e) {
      e = {};
      this.entries.set(pattern, e, pattern.length + 1);
    }
    return e;
  }

  private inContext<T>(pattern: string, key: string, compute: () => T): T {
    const e = this.entry(pattern);
    e.byContext ??= new Map();
    if (e.byContext.has(key)) return e.byContext.get(key) as T;
    const value = deepFreeze(compute());
    e.byContext.set(key, value);
    return value;
  }

  tree(pattern: string): RegexTree {
    const e = this.entry(pattern);
    return (e.tree ??= deepFreeze(parseRegex(pattern)));
  }

  scan(pattern: string): readonly ScanFinding[] {
    const e = this.entry(pattern);
    return (e.scan ??= deepFreeze(scanPattern(pattern)));
  }

  escapedWildcards(pattern: string): readonly EscapedWildcard[] {
    const e = this.entry(pattern);
    return (e.escapedWildcards ??= deepFreeze(findEscapedWildcards(pattern, this.tree(pattern))));
  }

  glob(pattern: string, field: MatchField): GlobFinding | undefined {
    return this.inContext(pattern, contextKey('glob', field), () => findGlob(pattern, field, this.tree(pattern)));
  }

  slashDelimited(pattern: string, field: MatchField, name?: string): SlashDelimited | undefined {
    return this.inContext(pattern, contextKey('slash', field, '', name), () => findSlashDelimited(pattern, field, name));
  }

  looseAlternation(pattern: string, semantics: PatternContext['semantics']): LooseAlternation | undefined {
    return this.inContext(pattern, contextKey('alt', '', semantics), () => looseAlternation(pattern, semantics, this.tree(pattern)));
  }

  fullMatchProblem(pattern: string, ctx: PatternContext): FullMatchProblem | undefined {
    return this.inContext(pattern, contextKey('full', ctx.field, ctx.semantics, ctx.name), () => fullMatchProblem(pattern, ctx, this.tree(pattern)));
  }

  plainEquivalent(pattern: string, ctx: PatternContext): PlainEquivalent | undefined {
    return this.inContext(pattern, contextKey('plain', ctx.field, ctx.semantics, ctx.name), () => plainEquivalent(pattern, ctx, this.tree(pattern)));
  }
}
