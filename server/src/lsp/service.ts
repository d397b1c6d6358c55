/**
 * The language server's state machine, independent of the wire: which documents are
 * open, which project (workspace root) each belongs to, when to analyse, what to publish.
 *
 * - Open documents are analysed on open and (debounced) on change or save; a result is
 *   published only for the version it was computed from.
 * - Closed files of a root contribute cross-file facts (background scan, file watcher)
 *   but get no diagnostics, like linters that report on open files only.
 * - When a file's facts change, workspace rules re-run and open documents whose
 *   diagnostics changed are re-published; the others are left alone.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { type AnalyzerOptions, type FileAnalysis, type FileFinding, type TextEdit, fixAll, type AppliedFix, type FixOptions, deepEqual, type HoverResult, LineIndex } from '../core';
import { toDiagnostics, type PositionSource, type PositionSources } from './convert';
import { cancelPending, openState, recordPublish, schedule, type OpenState } from './open-document';
import { Project } from './project';
import { loadRootConfig } from './settings';
import { fileKey, isYamlDocument, pathKey, uriToPath } from './paths';
import { DiskFiles, fitsSize, yieldNow, type FileChange } from './disk-files';
import type { StatusParams } from './protocol';

export type { FileChange } from './disk-files';
export type LogLevel = 'error' | 'warning' | 'info' | 'log';

/** What the service needs from the connection. */
export interface ServiceHost {
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  status(params: StatusParams): void;
  log(level: LogLevel, message: string): void;
  /** The `istioTips` settings object for a scope (folder URI, or undefined for global); undefined when the client cannot say. */
  settings(scopeUri: string | undefined): Promise<unknown>;
}

/** An open document as the connection tracks it (TextDocument fits; EditableDocument also hands over its edits). */
export interface OpenDocument {
  uri: string;
  version: number;
  languageId: string;
  getText(): string;
  positionAt?(offset: number): { line: number; character: number };
  /** Text length and UTF-8 size, without building the text. */
  readonly length?: number;
  byteLength?(): number;
  /** The edits from `version` to the current text (see text-document.ts), or undefined. */
  editsSince?(version: number): readonly TextEdit[] | undefined;
  forgetEditsUpTo?(version: number): void;
}

/** The open documents as the connection tracks them (TextDocuments fits). */
export interface DocumentSource {
  get(uri: string): OpenDocument | undefined;
}

/** What code actions and hovers may rely on: findings of one exact document version. */
export interface Snapshot {
  version: number;
  text: string;
  findings: readonly FileFinding[];
  project: Project;
  key: string;
}

/** How long after the last document or file event or publish the server counts as quiet, unless the caller says (see `quiet`). */
const QUIET_MS = 300;

