/**
 * One workspace root (or the loose files outside every root): its config, its analyzer
 * and the latest analysis of each of its files, open or closed. Cross-file rules see
 * exactly the files of one project, so two checkouts in one window do not mix.
 */
import { Analyzer, type AnalyzerOptions, type FileAnalysis, type DocResult, defaultConfig, isExcluded, type Config, type FileFinding, type TextEdit, sameFacts } from '../core';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { relativeInside } from './paths';

export class Project {
  readonly analyzer: Analyzer;
  config: Config = defaultConfig();
  settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  /** Bumped whenever config or settings change: background work started earlier stops. */
  generation = 0;
  /** Key (decoded path) -> latest analysis. */
  private readonly files = new Map<string, FileAnalysis>();

  /**
   * @param root absolute path of the workspace folder; undefined for the loose-files project
   * @param rootUri the folder's URI as the client sent it
   */
  constructor(
    readonly root: string | undefined,
    readonly rootUri: string | undefined,
    options: AnalyzerOptions,
  ) {
    this.analyzer = new Analyzer(options);
  }

  /** Path relative to the root ('/'-separated), or undefined when outside (always for the loose project). */
  relative(path: string | undefined): string | undefined {
    if (this.root === undefined || path === undefined) return undefined;
    return relativeInside(this.root, path);
  }

  isExcluded(path: string | undefined): boolean {
    const rel = this.relative(path);
    return rel !== undefined && isExcluded(rel, this.config.exclude);
  }

  has(key: string): boolean {
    return this.files.has(key);
  }

  get size(): number {
    return this.files.size;
  }

  /** Analyses a file's text (incremental per document) and says whether its cross-file facts changed. */
  update(key: string, uri: string, text: string): { analysis: FileAnalysis; factsChanged: boolean } {
    const old = this.files.get(key);
    if (old && old.uri !== uri) this.analyzer.forget(old.uri);
    const analysis = this.analyzer.analyzeFile(uri, text, this.config);
    this.files.set(key, analysis);
    const factsChanged = old === undefined ? hasFacts(analysis) : !this.sameFileFacts(old, analysis) || (old.uri !== uri && hasFacts(analysis));
    return { analysis, factsChanged };
  }

  /**
   * `update` for the text `edits` make of `base` (the latest analysis of `key`), without the
   * whole text; undefined when the analyzer cannot take edits of `base` (then call `update`).
   */
  updateFromEdits(key: string, base: FileAnalysis, edits: readonly TextEdit[]): { analysis: FileAnalysis; factsChanged: boolean } | undefined {
    if (this.files.get(key) !== base) return undefined;
    const analysis = this.analyzer.analyzeEdits(base.uri, base, edits, this.config);
    if (!analysis) return undefined;
    this.files.set(key, analysis);
    return { analysis, factsChanged: !this.sameFileFacts(base, analysis) };
  }

  allFiles(): IterableIterator<FileAnalysis> {
    return this.files.values();
  }

  get(key: string): FileAnalysis | undefined {
    return this.files.get(key);
  }

  /** Drops a file; true when it contributed facts (other files' findings may change). */
  remove(key: string): boolean {
    const old = this.files.get(key);
    if (!old) return false;
    this.analyzer.forget(old.uri);
    this.files.delete(key);
    return hasFacts(old);
  }

  /** Drops every file for which `keep` says no; true when any of them had facts. */
  prune(keep: (key: string) => boolean): boolean {
    let changed = false;
    for (const key of [...this.files.keys()]) if (!keep(key)) changed = this.remove(key) || changed;
    return changed;
  }

  /** Final findings (config, suppressions applied) of the files whose URIs are in `report`. */
  lint(report: ReadonlySet<string>): Map<string, FileFinding[]> {
    return this.analyzer.analyzeWorkspace(this.files.values(), this.config, report);
  }

  /**
   * Findings `text` would have as file `key`, the rest of the project unchanged. Used by
   * fix-all to iterate on text the editor does not hold yet. The analyzer's per-document
   * memo for `uri` follows the scratch text (documents the fixes did not touch stay
   * cached); the project's own record of the file is untouched.
   */
  lintScratch(key: string, uri: string, text: string): FileFinding[] {
    const scratch = this.analyzer.analyzeFile(uri, text, this.config);
    const files = [...this.files.entries()].filter(([k]) => k !== key).map(([, f]) => f);
    files.push(scratch);
    return this.analyzer.analyzeWorkspace(files, this.config, new Set([uri])).get(uri) ?? [];
  }

  /**
   * Whether two analyses of a file carry the same cross-file facts. The engine reuses the
   * result objects of untouched documents across edits, so a keystroke compares pointers and
   * looks at the few documents it changed; when the number of documents changed, the
   * documents with facts are compared in order.
   */
  private sameFileFacts(a: FileAnalysis, b: FileAnalysis): boolean {
    const x = a.docs;
    const y = b.docs;
    if (x.length === y.length) {
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !sameDocFacts(x[i], y[i])) return false;
      return true;
    }
    const fx = x.filter((d) => d.facts.size);
    const fy = y.filter((d) => d.facts.size);
    return fx.length === fy.length && fx.every((d, i) => sameFacts(d, fy[i]));
  }
}

/** Documents without facts count as the same, whatever else they hold. */
const sameDocFacts = (x: DocResult, y: DocResult): boolean => (!x.facts.size && !y.facts.size) || sameFacts(x, y);

const hasFacts = (analysis: FileAnalysis): boolean => analysis.docs.some((d) => d.facts.size > 0);
