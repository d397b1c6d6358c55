/// <reference types="mocha" />
/**
 * Issue 15's acceptance: the Markdown-escaped example is one Problems entry fixed by one
 * action, and a cross-file finding shows its related location (relatedInformation).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { applyAction, codeActionsAt, codeOf, fixtureUri, hasCode, openFixture, ours, waitForDiagnostics } from './helpers';

describe('one finding per mistake, both sides of a conflict', () => {
  it('the Markdown-escaped example is one Problems entry, fixed by one action', async () => {
    const file = 'merge/escaped-google.yaml';
    const uri = fixtureUri(file);
    const editor = await openFixture(file);
    const diags = await waitForDiagnostics(uri, (d) => d.length > 0, 'a finding for ".\\*Google.\\*"');
    assert.equal(diags.length, 1, `one finding, got ${JSON.stringify(diags.map((d) => [codeOf(d), d.message]))}`);
    const [d] = diags;
    assert.equal(d.range.start.line, 12);
    const actions = (await codeActionsAt(uri, d.range, vscode.CodeActionKind.QuickFix.value)).filter((a) => !/^(Disable|Show documentation) /.test(a.title));
    assert.ok(actions.length >= 1, 'a fix');
    await applyAction(actions.find((a) => a.isPreferred) ?? actions[0]);
    await waitForDiagnostics(uri, (x) => x.length === 0, 'no finding left after one fix');
    assert.match(editor.document.lineAt(12).text, /regex: (".\*Google\.\*"|'\.\*Google\.\*'|\.\*Google\.\*)$/);
  });

  it('a cross-file finding shows the related location in the other file', async () => {
    const file = 'clients/ledger-destination-rule.yaml';
    const uri = fixtureUri(file);
    await openFixture(file);
    await waitForDiagnostics(uri, hasCode('mtls-plaintext-to-strict'), 'mtls-plaintext-to-strict');
    const d = ours(uri).find((x) => codeOf(x) === 'mtls-plaintext-to-strict')!;
    const related = d.relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri.toString() === fixtureUri('mesh/payments-strict.yaml').toString()),
      `related locations: ${JSON.stringify(related.map((r) => r.location.uri.path))}`,
    );
  });
});
