/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { BREAK, EXTENSION_ID, actualFor, expectExactly, expectedFor, fixtureUri, openFixture, ours } from './helpers';

describe('diagnostics in the real editor', () => {
  it('publishes the expected codes, severities and ranges for a VirtualService', async () => {
    const file = 'routing/reviews-virtual-service.yaml';
    const editor = await openFixture(file);
    assert.equal(editor.document.languageId, 'yaml');
    const expected = expectedFor(file);
    if (BREAK) {
      // Deliberately wrong: shift the first expected range by one character.
      expected[0] = expected[0].replace(/\[(\d+),(\d+),/, (_, l: string, c: string) => `[${l},${Number(c) + 1},`);
    }
    await expectExactly(editor.document.uri, expected, 'the regex findings');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, `${EXTENSION_ID} is active once a YAML file is open`);
  });

  it('links each diagnostic to its rule documentation', async () => {
    const file = 'quickfix/peer-authentication-case.yaml';
    const uri = fixtureUri(file);
    await openFixture(file);
    await expectExactly(uri, expectedFor(file), 'the invalid mode');
    const [d] = ours(uri);
    assert.equal(typeof d.code, 'object', 'code carries a documentation target');
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'mtls-invalid-mode');
    assert.match(code.target.toString(), /docs\/rules\/mtls-invalid-mode\.md$/);
    assert.match(d.message, /STRICT/);
  });

  it('reports a conflict between two documents of one file', async () => {
    const file = 'ui/checkout-mtls.yaml';
    await openFixture(file);
    await expectExactly(fixtureUri(file), expectedFor(file), 'the plaintext-to-STRICT conflict');
    assert.deepEqual(actualFor(fixtureUri(file)), expectedFor(file));
  });
});
