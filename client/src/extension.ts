/**
 * The VS Code face of Istio Tips: starts the bundled language server for YAML documents
 * and adds a few commands and a language status item. No lint logic lives here.
 */
import vscode = require('vscode');
import { CloseAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  Commands,
  FIX_ALL_KIND,
  LIST_RULES_REQUEST,
  RULE_DOCUMENTATION_REQUEST,
  STATUS_NOTIFICATION,
  type RuleDocumentationResult,
  type RuleSummary,
  type StatusParams,
} from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Istio Tips');
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };

  // The default handler restarts a crashed server a few times; this one also says so in the output channel.
  let defaultHandler: ErrorHandler | undefined;
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => {
      output.appendLine(`[client] connection error: ${error.message}`);
      defaultHandler ??= client!.createDefaultErrorHandler(4);
      return defaultHandler.error(error, message, count);
    },
    closed: async () => {
      defaultHandler ??= client!.createDefaultErrorHandler(4);
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
  };
  client = new LanguageClient('istioTips', 'Istio Tips', serverOptions, clientOptions);
  const lc = client;

  const status = createStatusItem(context);
  lc.onDidChangeState((e) => {
    if (e.newState === State.Running) output.appendLine('[client] server running');
    if (e.newState === State.Stopped) status.clear();
  });

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(Commands.showRuleDocumentation, (id?: unknown) => showRuleDocumentation(lc, typeof id === 'string' ? id : undefined)),
    vscode.commands.registerCommand(Commands.fixAllInFile, () => fixAllInFile()),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.appendLine('[client] restarting the server');
      status.clear();
      await lc.restart();
    }),
    { dispose: () => void lc.stop() },
  );

  context.subscriptions.push(lc.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => status.update(p)));
  try {
    await lc.start();
  } catch (e) {
    output.appendLine(`[client] could not start the server: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** "Istio: 3 resources · 1 finding" for the active YAML editor, with a link to the settings. */
function createStatusItem(context: vscode.ExtensionContext) {
  const item = vscode.languages.createLanguageStatusItem('istioTips.status', { language: 'yaml' });
  item.name = 'Istio Tips';
  item.text = 'Istio Tips';
  item.command = { title: 'Settings', command: 'workbench.action.openSettings', arguments: ['istioTips'] };
  const byUri = new Map<string, StatusParams>();
  const render = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const s = uri ? byUri.get(uri) : undefined;
    item.busy = false;
    if (!s) {
      item.text = 'Istio Tips';
      item.detail = undefined;
      return;
    }
    if (s.skipped) {
      item.text = 'Istio Tips: skipped';
      item.detail = s.skipped;
      return;
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    item.text = `Istio: ${plural(s.resources, 'resource')} · ${plural(s.findings, 'finding')}`;
    item.detail = s.kinds.length ? s.kinds.join(', ') : 'no Istio resources in this file';
  };
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.workspace.onDidCloseTextDocument((d) => byUri.delete(d.uri.toString())),
  );
  return {
    update(p: StatusParams) {
      byUri.set(p.uri, p);
      render();
    },
    clear() {
      byUri.clear();
      render();
    },
  };
}

async function showRuleDocumentation(lc: LanguageClient, id: string | undefined): Promise<void> {
  if (id === undefined) {
    const rules = await lc.sendRequest<RuleSummary[]>(LIST_RULES_REQUEST, {});
    const picked = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.severity, detail: r.summary })),
      { title: 'Istio Tips: rule documentation', matchOnDetail: true },
    );
    if (!picked) return;
    id = picked.label;
  }
  const markdown = await lc.sendRequest<RuleDocumentationResult>(RULE_DOCUMENTATION_REQUEST, { id });
  if (markdown === null) {
    void vscode.window.showWarningMessage(`Istio Tips has no rule named "${id}".`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  } catch {
    await vscode.window.showTextDocument(doc);
  }
}

/** Applies the server's `source.fixAll.istio-tips` action to the active file; true when something changed. */
async function fixAllInFile(): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'yaml') return false;
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND);
  const fixAll = actions?.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!fixAll?.edit) {
    vscode.window.setStatusBarMessage('Istio Tips: nothing to fix automatically', 3000);
    return false;
  }
  return vscode.workspace.applyEdit(fixAll.edit);
}
