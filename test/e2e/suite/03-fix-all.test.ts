/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { actualFor, codeActionsAt, expectExactly, expectedFor, fixtureUri, openFixture } from './helpers';

const FILE = 'fixall/legacy-policies.yaml';

describe('fix all in file', () => {
  it('offers the source.fixAll.istio-tips action', async () => {
    const uri = fixtureUri(FILE);
    const editor = await openFixture(FILE);
    await expectExactly(uri, expectedFor(FILE), 'the legacy findings');
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await codeActionsAt(uri, whole, 'source.fixAll.istio-tips');
    assert.ok(
      actions.some((a) => a.kind?.value === 'source.fixAll.istio-tips'),
      `kinds: ${JSON.stringify(actions.map((a) => a.kind?.value))}`,
    );
  });

  it('applies every safe fix with istioTips.fixAllInFile and leaves the unsafe one', async () => {
    const uri = fixtureUri(FILE);
    const editor = await openFixture(FILE);
    await expectExactly(uri, expectedFor(FILE), 'the legacy findings');
    assert.ok((await vscode.commands.getCommands(true)).includes('istioTips.fixAllInFile'), 'command registered');
    await vscode.commands.executeCommand('istioTips.fixAllInFile');
    // A rejected mode's capitalisation starts enforcing and a regex change changes what matches:
    // both are left for review.
    // Removing the selector line moves them up one line.
    const remaining = ['mtls-invalid-mode error [7,10,7,20]', 'regex-escaped-wildcard warning [20,15,20,28]'];
    await expectExactly(uri, remaining, 'only the findings whose fixes need review');
    const text = editor.document.getText();
    // v1beta1 -> v1 is safe because the workspace settings target Istio 1.22 (istioTips.istioVersion).
    assert.match(text, /^apiVersion: security\.istio\.io\/v1\n/);
    assert.doesNotMatch(text, /selector/);
    assert.match(text, /\n    mode: Permissive\n/);
    // Changing what a regex matches is not safe: fix-all must not touch it.
    assert.match(text, /regex: '\/api\/v1\/\.\\\*'/);
    assert.deepEqual(actualFor(uri), remaining);
  });

  it('fixes everything with "including fixes that change behaviour" once confirmed', async () => {
    const uri = fixtureUri(FILE);
    const editor = await openFixture(FILE);
    assert.ok((await vscode.commands.getCommands(true)).includes('istioTips.fixAllInFileUnsafe'), 'command registered');
    const pkg = vscode.extensions.getExtension('istio-tips.istio-tips')!.packageJSON as { contributes: { commands: { command: string; title: string }[] } };
    const title = pkg.contributes.commands.find((c) => c.command === 'istioTips.fixAllInFileUnsafe')?.title;
    assert.equal(title, 'Fix all in file, including fixes that change behaviour');
    // The modal question is answered by the argument (a test cannot click it).
    assert.equal(await vscode.commands.executeCommand('istioTips.fixAllInFileUnsafe', { confirmed: true }), true);
    await expectExactly(uri, [], 'no finding left');
    assert.doesNotMatch(editor.document.getText(), /\\\*/, 'the Markdown-escaped wildcard is gone');
  });
});
