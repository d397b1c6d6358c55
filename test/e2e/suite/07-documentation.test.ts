/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('rule documentation', () => {
  it('"Show documentation" opens the page read-only and leaves no dirty or Untitled editor', async () => {
    const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const sub = vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.uri.scheme === 'istio-tips-docs') {
          sub.dispose();
          resolve(d);
        }
      });
    });
    await vscode.commands.executeCommand('istioTips.showRuleDocumentation', 'mtls-invalid-mode');
    const page = await opened;
    assert.match(page.getText(), /^# mtls-invalid-mode\n/);
    assert.equal(page.isDirty, false);
    const fresh = vscode.workspace.textDocuments.filter((d) => !before.has(d.uri.toString()));
    assert.deepEqual(fresh.filter((d) => d.isUntitled || d.isDirty).map((d) => d.uri.toString()), [], 'no Untitled or dirty document');
    // A virtual document of a content provider: its editor is read-only and there is nothing to save.
    assert.equal(page.uri.scheme, 'istio-tips-docs');
    assert.equal(page.isUntitled, false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
