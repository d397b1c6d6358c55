/// <reference types="mocha" />
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, actualFor, codeOf, fixtureUri, openFixture, waitForDiagnostics } from './helpers';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

function contributedSnippets(): Record<string, Snippet> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension present');
  const entries = (ext.packageJSON.contributes?.snippets ?? []) as { language: string; path: string }[];
  const yaml = entries.find((s) => s.language === 'yaml');
  assert.ok(yaml, 'package.json contributes YAML snippets');
  return JSON.parse(fs.readFileSync(path.join(ext.extensionPath, yaml.path), 'utf8'));
}

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

describe('snippets', () => {
  it('expands a contributed PeerAuthentication snippet into a manifest with no findings', async () => {
    const snippets = contributedSnippets();
    const name = Object.keys(snippets).find((k) => {
      const body = [snippets[k].body].flat().join('\n');
      return /kind: PeerAuthentication/.test(body) && !/\n---/.test(body);
    });
    assert.ok(name, `a PeerAuthentication snippet among ${JSON.stringify(Object.keys(snippets))}`);
    const file = 'snippets/new-policy.yaml';
    const uri = fixtureUri(file);
    const editor = await openFixture(file);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name });
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
    assert.deepEqual(
      diags.map((d) => codeOf(d)),
      ['mtls-invalid-mode'],
      `snippet "${name}" expanded to a manifest with findings: ${JSON.stringify(actualFor(uri))}\n${text}`,
    );
  });
});
