/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { expectExactly, expectedFor, fixtureUri, hasCode, lacksCode, openFixture, replaceInDocument, waitForDiagnostics } from './helpers';

const DR = 'clients/ledger-destination-rule.yaml';
const PA = 'mesh/payments-strict.yaml';

describe('cross-file mTLS conflict', () => {
  it('flags a DestinationRule from a STRICT policy in a file that is not open', async () => {
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === fixtureUri(PA).toString()),
      'the PeerAuthentication file is not open yet',
    );
    await openFixture(DR);
    await expectExactly(fixtureUri(DR), expectedFor(DR), 'the plaintext-to-STRICT error from the workspace scan');
  });

  it('clears and restores the DestinationRule error as the policy file changes', async () => {
    const drUri = fixtureUri(DR);
    await waitForDiagnostics(drUri, hasCode('mtls-plaintext-to-strict'), 'the initial error');
    const pa = (await openFixture(PA)).document;
    await replaceInDocument(pa, 'mode:', 'STRICT', 'PERMISSIVE');
    await waitForDiagnostics(drUri, lacksCode('mtls-plaintext-to-strict'), 'the error to clear under PERMISSIVE');
    await replaceInDocument(pa, 'mode:', 'PERMISSIVE', 'STRICT');
    await expectExactly(drUri, expectedFor(DR), 'the error to return under STRICT');
  });
});
