/**
 * A minimal LSP client for protocol tests and benchmarks: spawns `node dist/server.js --stdio`
 * (run `npm run build` first), answers the requests a server sends to its client, records
 * what the server publishes, and lets tests await it. No sleeps: everything is awaited
 * on messages, each wait with a timeout.
 *
 *   const s = await startServer();
 *   await s.initialize({ rootPath: dir });
 *   s.open(uri, text);
 *   const d = await s.diagnostics(uri, 1);
 *   await s.shutdown();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ApplyWorkspaceEditParams,
  ClientCapabilities,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IDLE_REQUEST, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';

const ROOT = join(__dirname, '..', '..');
/** ISTIO_TIPS_TEST_SERVER runs the protocol tests against another bundle (e.g. a private build while dist/ is shared). */
export const SERVER_PATH = process.env.ISTIO_TIPS_TEST_SERVER ?? join(ROOT, 'dist', 'server.js');
export const DEFAULT_TIMEOUT = 10_000;

export interface InitializeOptions {
  /** Workspace folder (absolute path); none by default. */
  rootPath?: string;
  /** Sent as `initializationOptions`. */
  initializationOptions?: unknown;
  /** Merged over the default capabilities (configuration, dynamic watchers, documentChanges, diagnostic data). */
  capabilities?: ClientCapabilities;
  /** How long to wait for the answer (default DEFAULT_TIMEOUT): a loaded machine starts a process slowly. */
  timeout?: number;
}

export interface StartOptions {
  /** Extra server arguments (after `--stdio`). */
  args?: string[];
  /** Arguments for node itself (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** `istioTips` settings answered to workspace/configuration (changeable later with `setSettings`). */
  settings?: Record<string, unknown>;
}

const defaultCapabilities: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
    applyEdit: true,
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true, dataSupport: true, codeDescriptionSupport: true },
    codeAction: { dataSupport: true, isPreferredSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    synchronization: { didSave: true },
  },
};

type Waiter<T> = { match: (v: T) => boolean; resolve: (v: T) => void };

/** A list that records every item and lets callers await one matching a predicate. */
class Recorder<T> {
  readonly all: T[] = [];
  private waiters: Waiter<T>[] = [];

