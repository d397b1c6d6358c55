/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { applyAction, codeActionsAt, codeOf, fixtureUri, hasCode, lacksCode, openFixture, waitForDiagnostics } from './helpers';

describe('quick fixes', () => {
  it('applies the preferred fix for a lower-case mode (offered for review) and the diagnostic goes away', async () => {
    const file = 'quickfix/peer-authentication-case.yaml';
    const uri = fixtureUri(file);
    const editor = await openFixture(file);
    const [diag] = (await waitForDiagnostics(uri, hasCode('mtls-invalid-mode'), 'mtls-invalid-mode')).filter(
      (d) => codeOf(d) === 'mtls-invalid-mode',
    );
    const actions = await codeActionsAt(uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable mtls-invalid-mode for this line'), `titles: ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Show documentation for mtls-invalid-mode'), `titles: ${JSON.stringify(titles)}`);
    // The rule's own fix is the one that is neither a suppression nor the documentation.
    const fix = actions.find((a) => !/^(Disable|Show documentation) /.test(a.title));
    assert.ok(fix, `a fix among ${JSON.stringify(titles)}`);
    assert.match(fix.title, /STRICT/);
    await applyAction(fix);
    await waitForDiagnostics(uri, lacksCode('mtls-invalid-mode'), 'the fixed mode to be accepted');
    assert.equal(editor.document.lineAt(7).text, '    mode: STRICT');
  });

  it('disables a rule for one line with a comment at that line\'s indentation', async () => {
    const file = 'routing/reviews-virtual-service.yaml';
    const uri = fixtureUri(file);
    const editor = await openFixture(file);
    const diags = await waitForDiagnostics(uri, hasCode('regex-full-match'), 'regex-full-match');
    const diag = diags.find((d) => codeOf(d) === 'regex-full-match')!;
    const line = diag.range.start.line;
    const actions = await codeActionsAt(uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const disable = actions.find((a) => a.title === 'Disable regex-full-match for this line');
    assert.ok(disable, `titles: ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(disable);
    await waitForDiagnostics(uri, lacksCode('regex-full-match'), 'the suppressed finding to disappear');
    assert.equal(editor.document.lineAt(line).text, '          # istio-tips-disable-next-line regex-full-match');
    assert.equal(editor.document.lineAt(line + 1).text, '          regex: Google');
    // The other findings of the file stay.
    await waitForDiagnostics(uri, hasCode('regex-escaped-wildcard'), 'the other findings');
  });
});
