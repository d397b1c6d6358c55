/**
 * A minimal LSP client for benchmarks: spawns a language server over stdio, answers the
 * requests servers send to clients (configuration, capability registration, progress),
 * and lets the caller await `publishDiagnostics` for a document. The same client drives
 * Istio Tips and yaml-language-server, so both are measured the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

export interface Publish {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  /** performance.now() when the notification arrived. */
  at: number;
}

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  /** Settings by section (`workspace/configuration` and `didChangeConfiguration`). */
  settings: Record<string, unknown>;
  initializationOptions?: unknown;
  /** Added to the benchmark's environment for the server process. */
  env?: Record<string, string>;
}

export interface StartOptions {
  /** Workspace folders (paths); none means a single-file session. */
  folders?: string[];
}

type Waiter = { uri: string; accept: (p: Publish) => boolean; resolve: (p: Publish) => void };

export const fileUri = (path: string): string => pathToFileURL(path).href;

function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  if (section in settings) return settings[section];
  // Dotted sections ("istioTips.rules") walk into the objects.
  let cur: unknown = settings;
  for (const part of section.split('.')) {
    if (!cur || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur ?? null;
}

export class LspSession {
  readonly publishes: Publish[] = [];
  private waiters: Waiter[] = [];
  syncKind = 1;
  stderr = '';

  private constructor(
    readonly spec: ServerSpec,
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(spec: ServerSpec, options: StartOptions = {}): Promise<LspSession> {
    const child = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(spec, child, connection);
    child.stderr!.on('data', (d: Buffer) => {
      if (session.stderr.length < 20000) session.stderr += d.toString();
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: Omit<Publish, 'at'>) => session.onPublish({ ...p, at: performance.now() }));
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => lookup(spec.settings, item.section)),
    );
    connection.onRequest('workspace/workspaceFolders', () => (options.folders ?? []).map((f) => ({ uri: fileUri(f), name: f })));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    connection.onNotification(() => undefined);
    connection.listen();
    const folders = options.folders ?? [];
    const result = (await connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'istio-tips-bench' },
      rootUri: folders.length ? fileUri(folders[0]) : null,
      workspaceFolders: folders.length ? folders.map((f) => ({ uri: fileUri(f), name: f })) : null,
      initializationOptions: spec.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
        window: { workDoneProgress: false },
      },
    })) as { capabilities: { textDocumentSync?: number | { change?: number } } };
    const sync = result.capabilities.textDocumentSync;
    session.syncKind = typeof sync === 'number' ? sync : sync?.change ?? 1;
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: spec.settings });
    return session;
  }

  private onPublish(p: Publish): void {
    this.publishes.push(p);
    this.waiters = this.waiters.filter((w) => {
      if (w.uri !== p.uri || !w.accept(p)) return true;
      w.resolve(p);
      return false;
    });
  }

  /** Resolves with the first publish for `uri` after now that `accept` takes, or rejects after `timeoutMs`. */
  waitFor(uri: string, accept: (p: Publish) => boolean, timeoutMs: number): Promise<Publish> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.spec.name}: no matching diagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        accept,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** One edit: incremental when the server asked for it, else the whole new text. */
  change(uri: string, version: number, edit: { line: number; character: number; deleteCount: number; insert: string }, newText: string): Promise<void> {
    const range = {
      start: { line: edit.line, character: edit.character },
      end: { line: edit.line, character: edit.character + edit.deleteCount },
    };
    const contentChanges = this.syncKind === 2 ? [{ range, text: edit.insert }] : [{ text: newText }];
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** CPU time (user + system) the server process has used so far, in ms (Linux; clock ticks of 10 ms). */
  cpuMs(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  /** Peak resident set of the server process so far (Linux VmHWM), in MB. */
  peakRssMB(): number | undefined {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* the server may already be gone */
    }
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
    this.connection.dispose();
  }
}
