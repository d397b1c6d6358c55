/**
 * Test-only helpers for cross-file rules: several files, each with caret markers under the
 * ranges a rule must report there (same marker syntax as `test-support/rule-tester`).
 */
import assert from 'node:assert/strict';
import { assertSays, lintWorkspace, parseMarked } from './rule-tester';
import { applyFixes } from '../core/edits';
import type { Config } from '../core/config';
import type { FileFinding } from '../core/types';

/** Asserts that `rule` reports exactly the marked ranges of every file, and returns its findings by file. */
export function expectWorkspace(
  rule: string,
  files: Record<string, string>,
  config: Partial<Config> = {},
  /** Which of the rule's findings the markers describe (default: all). */
  only: (f: FileFinding) => boolean = () => true,
): Map<string, FileFinding[]> {
  const parsed = Object.fromEntries(Object.entries(files).map(([uri, src]) => [uri, parseMarked(src)]));
  const out = lintWorkspace(Object.fromEntries(Object.entries(parsed).map(([u, p]) => [u, p.text])), config);
  const byFile = new Map<string, FileFinding[]>();
  for (const [uri, { text, expected }] of Object.entries(parsed)) {
    const found = (out.get(uri) ?? []).filter((f) => f.rule === rule && only(f));
    byFile.set(uri, found);
    const show = (s: number, e: number) => `${s}-${e} ${JSON.stringify(text.slice(s, e))}`;
    assert.deepEqual(
      found.map((f) => show(f.start, f.end)),
      expected.map((x) => show(x.start, x.end)),
      `${rule} in ${uri}; messages: ${found.map((f) => f.message).join(' | ')}`,
    );
    expected.forEach((x, i) => {
      if (x.note) assertSays(found[i], x.note);
    });
  }
  return byFile;
}

/** The findings a conflict rule reports on the DestinationRule side (not the policy-side notes). */
export const onDestinationRule = (f: FileFinding): boolean => !f.message.startsWith('STRICT here refuses');

/** Applies the fix titled like `title` of the first `rule` finding in file `uri`; returns that file's new text. */
export function applyWorkspaceFix(rule: string, files: Record<string, string>, uri: string, title: string, config: Partial<Config> = {}): string {
  const texts = Object.fromEntries(Object.entries(files).map(([u, src]) => [u, parseMarked(src).text]));
  const finding = (lintWorkspace(texts, config).get(uri) ?? []).find((f) => f.rule === rule);
  assert.ok(finding, `${rule} should fire in ${uri}`);
  const fix = finding.fixes.find((f) => f.title.includes(title));
  assert.ok(fix, `${rule} should offer a fix titled like "${title}"; has: ${finding.fixes.map((f) => f.title).join(' | ')}`);
  return applyFixes(texts[uri], [fix]).text;
}

