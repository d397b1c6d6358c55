/**
 * One workspace root (or the loose files outside every root): its config, its analyzer
 * and the latest analysis of each of its files, open or closed. Cross-file rules see
 * exactly the files of one project, so two checkouts in one window do not mix.
 */
import { Analyzer, type AnalyzerOptions, type FileAnalysis, type DocResult } from '../core/engine';
import { defaultConfig, isExcluded, type Config } from '../core/config';
import type { FileFinding } from '../core/types';
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
  private readonly fingerprints = new Map<string, Fingerprint>();
  /** Facts serialised per document result; results are reused across edits, so most hits are free. */
  private readonly docPrints = new WeakMap<DocResult, string>();

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
    const print = this.fingerprint(analysis);
    const before = this.fingerprints.get(key) ?? NO_FACTS;
    this.fingerprints.set(key, print);
    return { analysis, factsChanged: !samePrint(print, before) || (old !== undefined && old.uri !== uri && print.prints.length > 0) };
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
    const print = this.fingerprints.get(key) ?? NO_FACTS;
    this.fingerprints.delete(key);
    return print.prints.length > 0;
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
   * What identifies the file's cross-file facts: per document with facts, its index and its
   * facts serialised. Serialisations are cached per document result, and results of
   * untouched documents are reused across edits, so comparing two prints is mostly
   * comparing the same string objects.
   */
  private fingerprint(analysis: FileAnalysis): Fingerprint {
    const indexes: number[] = [];
    const prints: string[] = [];
    for (const d of analysis.docs) {
      if (!d.facts.size) continue;
      let print = this.docPrints.get(d);
      if (print === undefined) {
        print = JSON.stringify([d.apiVersion, d.kind, d.name, d.namespace, [...d.facts.entries()]]);
        this.docPrints.set(d, print);
      }
      indexes.push(d.index);
      prints.push(print);
    }
    return { indexes, prints };
  }
}

interface Fingerprint {
  indexes: number[];
  prints: string[];
}

const NO_FACTS: Fingerprint = { indexes: [], prints: [] };

function samePrint(a: Fingerprint, b: Fingerprint): boolean {
  if (a.prints.length !== b.prints.length) return false;
  for (let i = 0; i < a.prints.length; i++) if (a.indexes[i] !== b.indexes[i] || a.prints[i] !== b.prints[i]) return false;
  return true;
}