const errorText = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class LintService {
  private projects: Project[] = [];
  private readonly loose: Project;
  private readonly open = new Map<string, OpenState>();
  private readonly openKeys = new Map<string, OpenState>();
  private ready = false;
  private disposed = false;
  /** Settings pushed by the client (didChangeConfiguration / initializationOptions), for clients without workspace/configuration. */
  private pushedSettings: unknown;
  private readonly logged = new Set<string>();
  private readonly configProblems = new Map<Project, string>();
  private readonly disk: DiskFiles;
  /** Configuration reloads and folder changes under way (see `whenIdle`). */
  private readonly work = new Set<Promise<void>>();
  /** Date.now() of the last document or file event or publish (see `quiet`). */
  private lastActivity = 0;

  constructor(
    private readonly host: ServiceHost,
    private readonly documents: DocumentSource,
    private readonly analyzerOptions: AnalyzerOptions,
    private readonly knownRules: ReadonlySet<string>,
    initialSettings?: unknown,
  ) {
    this.loose = new Project(undefined, undefined, analyzerOptions);
    this.pushedSettings = initialSettings;
    this.disk = new DiskFiles({
      isOpen: (key) => this.openKeys.has(key),
      projectFor: (path) => this.projectFor(path),
      relint: (p) => this.relintOpen(p),
      reload: (projects) => this.tracked(this.reload(projects)),
      log: (level, message) => this.host.log(level, message),
      logOnce: (level, message, key) => this.logOnce(level, message, key),
      disposed: () => this.disposed,
    });
  }

  // -- lifecycle --------------------------------------------------------------

  /** Loads configs, analyses the documents already open, then scans the roots in the background. */
  start(folderUris: readonly string[]): Promise<void> {
    return this.tracked(this.doStart(folderUris));
  }

  private async doStart(folderUris: readonly string[]): Promise<void> {
    for (const uri of folderUris) this.addProject(uri);
    await Promise.all([this.loose, ...this.projects].map((p) => this.loadConfig(p)));
    this.ready = true;
    for (const state of this.open.values()) this.assign(state);
    await this.validateAll([...this.open.values()]);
    for (const p of this.projects) this.disk.startScan(p);
  }

  /** True once any document is open (or the service is gone): background warm-up gives way. */
  get busy(): boolean {
    return this.open.size > 0 || this.disposed;
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.open.values()) cancelPending(s);
  }

  foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    return this.tracked(this.changeFolders(added, removed));
  }

  private async changeFolders(added: readonly string[], removed: readonly string[]): Promise<void> {
    const gone = new Set(removed.map((u) => fileKey(u)));
    for (const p of this.projects) if (p.rootUri && gone.has(fileKey(p.rootUri))) p.generation++; // stops its scan
    this.projects = this.projects.filter((p) => !(p.rootUri && gone.has(fileKey(p.rootUri))));
    const fresh = added.map((u) => this.addProject(u)).filter((p): p is Project => !!p);
    await Promise.all(fresh.map((p) => this.loadConfig(p)));
    const moved = [...this.open.values()].filter((s) => this.assign(s));
    await this.validateAll(moved);
    for (const p of fresh) this.disk.startScan(p);
  }

  /** Settings changed (pushed payload, if any): reload every project's config and re-validate. */
  configurationChanged(pushed?: unknown): Promise<void> {
    if (isObject(pushed) && isObject(pushed.istioTips)) this.pushedSettings = pushed.istioTips;
    return this.tracked(this.reload([this.loose, ...this.projects]));
  }

  /**
   * Resolves once nothing is left to do: no analysis scheduled, no configuration being
   * reloaded, no scan or file-event batch running. Every publish the work made was sent
   * before (one connection, in order), so a client that awaits this has the final
   * diagnostics (the `istioTips/idle` request; tests use it instead of guessing).
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      while (this.work.size) await Promise.all([...this.work]);
      await this.disk.idle();
      const scheduled = [...this.open.values()].some((s) => s.pending);
      if (!scheduled && !this.work.size) return;
      // A debounce timer is due within the debounce delay; look again after a short while.
      if (scheduled) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * Resolves true once the server is quiet: started, nothing scheduled or running, and no
   * document or file event and no publish for `ms`; false once disposed. For background work
   * that must never hold up what a user waits for (warm-up.ts): one small unit per `quiet()`.
   */
  async quiet(ms = QUIET_MS): Promise<boolean> {
    for (;;) {
      await yieldNow();
      if (this.disposed) return false;
      const wait = this.lastActivity + ms - Date.now();
      const busy = !this.ready || this.work.size > 0 || this.disk.busy || [...this.open.values()].some((s) => s.pending);
      if (wait <= 0 && !busy) return true;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 50)));
    }
  }

  private tracked(work: Promise<void>): Promise<void> {
    this.work.add(work);
    return work.finally(() => this.work.delete(work));
  }

  // -- open documents ---------------------------------------------------------

  didOpen(uri: string): void {
    this.lastActivity = Date.now();
    const doc = this.documents.get(uri);
    if (!doc || !isYamlDocument(uri, doc.languageId)) return;
    const path = uriToPath(uri);
    const state = openState(uri, fileKey(uri), path, this.loose);
    this.open.set(uri, state);
    this.openKeys.set(state.key, state);
    if (!this.ready) return;
    this.assign(state);
    this.validate(state);
  }

  didChange(uri: string): void {
    this.lastActivity = Date.now();
    const state = this.open.get(uri);
    if (!state || !this.ready || state.project.settings.run !== 'onType') return;
    // Also fired right after open, for a version already analysed.
    if (!state.pending && state.version === this.documents.get(uri)?.version) return;
    this.schedule(state, state.project.settings.debounce);
  }

  didSave(uri: string): void {
    this.lastActivity = Date.now();
    const state = this.open.get(uri);
    if (!state || !this.ready || state.project.settings.run !== 'onSave') return;
    this.schedule(state, 0);
  }

  didClose(uri: string): void {
    this.lastActivity = Date.now();
    const state = this.open.get(uri);
    if (!state) return;
    cancelPending(state);
    this.open.delete(uri);
    if (this.openKeys.get(state.key) === state) this.openKeys.delete(state.key);
    this.host.publish(uri, undefined, []);
    if (state.project === this.loose || state.path === undefined) {
      if (state.project.remove(state.key)) this.relintOpen(state.project);
    } else {
      // What stays on disk keeps contributing facts; unsaved edits are gone with the editor.
      this.disk.enqueue([{ uri, deleted: false }]);
    }
  }

  /** The findings of the current version of an open document, or undefined when analysis is pending or stale. */
  snapshot(uri: string): Snapshot | undefined {
    const state = this.open.get(uri);
    const doc = this.documents.get(uri);
    if (!state || !doc || state.version !== doc.version || state.pending) return undefined;
    const analysis = state.project.get(state.key);
    if (!analysis || analysis.uri !== uri) return undefined;
    return { version: state.version, text: analysis.text, findings: state.findings, project: state.project, key: state.key };
  }

  /**
   * `text` (the open document `uri`) with its safe fixes applied by the core's fix loop
   * (the same as `lint --fix`), against the rest of the project as it is. Undefined when
   * nothing changes.
   */
  fixAll(uri: string, text: string, options: FixOptions = {}): string | undefined {
    return this.fixAllWithReport(uri, text, options)?.text;
  }

  /** {@link fixAll} with the number of fixes and those that change behaviour it applied (with `unsafe`). */
  fixAllWithReport(uri: string, text: string, options: FixOptions = {}): { text: string; applied: number; unsafe: AppliedFix[] } | undefined {
    const state = this.open.get(uri);
    if (!state) return undefined;
    const p = state.project;
    if (!p.settings.enable || p.isExcluded(state.path) || !fitsSize(text, p.config.maxFileSize)) return undefined;
    const r = fixAll(text, (t) => p.lintScratch(state.key, uri, t), options);
    return r.text === text ? undefined : { text: r.text, applied: r.applied, unsafe: r.unsafe };
  }

  /** Core hover providers (regex semantics, effective mTLS mode) at `offset` of an open document. */
  hover(uri: string, offset: number): HoverResult | undefined {
    const state = this.open.get(uri);
    const doc = this.documents.get(uri);
    if (!state || !doc) return undefined;
    const p = state.project;
    return p.analyzer.hover(uri, doc.getText(), offset, p.allFiles(), p.config);
  }

  // -- watched files ----------------------------------------------------------

  filesChanged(changes: readonly FileChange[]): void {
    this.lastActivity = Date.now();
    if (this.ready) this.disk.enqueue(changes); // before that, the initial scan reads everything anyway
  }

  // -- analysis and publishing ------------------------------------------------

  private schedule(state: OpenState, delay: number): void {
    schedule(state, delay, () => {
      if (this.open.get(state.uri) === state && !this.disposed) this.validateOrLog(state);
    });
  }

  /** A failed analysis is logged; it must not stop the timer or batch that ran it. */
  private validateOrLog(state: OpenState): void {
    try {
      this.validate(state);
    } catch (e) {
      this.host.log('error', `analysis of ${state.uri} failed: ${errorText(e)}`);
    }
  }

  /** Analyses one open document now, publishes its diagnostics, and those of others whose cross-file findings changed. */
  private validate(state: OpenState): void {
    const doc = this.documents.get(state.uri);
    if (!doc) return;
    cancelPending(state);
    const p = state.project;
    const version = doc.version;
    const skipped = this.skipReason(state, doc);
    if (skipped) {
      state.version = version;
      state.analysis = undefined;
      state.findings = [];
      if (p.remove(state.key)) this.relintOpen(p);
      this.host.publish(state.uri, version, []);
      recordPublish(state, version, undefined, []);
      this.host.status({ uri: state.uri, version, resources: 0, findings: 0, kinds: [], skipped });
      return;
    }
    const { analysis, factsChanged } = this.analyse(state, doc);
    for (const notice of analysis.notices) this.logOnce('info', `${state.uri}: ${notice}`);
    const report = factsChanged ? this.openUris(p) : new Set<string>();
    report.add(state.uri);
    const results = p.lint(report);
    state.version = version;
    state.analysis = analysis;
    this.publish(state, analysis, results.get(state.uri) ?? [], true);
    for (const [uri, findings] of results) {
      const other = this.open.get(uri);
      if (!other || other === state) continue;
      const otherAnalysis = other.project.get(other.key);
      if (otherAnalysis) this.publish(other, otherAnalysis, findings, false);
    }
  }

  /**
   * Analyses the document's current text: from the edits made since the version last
   * analysed when the document logged them (a keystroke then never builds the whole text),
   * else from the whole text.
   */
  private analyse(state: OpenState, doc: OpenDocument): { analysis: FileAnalysis; factsChanged: boolean } {
    const p = state.project;
    const base = state.version !== undefined && state.analysis && p.get(state.key) === state.analysis ? state.analysis : undefined;
    const edits = base && doc.editsSince?.(state.version!);
    const result = (edits && p.updateFromEdits(state.key, base, edits)) || p.update(state.key, state.uri, doc.getText());
    doc.forgetEditsUpTo?.(doc.version);
    return result;
  }

  private skipReason(state: OpenState, doc: OpenDocument): string | undefined {
    const p = state.project;
    if (!p.settings.enable) return 'Istio Tips is disabled (istioTips.enable)';
    if (p.isExcluded(state.path)) return 'excluded by .istio-tips.yaml';
    // Sizes without joining a document kept in pieces (other documents just measure their text).
    const size = { length: doc.length ?? doc.getText().length, byteLength: () => doc.byteLength?.() ?? Buffer.byteLength(doc.getText()) };
    if (!fitsSize(size, p.config.maxFileSize)) {
      const why = `${size.byteLength()} bytes is over maxFileSize (${p.config.maxFileSize}); not analysed`;
      this.logOnce('info', `${state.uri}: ${why}`, `${state.uri}: too large`);
      return why;
    }
    return undefined;
  }

  /** Publishes unless (when not forced) the diagnostics are unchanged. Forced for the document just analysed. */
  private publish(state: OpenState, analysis: FileAnalysis, findings: FileFinding[], force: boolean): void {
    // Whoever waited for this may act on it at once (type again): background work stays away a while longer.
    this.lastActivity = Date.now();
    const version = state.version ?? 0;
    if (!recordPublish(state, version, analysis, findings) && !force) return;
    state.findings = findings;
    // The editor's document of the analysed version already knows its lines (kept up to date
    // across edits); anything else gets a line table of the analysed text.
    const doc = this.documents.get(state.uri);
    const lines = doc?.positionAt && doc.version === version && state.analysis === analysis ? (doc as PositionSource) : undefined;
    const others = findings.some((f) => f.related?.length) ? this.lineTables(state.project) : undefined;
    this.host.publish(state.uri, version, findings.length ? toDiagnostics(lines ?? new LineIndex(analysis.text), findings, version, others) : []);
    const { resources, kinds } = state.census.count(analysis.docs);
    const notices = analysis.notices.length ? { notices: analysis.notices } : {};
    this.host.status({ uri: state.uri, version, resources, findings: findings.length, kinds, ...notices });
  }

  /** Line tables of the project's files by URI, built on first use (for related locations in other files). */
  private lineTables(p: Project): PositionSources {
    const tables = new Map<string, PositionSource | undefined>();
    return (uri) => {
      if (!tables.has(uri)) {
        // Offsets are into the analysed text, which may be older than the editor's buffer.
        const file = [...p.allFiles()].find((f) => f.uri === uri);
        tables.set(uri, file ? new LineIndex(file.text) : undefined);
      }
      return tables.get(uri);
    };
  }

  /** Re-runs workspace rules for the open documents of `p` and publishes the ones that changed. */
  private relintOpen(p: Project): void {
    const report = this.openUris(p);
    if (!report.size) return;
    for (const [uri, findings] of p.lint(report)) {
      const state = this.open.get(uri);
      const analysis = state && p.get(state.key);
      if (state && analysis) this.publish(state, analysis, findings, false);
    }
  }

  /** Open documents of `p` that are analysed and up to date (a pending one publishes on its own soon). */
  private openUris(p: Project): Set<string> {
    const out = new Set<string>();
    for (const s of this.open.values()) {
      if (s.project === p && !s.pending && s.version !== undefined && p.get(s.key)?.uri === s.uri) out.add(s.uri);
    }
    return out;
  }

  private async validateAll(states: OpenState[]): Promise<void> {
    for (const state of states) {
      if (this.disposed) return;
      if (this.open.get(state.uri) !== state) continue;
      this.validateOrLog(state);
      await yieldNow();
    }
  }

  // -- projects and configuration ---------------------------------------------

  private addProject(uri: string): Project | undefined {
    const root = uriToPath(uri);
    if (root === undefined || this.projects.some((p) => p.root !== undefined && pathKey(p.root) === pathKey(root))) return undefined;
    const p = new Project(root, uri, this.analyzerOptions);
    this.projects.push(p);
    // Deepest root first, so nested folders own their files.
    this.projects.sort((a, b) => (b.root?.length ?? 0) - (a.root?.length ?? 0));
    return p;
  }

  private projectFor(path: string | undefined): Project {
    if (path !== undefined) for (const p of this.projects) if (p.relative(path) !== undefined) return p;
    return this.loose;
  }

  /** Puts an open document in the project that owns it; true when that changed. */
  private assign(state: OpenState): boolean {
    const p = this.projectFor(state.path);
    if (p === state.project) return false;
    if (state.project.remove(state.key)) this.relintOpen(state.project);
    state.project = p;
    state.published = undefined;
    return true;
  }

  /** Reloads the configuration of `projects`; those whose configuration changed are analysed (and scanned) again. */
  private async reload(all: Project[]): Promise<void> {
    const changed = await Promise.all(all.map((p) => this.loadConfig(p)));
    const projects = all.filter((_, i) => changed[i]);
    const states = [...this.open.values()].filter((s) => projects.includes(s.project));
    await this.validateAll(states);
    for (const p of projects) {
      if (p === this.loose) continue;
      // Excludes, size limits or the scan switch may have changed: scan again (the scan drops what it no longer finds).
      if (p.settings.enable && p.settings.workspaceScan) this.disk.startScan(p);
      else if (p.prune((key) => this.openKeys.has(key))) this.relintOpen(p);
    }
  }

  /** True when the project's settings or config changed. */
  private async loadConfig(p: Project): Promise<boolean> {
    let raw: unknown;
    try {
      raw = await this.host.settings(p.rootUri);
    } catch (e) {
      this.host.log('warning', `could not read settings: ${errorText(e)}`);
    }
    const { settings, config, problems } = await loadRootConfig(p.root, isObject(raw) ? raw : this.pushedSettings, this.knownRules);
    const all = problems.join('\n');
    if (all && all !== this.configProblems.get(p)) this.host.log('warning', `configuration problems:\n${all}`);
    this.configProblems.set(p, all);
    // The same again (a client pushing unchanged settings): nothing to redo, and a running scan goes on.
    if (deepEqual(settings, p.settings) && deepEqual(config, p.config)) return false;
    p.settings = settings;
    p.config = config;
    p.generation++;
    return true;
  }

  /** Logs a message once per `key` (by default the message itself), so a keystroke never repeats a notice. */
  private logOnce(level: LogLevel, message: string, key = message): void {
    if (this.logged.has(key)) return;
    if (this.logged.size > 10_000) this.logged.clear();
    this.logged.add(key);
    this.host.log(level, message);
  }
}
