/**
 * The language client: how the bundled server is launched and talked to. Built as its own
 * bundle (dist/language-client.js) and required only after activate() has returned, because
 * vscode-languageclient and its dependencies are nearly all of the client's loading time.
 * No lint logic lives here either.
 */
import type * as vscode from 'vscode';
import { CloseAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';

export type { LanguageClient };

export interface ClientHooks {
  output: vscode.OutputChannel;
  /** The server's per-document summary, for the language status item. */
  onStatus(p: StatusParams): void;
  /** The server stopped: summaries it sent are stale. */
  onStopped(): void;
  /** Diagnostics for `uri` were handed to VS Code (the squiggles are drawn from here on). */
  onDiagnostics?(uri: vscode.Uri): void;
}

/** A client for dist/server.js over Node IPC; not started. */
export function createLanguageClient(context: vscode.ExtensionContext, hooks: ClientHooks): LanguageClient {
  const { output } = hooks;
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };

  // The default handler restarts a crashed server a few times; this one also says so in the output channel.
  let defaultHandler: ErrorHandler | undefined;
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => {
      output.appendLine(`[client] connection error: ${error.message}`);
      defaultHandler ??= client.createDefaultErrorHandler(4);
      return defaultHandler.error(error, message, count);
    },
    closed: async () => {
      defaultHandler ??= client.createDefaultErrorHandler(4);
      const result = await defaultHandler.closed();
      output.appendLine(result.action === CloseAction.Restart ? '[client] the server stopped unexpectedly; restarting it' : '[client] the server stopped too often; not restarting (run "Istio Tips: Restart Language Server")');
      return result;
    },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: output,
    diagnosticCollectionName: 'istio-tips',
    initializationOptions: { clientCommands: true },
    errorHandler,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        hooks.onDiagnostics?.(uri);
      },
    },
  };
  const client = new LanguageClient('istioTips', 'Istio Tips', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) output.appendLine('[client] server running');
      if (e.newState === State.Stopped) hooks.onStopped();
    }),
    client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => hooks.onStatus(p)),
  );
  return client;
}
