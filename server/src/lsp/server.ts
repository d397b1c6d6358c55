/**
 * Wires a connection to the lint service: capabilities, document sync, settings,
 * watched files, code actions, hover and the custom requests. Every handler is guarded:
 * an exception answers an empty result and is logged; it never takes the server down.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { EditableDocuments } from './text-document';
import { ALL_RULES, HOVER_PROVIDERS, RULE_IDS, defaultSeverityLabel, documentedRules, findRule, type AnalyzerOptions, type Rule, type Services, editorPageMarkdown, LineIndex } from '../core';
import { getHeapSpaceStatistics } from 'node:v8';
import { createEngines } from '../engines';
import { codeActions, minimalEdit } from './code-actions';
import { toRange } from './convert';
import { hover } from './hover';
import { completions } from './completion';
import { warmUpAnalysis, warmUpEngines } from './warm-up';
import { timingLog } from './timing-log';
import { LintService, type LogLevel, type ServiceHost } from './service';
import {
  FIX_ALL_KIND,
  IDLE_REQUEST,
  FIX_ALL_UNSAFE_REQUEST,
  LIST_RULES_REQUEST,
  MEMORY_USAGE_REQUEST,
  RULE_DOCUMENTATION_REQUEST,
  STATUS_NOTIFICATION,
  type FixAllUnsafeParams,
  type FixAllUnsafeResult,
  type InitializationOptions,
  type RuleSummary,
} from './protocol';

export interface ServerOptions {
  /** Rules to run; the registry's by default (tests may pass their own). */
  rules?: readonly Rule[];
  version?: string;
}

const SETTINGS_TIMEOUT_MS = 5000;
/**
 * The analysis warm-up waits for this long without any document event or publish: the editor
 * may be busy meanwhile (opening a large file takes VS Code itself about half a second here),
 * and the warm-up's CPU would compete with it.
 */
const ANALYSIS_WARM_UP_QUIET_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

const errorText = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/**
 * ISTIO_TIPS_REGEX_CACHE_SIZE bounds the regex verdict caches (default 20,000 per engine):
 * leak tests shrink them so that bounded cache growth does not hide a real leak.
 */
