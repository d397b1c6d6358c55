/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { actualFor, codeOf, fixtureUri, openFixture, waitForDiagnostics } from './helpers';

const SENTINEL = `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: e2e-sentinel
  namespace: e2e-sentinel
spec:
  mtls:
    mode: strict
`;

/** Our completion items at a position, as VS Code gathers them from every provider. */
async function ourCompletions(uri: vscode.Uri, at: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at);
  return (list?.items ?? []).filter((i) => /^istio-/.test(typeof i.label === 'string' ? i.label : i.label.label));
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

describe('snippets', () => {
  it('are not contributed statically (VS Code would expand them in values)', () => {
    const ext = vscode.extensions.all.find((e) => e.id === 'istio-tips.istio-tips');
    assert.ok(ext, 'extension present');
    assert.equal(ext.packageJSON.contributes?.snippets, undefined);
  });

  it('a PeerAuthentication snippet from the server expands into a manifest with no findings', async () => {
    const file = 'snippets/new-policy.yaml';
    const uri = fixtureUri(file);
    const editor = await openFixture(file);
    const items = await ourCompletions(uri, new vscode.Position(0, 0));
    const item = items.find((i) => labelOf(i) === 'istio-mtls-namespace-strict');
    assert.ok(item, `the namespace STRICT snippet among ${JSON.stringify(items.map(labelOf))}`);
    assert.ok(item.insertText instanceof vscode.SnippetString, 'inserted as a snippet');
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(await editor.insertSnippet(item.insertText, range ?? new vscode.Position(0, 0)));
    await vscode.commands.executeCommand('leaveSnippet');
    const text = editor.document.getText();
    assert.match(text, /kind: PeerAuthentication/);
    assert.doesNotMatch(text, /\$\{?\d/, 'every tab stop was expanded');
    // An empty result cannot be told from "not analysed yet", so append one known problem
    // and wait until it is the only finding: then the snippet's own part is clean.
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, end, (text.endsWith('\n') ? '' : '\n') + SENTINEL.slice(1));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diags = await waitForDiagnostics(
      uri,
      (d) => d.some((x) => codeOf(x) === 'mtls-invalid-mode' && x.range.start.line > end.line),
      'the sentinel finding',
    );
    assert.deepEqual(diags.map((d) => codeOf(d)), ['mtls-invalid-mode'], `snippet expanded to a manifest with findings: ${JSON.stringify(actualFor(uri))}\n${text}`);
  });

  it('Enter after "mode: PERMISSIVE" leaves the line as typed', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  mtls:\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(6, 0, 6, 0);
    await vscode.commands.executeCommand('type', { text: '    mode: PERMISSIVE' });
    const at = editor.selection.active;
    assert.deepEqual(await ourCompletions(doc.uri, at), [], 'no snippet offered in a value position');
    // What Enter does while the suggestion list is open: accept the selected suggestion.
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await vscode.commands.executeCommand('acceptSelectedSuggestion');
    await vscode.commands.executeCommand('type', { text: '\n' });
    assert.equal(doc.lineAt(6).text, '    mode: PERMISSIVE');
    assert.equal(doc.lineAt(7).text.trim(), '');
    assert.equal(doc.lineCount, 8, doc.getText());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
