/**
 * Suppression comments:
 *   # istio-tips-disable-next-line rule-a, rule-b
 *   value: x  # istio-tips-disable-line rule-a
 *   # istio-tips-disable-file rule-a
 * Without ids, a comment suppresses every rule.
 */
import { parseDocument, visit } from 'yaml';
import type { LineIndex } from './text';
import type { TextEdit } from './types';
import { splitDocuments } from './document/split';

const NEXT_LINE = 'istio-tips-disable-next-line';
const FILE = 'istio-tips-disable-file';

/** Where the free-form reason starts: ` --` followed by a blank or the end of the comment. Read and written with this one marker. */
export const REASON_MARKER = /\s--(?:\s|$)/;

/** The rule-id part of a directive's text after its name (the reason cut off). */
const idsPart = (rest: string): string => {
  const at = rest.search(REASON_MARKER);
  return at === -1 ? rest : rest.slice(0, at);
};

// A comment ends at any line break YAML knows of; a lone CR too, so it never reads into the next line.
export const DIRECTIVE = /#\s*istio-tips-disable-(next-line|line|file)\b([^\r\n]*)/g;

export interface Suppressions {
  isSuppressed(rule: string, line: number): boolean;
}

const ALL = '*';

/** The directives of one text: ids suppressed everywhere, and ids suppressed on a line (0-based). */
export interface Directives {
  file: Set<string>;
  byLine: Map<number, Set<string>>;
}

/** The suppression comments of `text` (whose lines `lines` knows), or undefined when it holds none. */
export function collectDirectives(text: string, lines: LineIndex): Directives | undefined {
  if (!text.includes('istio-tips-disable')) return undefined;
  const byLine = new Map<number, Set<string>>();
  const file = new Set<string>();
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const ids = idsPart(m[2]) // `-- reason` may follow the ids
      .split(/[\s,]+/)
      .filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
    const set = ids.length ? ids : [ALL];
    const line = lines.positionAt(m.index).line;
    if (m[1] === 'file') set.forEach((id) => file.add(id));
    else {
      const target = m[1] === 'next-line' ? line + 1 : line;
      const s = byLine.get(target) ?? new Set<string>();
      set.forEach((id) => s.add(id));
      byLine.set(target, s);
    }
  }
  return { file, byLine };
}

/** Whether `ids` (from a directive) name `rule`, or every rule. */
export const names = (ids: ReadonlySet<string> | undefined, rule: string): boolean => !!ids && (ids.has(ALL) || ids.has(rule));

export function parseSuppressions(text: string, lines: LineIndex): Suppressions | undefined {
  const d = collectDirectives(text, lines);
  if (!d) return undefined;
  return {
    isSuppressed: (rule, line) => names(d.file, rule) || names(d.byLine.get(line), rule),
  };
}

// -- writing: the edits of the "disable" quick fixes -------------------------------

const eol = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** Adds `rule` to the id list of a directive comment that ends at `lineEnd`; undefined if listed or if it names no ids (already all rules). */
function appendToDirective(text: string, lineStart: number, lineEnd: number, directive: string, rule: string): TextEdit | undefined {
  const line = text.slice(lineStart, lineEnd);
  const at = line.indexOf(directive);
  const afterDirective = at + directive.length;
  const rest = line.slice(afterDirective);
  const ids = idsPart(rest).trimEnd();
  const list = ids.split(/[\s,]+/).filter(Boolean);
  if (!list.length || list.includes(rule)) return undefined;
  const insertAt = lineStart + afterDirective + ids.length;
  return { start: insertAt, end: insertAt, newText: `, ${rule}` };
}

const directiveLine = (directive: string) => new RegExp(`^[ \\t]*#[ \\t]*${directive}(?![\\w-])`);

/**
 * Edit that silences `rule` on `line`: a `# istio-tips-disable-next-line` comment above it,
 * indented like it, or the rule added to such a comment that is already there. Undefined
 * when the line lies inside a multi-line string, where a comment line would become text.
 */
export function disableLineEdit(text: string, lines: LineIndex, line: number, rule: string): TextEdit | undefined {
  const start = lines.lineStart(line);
  if (line > 0) {
    const prevStart = lines.lineStart(line - 1);
    const prevEnd = lines.lineEnd(line - 1);
    if (directiveLine(NEXT_LINE).test(text.slice(prevStart, prevEnd))) return appendToDirective(text, prevStart, prevEnd, NEXT_LINE, rule);
  }
  if (insideMultilineScalar(text, start)) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(start, lines.lineEnd(line)))![0];
  return { start, end: start, newText: `${indent}# ${NEXT_LINE} ${rule}${eol(text)}` };
}

/** Edit that silences `rule` in the whole file: added to an existing file directive, else a comment on the first line. */
export function disableFileEdit(text: string, lines: LineIndex, rule: string): TextEdit | undefined {
  const re = directiveLine(FILE);
  for (let line = 0; line < lines.lineCount; line++) {
    const s = lines.lineStart(line);
    const e = lines.lineEnd(line);
    if (re.test(text.slice(s, e))) return appendToDirective(text, s, e, FILE, rule);
  }
  return { start: 0, end: 0, newText: `# ${FILE} ${rule}${eol(text)}` };
}

/** True when `offset` (a line start) is inside a quoted or block scalar that spans lines. */
function insideMultilineScalar(text: string, offset: number): boolean {
  const chunk = splitDocuments(text).find((c) => offset >= c.start && offset < c.end);
  if (!chunk) return false;
  const source = text.slice(chunk.start, chunk.end);
  const rel = offset - chunk.start;
  // Cheap exit: no block indicator or quote before the line means no multi-line scalar can contain it.
  if (!/[|>"']/.test(source.slice(0, rel))) return false;
  let inside = false;
  visit(parseDocument(source, { keepSourceTokens: false }), {
    Scalar(_key, node) {
      const r = node.range;
      if (r && r[0] < rel && rel < r[1]) {
        inside = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return inside;
}
