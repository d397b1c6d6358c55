/**
 * Snippets offered where they fit (text in, completions out; the LSP layer converts them).
 * snippets/istio.code-snippets.json is the single source, bundled into the server:
 * - whole manifests where a YAML document can start: an empty file, column 0 of a line
 *   that holds nothing but the word being typed (after `---`, or on an empty top-level
 *   line; separators are added when the surrounding document already has content);
 * - fragments (`"fragment": {kinds, under}`) at a key position inside a resource of one
 *   of `kinds`, whose enclosing key path ends with one of `under` (`.[]` is a list item);
 * - never in a value position (after `key:` or `- `), never in the middle of a line.
 */
import SNIPPET_SOURCE from '../../../snippets/istio.code-snippets.json';

export interface SnippetSource {
  prefix: string | string[];
  body: string | string[];
  description: string;
  fragment?: { kinds: string[]; under: string[] };
}

export interface Snippet {
  /** The prefix users type; also the completion label (short, so lists do not cut it). */
  label: string;
  /** The snippet's title, e.g. "Istio mTLS: namespace STRICT". */
  title: string;
  description: string;
  /** Body in snippet syntax (`${1:default}`), lines joined with "\n". */
  body: string;
  fragment?: { kinds: readonly string[]; under: readonly string[] };
}

export interface SnippetCompletion {
  snippet: Snippet;
  /** Offsets of the text the completion replaces (the word typed so far). */
  start: number;
  end: number;
  /** Snippet text to insert, indented for its position; separators added when needed. */
  insertText: string;
}

export const SNIPPETS: readonly Snippet[] = Object.entries(SNIPPET_SOURCE as Record<string, SnippetSource>).map(([title, s]) => ({
  label: [s.prefix].flat()[0],
  title,
  description: s.description,
  body: [s.body].flat().join('\n'),
  fragment: s.fragment,
}));

const WORD = /^[A-Za-z0-9_-]*$/;
const isBlankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);
const isSeparator = (line: string) => /^---(\s|$)/.test(line) || /^\.\.\.(\s|$)/.test(line);
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * True when a line, split at the cursor, holds nothing but indentation and the word being
 * typed: the only place a snippet can fit. Cheap, so callers can ask before fetching a text.
 */
export function atBareWord(before: string, after: string): boolean {
  const indent = indentOf(before);
  return WORD.test(before.slice(indent)) && !before.slice(0, indent).includes('\t') && /^[A-Za-z0-9_-]*\s*$/.test(after);
}

/** The snippets that fit at `offset` of `text`, each with its replace range and text. */
export function snippetCompletions(text: string, offset: number, snippets: readonly Snippet[] = SNIPPETS): SnippetCompletion[] {
  // lastIndexOf clamps a negative start to 0 and would find a line break at offset 0.
  const lineStart = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd).replace(/\r$/, '');
  // Only a bare word (or nothing) on the line: anything else is a value, a list item or prose.
  if (!atBareWord(before, after)) return [];
  const indent = indentOf(before);
  const start = lineStart + indent;
  const end = offset + /^[A-Za-z0-9_-]*/.exec(after)![0].length;
  // Only the lines of the YAML document around the cursor (a file may hold thousands).
  const first = documentStart(text, lineStart);
  const lines = text.slice(first, documentEnd(text, lineEnd)).split('\n').map((l) => l.replace(/\r$/, ''));
  const lineNo = countLines(text, first, lineStart);
  const out: SnippetCompletion[] = [];
  if (indent === 0) {
    const above = lines.slice(0, lineNo).some((l) => !isBlankOrComment(l));
    const below = lines.slice(lineNo + 1).some((l) => !isBlankOrComment(l));
    for (const s of snippets) {
      if (s.fragment) continue;
      out.push({ snippet: s, start, end, insertText: `${above ? '---\n' : ''}${s.body}${below ? '\n---' : ''}` });
    }
    return out;
  }
  const kind = kindOf(lines);
  if (!kind) return out;
  const path = keyPath(lines, lineNo, indent).join('.');
  const pad = ' '.repeat(indent);
  for (const s of snippets) {
    const f = s.fragment;
    if (!f || !f.kinds.includes(kind) || !f.under.some((u) => path === u || path.endsWith(`.${u}`))) continue;
    out.push({ snippet: s, start, end, insertText: s.body.split('\n').join(`\n${pad}`) });
  }
  return out;
}

/** Offset of the first line after the nearest separator line (`---`, `...`) above `lineStart`. */
function documentStart(text: string, lineStart: number): number {
  for (let at = lineStart; at > 0; ) {
    const prev = at >= 2 ? text.lastIndexOf('\n', at - 2) + 1 : 0;
    if (isSeparator(text.slice(prev, at - 1))) return at;
    at = prev;
  }
  return 0;
}

/** Offset of the line break before the nearest separator line below `lineEnd` (or the end). */
function documentEnd(text: string, lineEnd: number): number {
  for (let at = lineEnd; at < text.length; ) {
    let next = text.indexOf('\n', at + 1);
    if (next === -1) next = text.length;
    if (isSeparator(text.slice(at + 1, next))) return at;
    at = next;
  }
  return text.length;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function kindOf(lines: readonly string[]): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const m = /^kind:\s*["']?([A-Za-z0-9]+)["']?\s*(#.*)?$/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The keys enclosing a key written at column `indent` of line `lineNo`, outermost first;
 * a list item is `[]`. Read from indentation alone, so it works on half-typed documents.
 */
export function keyPath(lines: readonly string[], lineNo: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  // After a list item, its key may sit at the dash's own column (`http:` over `- route:`).
  let sameColumnKey = false;
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (isBlankOrComment(line)) continue;
    const col = indentOf(line);
    const item = /^(-[ \t]+|-$)/.exec(line.slice(col));
    if (item) {
      if (col >= limit) continue; // a sibling or deeper list item
      const keyCol = col + item[0].length;
      const key = /^([^\s:#][^:#]*?):(\s|$)/.exec(line.slice(keyCol));
      if (key && keyCol < limit) path.unshift(key[1].trim());
      path.unshift('[]');
      limit = col;
      sameColumnKey = true;
      continue;
    }
    if (col < limit || (sameColumnKey && col === limit)) {
      const key = /^([^\s:#][^:#]*?):(\s|$)/.exec(line.slice(col));
      if (!key) return path; // a scalar line where a key was expected: give up on deeper context
      path.unshift(key[1].trim().replace(/^["']|["']$/g, ''));
      limit = col;
      sameColumnKey = false;
    }
  }
  return path;
}
