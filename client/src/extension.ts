/**
 * The VS Code face of Istio Tips: commands, a language status item, and the bundled language
 * server for YAML documents. No lint logic lives here.
 *
 * Activation stays cheap: this bundle holds no vscode-languageclient. The client lives in
 * dist/language-client.js, required just after activate() has returned; commands that need
 * the server wait for it.
 */
import vscode = require('vscode');
import type { ClientHooks, LanguageClient } from './language-client';
import {
  Commands,
  FIX_ALL_KIND,
  FIX_ALL_UNSAFE_REQUEST,
  IDLE_REQUEST,
  LIST_RULES_REQUEST,
  RULE_DOCUMENTATION_REQUEST,
  type FixAllUnsafeResult,
  type RuleDocumentationResult,
  type RuleSummary,
  type StatusParams,
} from '../../server/src/lsp/protocol';

let server: ServerHandle | undefined;

/** URI scheme of the read-only rule pages (`istio-tips-docs:/<rule-id>.md`). */
const DOCS_SCHEME = 'istio-tips-docs';

/**
 * What activate() returns to other extensions and to the end-to-end tests: a way to wait until
 * the server has nothing left to do, and the moment diagnostics reach VS Code (VS Code's own
 * `languages.onDidChangeDiagnostics` fires up to 50 ms later: it is debounced).
 */
export interface IstioTipsApi {
  whenIdle(): Promise<void>;
  onDidPublishDiagnostics: vscode.Event<vscode.Uri>;
}

export function activate(context: vscode.ExtensionContext): IstioTipsApi {
  const output = vscode.window.createOutputChannel('Istio Tips');
  const status = createStatusItem(context);
  const published = new vscode.EventEmitter<vscode.Uri>();
  const handle = new ServerHandle(context, {
    output,
    onStatus: (p) => status.update(p),
    onStopped: () => status.clear(),
    onDiagnostics: (uri) => published.fire(uri),
  });
  server = handle;

  context.subscriptions.push(
    output,
    published,
    vscode.commands.registerCommand(Commands.showRuleDocumentation, async (id?: unknown) => showRuleDocumentation(await handle.client(), typeof id === 'string' ? id : undefined)),
    // Rule pages as read-only virtual documents: nothing to save, no Untitled buffer left behind.
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const id = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
        const markdown = await (await handle.client()).sendRequest<RuleDocumentationResult>(RULE_DOCUMENTATION_REQUEST, { id });
        return markdown ?? `# ${id}\n\nIstio Tips has no rule named "${id}".\n`;
      },
    }),
    vscode.commands.registerCommand(Commands.fixAllInFile, async () => {
      await handle.client(); // its code actions exist once the server runs
      return fixAllInFile();
    }),
    // `{ confirmed: true }` skips the question (for keybindings and tests that decided already).
    vscode.commands.registerCommand(Commands.fixAllInFileUnsafe, async (options?: { confirmed?: unknown }) =>
      fixAllInFileUnsafe(await handle.client(), options?.confirmed === true),
    ),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      const lc = await handle.client();
      output.appendLine('[client] restarting the server');
      status.clear();
      await lc.restart();
    }),
    { dispose: () => void handle.stop() },
  );
  // After activate() returns, so loading the client is not part of this extension's activation.
  setImmediate(() => handle.client().catch(() => undefined));
  return {
    whenIdle: async () => void (await (await handle.client()).sendRequest(IDLE_REQUEST, null)),
    onDidPublishDiagnostics: published.event,
  };
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}

/** Loads and starts the language client once, on first need; stop() wins over a start not yet begun. */
class ServerHandle {
  private starting: Promise<LanguageClient> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly hooks: ClientHooks,
  ) {}

  /** The started client (or the one that failed to start, which rejects requests). */
  client(): Promise<LanguageClient> {
    if (this.stopping) return Promise.reject(new Error('Istio Tips is shutting down'));
    return (this.starting ??= this.start());
  }

  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      const lc = await this.starting?.catch(() => undefined);
      await lc?.stop();
    })());
  }

  private async start(): Promise<LanguageClient> {
    const say = (e: unknown) => this.hooks.output.appendLine(`[client] could not start the server: ${e instanceof Error ? e.message : String(e)}`);
    let lc: LanguageClient;
    try {
      // Not bundled into this file (see scripts/build.mjs): it sits beside it in dist/.
      const { createLanguageClient } = require('./language-client.js') as typeof import('./language-client');
      lc = createLanguageClient(this.context, this.hooks);
    } catch (e) {
      say(e);
      throw e;
    }
    try {
      await lc.start();
    } catch (e) {
      say(e);
    }
    return lc;
  }
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
    item.severity = vscode.LanguageStatusSeverity.Information;
    if (s.skipped) {
      item.text = 'Istio Tips: skipped';
      item.detail = s.skipped;
      return;
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    // A Helm template: say that templated values were not checked (the CLI says so too).
    const unchecked = s.notices?.length ? ' · templated values not checked' : '';
    item.text = `Istio: ${plural(s.resources, 'resource')} · ${plural(s.findings, 'finding')}${unchecked}`;
    item.severity = unchecked ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    const kinds = s.kinds.length ? s.kinds.join(', ') : 'no Istio resources in this file';
    item.detail = s.notices?.length ? `${kinds}. ${s.notices.join('; ')}` : kinds;
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
  const uri = vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${encodeURIComponent(id)}.md` });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the Markdown extension: the page as a read-only text editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
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

/**
 * Every fix of the active file, those that change behaviour included: lists them and asks
 * first (modal); true when the file changed. `source.fixAll` and "Fix all in file" stay safe-only.
 */
async function fixAllInFileUnsafe(lc: LanguageClient, confirmed: boolean): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'yaml') return false;
  const doc = editor.document;
  const result = await lc.sendRequest<FixAllUnsafeResult | null>(FIX_ALL_UNSAFE_REQUEST, { uri: lc.code2ProtocolConverter.asUri(doc.uri) });
  if (!result) {
    vscode.window.setStatusBarMessage('Istio Tips: nothing to fix', 3000);
    return false;
  }
  if (result.unsafe.length && !confirmed) {
    const n = result.unsafe.length;
    const detail = result.unsafe.map((f) => `- ${f.title} (${f.rule})`).join('\n');
    const apply = 'Apply all fixes';
    const choice = await vscode.window.showWarningMessage(
      `${n} of the ${result.applied} fixes change behaviour (what a regex matches, a TLS or mTLS mode). Review them before you apply:`,
      { modal: true, detail },
      apply,
    );
    if (choice !== apply) return false;
  }
  if (doc.version !== result.version) {
    void vscode.window.showWarningMessage('Istio Tips: the file changed meanwhile; run the command again.');
    return false;
  }
  const { start, end } = result.edit.range;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start.line, start.character, end.line, end.character), result.edit.newText);
  return vscode.workspace.applyEdit(edit);
}
