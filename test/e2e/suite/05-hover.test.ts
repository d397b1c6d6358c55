/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, hasCode, hoverText, openFixture, waitForDiagnostics } from './helpers';

describe('hover', () => {
  it('shows the rule documentation on a flagged value', async () => {
    const file = 'ui/checkout-mtls.yaml';
    const uri = fixtureUri(file);
    await openFixture(file);
    const diags = await waitForDiagnostics(uri, hasCode('mtls-plaintext-to-strict'), 'mtls-plaintext-to-strict');
    const d = diags.find((x) => codeOf(x) === 'mtls-plaintext-to-strict')!;
    const at = d.range.start.translate(0, 2);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
    const text = hoverText(hovers);
    assert.match(text, /mtls-plaintext-to-strict/, text);
    assert.match(text, /STRICT/, text);
    assert.match(text, /https:\/\//, `a documentation link in: ${text}`);
  });

  it('has nothing to say away from findings', async () => {
    const file = 'ui/checkout-mtls.yaml';
    const uri = fixtureUri(file);
    await openFixture(file);
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 3))) ?? [];
    assert.doesNotMatch(hoverText(hovers), /mtls-plaintext-to-strict/);
  });
});
