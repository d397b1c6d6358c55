/// <reference types="mocha" />
/**
 * Issue 15's hover layout: for a regex, what it matches (examples) first, then a short
 * paragraph, then a link; at most about 12 lines.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { fixtureUri, hasCode, hoverText, openFixture, waitForDiagnostics } from './helpers';

describe('hover layout', () => {
  it('a regex hover starts with the examples of what it matches', async () => {
    const file = 'routing/reviews-virtual-service.yaml';
    const uri = fixtureUri(file);
    await openFixture(file);
    await waitForDiagnostics(uri, hasCode('regex-full-match'), 'regex-full-match');
    // `regex: Google` on line 13.
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(12, 19))) ?? [];
    const text = hoverText(hovers);
    const lines = text.split('\n').filter((l) => l.trim() && l.trim() !== '---');
    assert.ok(lines.length > 0, 'a hover');
    assert.match(lines[0], /match/i, `the first line shows what the regex matches:\n${text}`);
    assert.match(lines[0], /`[^`]*Google[^`]*`/, `with examples:\n${text}`);
    assert.ok(lines.length <= 12, `at most about 12 lines, got ${lines.length}:\n${text}`);
    assert.match(text, /docs\/rules\/regex-full-match\.md|https:\/\//, 'a link to the rule documentation');
  });
});
