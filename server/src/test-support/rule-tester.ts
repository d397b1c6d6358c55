/**
 * Test helpers for rules: inline YAML with caret markers under the expected ranges.
 *
 *   const src = `
 *   spec:
 *     regex: "(?=a)b"
 *   #         ^^^ lookahead
 *   `;
 *   expectFindings('regex-unsupported-syntax', src);
 *
 * A marker line is a line whose first non-blank characters are carets, optionally after
 * a `#` (`#   ^^^`; write `^^^` alone to mark from column 0). It is removed before
 * linting (so it never shifts line numbers) and marks columns of the line above it.
 * Text after the carets must occur in what the finding says: its message (at most 160
 * characters) or its detail (the longer explanation the hover shows).
 */
import assert from 'node:assert/strict';
import { lintFiles, defaultConfig, applyFixes, ALL_RULES, PENDING_RULES, type Config, type FileFinding } from '../core';
import { createEngines } from '../engines';

export interface Expected {
  start: number;
  end: number;
  note?: string;
}

const MARKER_LINE = /^[ \t]*#?[ \t]*(\^+)[ \t]*(.*)$/;

export function dedent(src: string): string {
  const lines = src.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Removes marker lines; returns the YAML and the marked ranges (offsets into that YAML). */
export function parseMarked(src: string): { text: string; expected: Expected[] } {
  const lines = dedent(src).split('\n');
  const kept: string[] = [];
  const expected: Expected[] = [];
  let offset = 0;
  let prevStart = -1;
  for (const line of lines) {
    const m = MARKER_LINE.exec(line);
    if (m && prevStart >= 0) {
      const col = line.indexOf('^');
      expected.push({ start: prevStart + col, end: prevStart + col + m[1].length, ...(m[2] ? { note: m[2].trim() } : {}) });
      continue;
    }
    kept.push(line);
    prevStart = offset;
    offset += line.length + 1;
  }
  return { text: kept.join('\n'), expected };
}

const engines = createEngines();
/** The product's rules plus those written and tested but not run by the product yet (registry.ts). */
const RULES = [...ALL_RULES, ...PENDING_RULES];

export function lint(text: string, config: Partial<Config> = {}): FileFinding[] {
  return lintFiles({ 'test.yaml': text }, { ...defaultConfig(), ...config }, engines, RULES).get('test.yaml') ?? [];
}

/** Lints several files as one workspace (cross-file rules). */
export function lintWorkspace(files: Record<string, string>, config: Partial<Config> = {}): Map<string, FileFinding[]> {
  return lintFiles(files, { ...defaultConfig(), ...config }, engines, RULES);
}

/** Asserts that a marker's note occurs in what the finding says: its message or its detail (the hover's paragraph). */
export function assertSays(finding: FileFinding, note: string): void {
  const said = `${finding.message}\n${finding.detail ?? ''}`;
  assert.ok(said.includes(note), `message "${finding.message}" or its detail "${finding.detail ?? ''}" should contain "${note}"`);
}

/** Asserts that `rule` reports exactly the marked ranges (and nothing else) in `src`. */
export function expectFindings(rule: string, src: string, config: Partial<Config> = {}): FileFinding[] {
  const { text, expected } = parseMarked(src);
  const found = lint(text, config).filter((f) => f.rule === rule);
  const show = (s: number, e: number) => JSON.stringify(text.slice(s, e));
  assert.deepEqual(
    found.map((f) => `${f.start}-${f.end} ${show(f.start, f.end)}`),
    expected.map((x) => `${x.start}-${x.end} ${show(x.start, x.end)}`),
    `ranges of ${rule} findings; messages: ${found.map((f) => f.message).join(' | ')}`,
  );
  expected.forEach((x, i) => {
    if (x.note) assertSays(found[i], x.note);
  });
  return found;
}

/** Asserts that `rule` reports nothing in `src`. */
export function expectNoFindings(rule: string, src: string, config: Partial<Config> = {}): void {
  const text = parseMarked(src).text;
  const found = lint(text, config).filter((f) => f.rule === rule);
  assert.deepEqual(found.map((f) => `${f.start}-${f.end} ${f.message}`), [], `${rule} should stay silent`);
}

/** Applies the fix titled like `title` (substring) of the first finding of `rule`, returns the new text. */
export function applyFix(rule: string, src: string, title?: string, config: Partial<Config> = {}): string {
  const text = parseMarked(src).text;
  const finding = lint(text, config).find((f) => f.rule === rule);
  assert.ok(finding, `${rule} should fire`);
  const fix = title === undefined ? finding.fixes[0] : finding.fixes.find((f) => f.title.includes(title));
  assert.ok(fix, `${rule} should offer a fix${title ? ` titled like "${title}"` : ''}; has: ${finding.fixes.map((f) => f.title).join(', ')}`);
  return applyFixes(text, [fix]).text;
}

/**
 * Asserts that the fix titled like `title` of the first `rule` finding turns the text into the
 * same text with its first `before` replaced by `after` (and that `before` was there).
 */
export function expectFixReplaces(rule: string, src: string, title: string | undefined, before: string, after: string, config: Partial<Config> = {}): void {
  const text = parseMarked(src).text;
  assert.ok(text.includes(before), `source contains ${before}`);
  assert.equal(applyFix(rule, src, title, config), text.replace(before, after));
}