  push(v: T): void {
    this.all.push(v);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(v)) return true;
      w.resolve(v);
      return false;
    });
  }

  /** Resolves with the first recorded item (from index `since` on) matching `match`, now or later. */
  wait(match: (v: T) => boolean, what: string, timeout = DEFAULT_TIMEOUT, since = 0): Promise<T> {
    const found = this.all.slice(since).find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}`));
      }, timeout);
      const waiter: Waiter<T> = {
        match,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      this.waiters.push(waiter);
    });
  }
}

export class TestServer {
  readonly published = new Recorder<PublishDiagnosticsParams>();
  readonly statuses = new Recorder<StatusParams>();
  readonly logs = new Recorder<{ type: number; message: string }>();
  /** Edits the server asked the client to apply (workspace/applyEdit). */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** Registrations the server made (client/registerCapability). */
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  settings: Record<string, unknown>;
  private readonly texts = new Map<string, TextDocument>();
  private exited: Promise<number | null>;

  constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.published.push(p));
    connection.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => this.statuses.push(p));
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.logs.push(p));
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'istioTips' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', (p: { registrations: TestServer['registrations'] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(p);
      return { applied: true };
    });
  }

  async initialize(options: InitializeOptions = {}): Promise<InitializeResult> {
    const folders = options.rootPath ? [{ uri: pathToFileURL(options.rootPath).href, name: 'root' }] : null;
    const capabilities = mergeDeep(defaultCapabilities, options.capabilities ?? {}) as ClientCapabilities;
    const result = await this.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders?.[0].uri ?? null,
      workspaceFolders: folders,
      capabilities,
      initializationOptions: options.initializationOptions,
    }, options.timeout);
    this.notify('initialized', {});
    return result;
  }

  request<R = unknown>(method: string, params: unknown, timeout = DEFAULT_TIMEOUT): Promise<R> {
    return withTimeout(this.connection.sendRequest(method, params) as Promise<R>, timeout, `response to ${method}`);
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    this.texts.set(uri, TextDocument.create(uri, languageId, version, text));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Sends a change: a full new text, or incremental changes. Keeps the client-side copy in step. */
  change(uri: string, version: number, change: string | TextDocumentContentChangeEvent[]): void {
    const changes = typeof change === 'string' ? [{ text: change }] : change;
    const doc = this.texts.get(uri);
    if (doc) TextDocument.update(doc, changes, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  save(uri: string): void {
    this.notify('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.texts.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The client-side text of an open document. */
  text(uri: string): string {
    const doc = this.texts.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc.getText();
  }

  version(uri: string): number {
    const doc = this.texts.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc.version;
  }

  /** Awaits diagnostics for `uri`: of exactly `version` when given, else the next (or an earlier) publish matching `match`. */
  diagnostics(uri: string, version?: number, timeout = DEFAULT_TIMEOUT, match?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return this.published.wait(
      (p) => p.uri === uri && (version === undefined || p.version === version) && (!match || match(p)),
      `diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`,
      timeout,
    );
  }

  /** Awaits a publish for `uri` that happens after this call. */
  nextDiagnostics(uri: string, match?: (p: PublishDiagnosticsParams) => boolean, timeout = DEFAULT_TIMEOUT): Promise<PublishDiagnosticsParams> {
    return this.published.wait((p) => p.uri === uri && (!match || match(p)), `new diagnostics for ${uri}`, timeout, this.published.all.length);
  }

  /**
   * Awaits the server's `istioTips/idle` answer: no analysis, reload or scan left. Publishes
   * travel before the answer on the same stream, so they are all recorded when this resolves.
   */
  async idle(timeout = DEFAULT_TIMEOUT): Promise<void> {
    await this.request(IDLE_REQUEST, null, timeout);
  }

  /** The last publish recorded for `uri` (from index `since` on): after `idle()`, its settled diagnostics. */
  lastDiagnostics(uri: string, since = 0): PublishDiagnosticsParams | undefined {
    const all = this.published.all;
    for (let i = all.length - 1; i >= since; i--) if (all[i].uri === uri) return all[i];
    return undefined;
  }

  /** Changes the settings answered to workspace/configuration and tells the server. */
  setSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    this.notify('workspace/didChangeConfiguration', { settings: { istioTips: settings } });
  }

  /** Applies a WorkspaceEdit's edits for `uri` to the client-side copy (checking versions), as an editor would; returns the new text. */
  applyWorkspaceEdit(edit: WorkspaceEdit, uri: string): string {
    const doc = this.texts.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    let edits: TextEdit[] = [];
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
      if (change.textDocument.version !== null && change.textDocument.version !== doc.version) {
        throw new Error(`edit for version ${change.textDocument.version}, document is at ${doc.version}`);
      }
      edits = edits.concat(change.edits as TextEdit[]);
    }
    edits = edits.concat(edit.changes?.[uri] ?? []);
    const text = TextDocument.applyEdits(doc, edits);
    this.change(uri, doc.version + 1, text);
    return text;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** shutdown + exit; kills the process if it does not leave on its own. */
  async shutdown(timeout = 5000): Promise<void> {
    if (this.alive) {
      try {
        await this.request('shutdown', null, timeout);
        this.notify('exit', null);
      } catch {
        // fall through to kill
      }
    }
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(r, timeout, 'timeout').unref())]);
    if (code === 'timeout') this.process.kill('SIGKILL');
    this.connection.dispose();
  }
}

/** Spawns the bundled server over stdio. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_PATH, '--stdio', ...(options.args ?? [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  child.stderr!.on('data', () => undefined); // drained so the child never blocks on a full pipe
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  return new TestServer(child, connection, options.settings ?? {});
}

export const fileUri = (path: string): string => pathToFileURL(path).href;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

function mergeDeep(a: unknown, b: unknown): unknown {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null || Array.isArray(a) || Array.isArray(b)) return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = mergeDeep(out[k], v);
  return out;
}