function regexCacheOption(): { cacheSize?: number } {
  const n = Number(process.env.ISTIO_TIPS_REGEX_CACHE_SIZE);
  return Number.isInteger(n) && n > 0 ? { cacheSize: n } : {};
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  // Documents kept in pieces that hand their edits to the analysis: a keystroke never builds the whole text.
  const documents = new TextDocuments(EditableDocuments);
  const rules = options.rules ?? ALL_RULES;
  // The rules this server runs, then the registry (which also knows internal-error, reported by the engine).
  const ruleById = (id: string) => rules.find((r) => r.meta.id === id) ?? findRule(id);
  let clientCommands = false;
  let documentChanges = false;
  let snippetSupport = false;
  let pullConfiguration = false;
  let service: LintService | undefined;
  let services: Services | undefined;
  let analyzerOptions: AnalyzerOptions | undefined;
  let folders: string[] = [];
  let registerConfiguration = false;
  let registerWatchers = false;
  let folderEvents = false;

  const log = (level: LogLevel, message: string) => {
    try {
      if (level === 'error') connection.console.error(message);
      else if (level === 'warning') connection.console.warn(message);
      else if (level === 'info') connection.console.info(message);
      else connection.console.log(message);
    } catch {
      // The connection is gone; nothing left to tell.
    }
  };

  /** Runs a handler; on exception logs it and answers `fallback`. */
  function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        log('error', `${name} failed: ${errorText(e)}`);
        return fallback;
      }
    };
  }

  const timing = timingLog();
  const host: ServiceHost = {
    publish: (uri, version, diagnostics) => {
      void connection.sendDiagnostics({ uri, version, diagnostics });
      timing?.('publish', uri, version);
    },
    status: (params) => void connection.sendNotification(STATUS_NOTIFICATION, params),
    log,
    // A client that never answers must not hold diagnostics back: after a while, defaults (or pushed settings) apply.
    settings: async (scopeUri) =>
      pullConfiguration ? withTimeout(connection.workspace.getConfiguration({ scopeUri, section: 'istioTips' }), SETTINGS_TIMEOUT_MS) : undefined,
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    clientCommands = init.clientCommands === true;
    documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
    snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    pullConfiguration = caps.workspace?.configuration === true;
    registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    registerWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const knownRules = new Set([...RULE_IDS, ...rules.map((r) => r.meta.id)]);
    services = createEngines(regexCacheOption());
    analyzerOptions = { rules, services, hoverProviders: HOVER_PROVIDERS };
    service = new LintService(host, documents, analyzerOptions, knownRules, init.istioTips);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'istio-tips', version: options.version },
    };
  });

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'istioTips' });
      if (registerWatchers) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.istio-tips.yaml' }],
        });
      }
      if (folderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('workspace folders', undefined, (e) => service?.foldersChanged(e.added.map((f) => f.uri), e.removed.map((f) => f.uri))),
        );
      }
      const svc = service;
      const started = svc?.start(folders);
      // The engines while settings are on their way and until a document is open (then the first
      // analysis loads what it needs); then the analysis code, whenever the server is quiet.
      const options = analyzerOptions;
      if (svc && services && options) {
        const samples = rules.flatMap((r) => [r.meta.docs.bad, r.meta.docs.good]);
        void warmUpEngines(services, () => svc.busy)
          .catch((e) => log('warning', `regex engine warm-up failed: ${errorText(e)}`))
          .then(() => warmUpAnalysis(options, samples, () => svc.quiet(ANALYSIS_WARM_UP_QUIET_MS)))
          .catch((e) => log('warning', `analysis warm-up failed: ${errorText(e)}`));
      }
      await started;
    }),
  );

  documents.onDidOpen(
    guard('didOpen', undefined, (e) => {
      timing?.('open', e.document.uri, e.document.version);
      service?.didOpen(e.document.uri);
    }),
  );
  documents.onDidChangeContent(
    guard('didChange', undefined, (e) => {
      timing?.('change', e.document.uri, e.document.version);
      service?.didChange(e.document.uri);
    }),
  );
  documents.onDidSave(guard('didSave', undefined, (e) => service?.didSave(e.document.uri)));
  documents.onDidClose(guard('didClose', undefined, (e) => service?.didClose(e.document.uri)));

  connection.onDidChangeConfiguration(guard('configuration', undefined, (p) => service?.configurationChanged(p?.settings)));
  connection.onDidChangeWatchedFiles(
    guard('watched files', undefined, (p) => service?.filesChanged(p.changes.map((c) => ({ uri: c.uri, deleted: c.type === FileChangeType.Deleted })))),
  );

  connection.onCodeAction(
    guard('codeAction', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !service) return [];
      const svc = service;
      return codeActions(params, {
        uri: doc.uri,
        version: doc.version,
        // Joined on first use (a large document is kept in pieces): most requests need no text.
        get text() {
          return doc.getText();
        },
        snapshot: svc.snapshot(doc.uri),
        clientCommands,
        documentChanges,
        fixAll: () => svc.fixAll(doc.uri, doc.getText()),
      });
    }),
  );

  connection.onHover(
    guard('hover', null, (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !service) return null;
      const svc = service;
      const snapshot = svc.snapshot(doc.uri);
      return hover(params, {
        text: doc.getText(),
        findings: snapshot?.findings,
        findRule: ruleById,
        core: (offset) => svc.hover(doc.uri, offset),
      });
    }),
  );

  connection.onCompletion(
    guard('completion', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? completions(params, doc, snippetSupport) : [];
    }),
  );

  connection.onRequest(
    RULE_DOCUMENTATION_REQUEST,
    guard('ruleDocumentation', null, (params: { id?: unknown } | null) => {
      const id = params?.id;
      const rule = typeof id === 'string' ? ruleById(id) : undefined;
      return rule ? editorPageMarkdown(rule) : null;
    }),
  );

  connection.onRequest(
    FIX_ALL_UNSAFE_REQUEST,
    guard('fixAllUnsafe', null, (params: FixAllUnsafeParams | null): FixAllUnsafeResult | null => {
      const doc = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
      if (!doc || !service) return null;
      const text = doc.getText();
      const fixed = service.fixAllWithReport(doc.uri, text, { unsafe: true });
      if (!fixed) return null;
      const e = minimalEdit(text, fixed.text);
      const edit = { range: toRange(new LineIndex(text), e.start, e.end), newText: e.newText };
      return { version: doc.version, edit, applied: fixed.applied, unsafe: fixed.unsafe };
    }),
  );

  connection.onRequest(
    LIST_RULES_REQUEST,
    guard('listRules', [] as RuleSummary[], () =>
      [...new Set([...rules, ...documentedRules()])].map((r) => ({ id: r.meta.id, summary: r.meta.docs.summary, severity: defaultSeverityLabel(r.meta) })),
    ),
  );

  connection.onRequest(
    MEMORY_USAGE_REQUEST,
    guard('memoryUsage', null, () => {
      (globalThis as { gc?: () => void }).gc?.();
      return { ...process.memoryUsage(), heapSpaces: getHeapSpaceStatistics() };
    }),
  );

  connection.onRequest(
    IDLE_REQUEST,
    guard('idle', null, async () => {
      await service?.whenIdle();
      return null;
    }),
  );

  connection.onShutdown(() => service?.dispose());

  documents.listen(connection);
  connection.listen();
}
