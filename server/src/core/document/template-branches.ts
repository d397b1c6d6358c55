/**
 * Helm / Go-template control flow, as far as duplicate keys need it. A key written once in
 * each branch of `{{ if }}…{{ else }}…{{ end }}` (or `else if`, `with`/`else`, `range`/`else`)
 * reaches the rendered YAML once, but the masked text shows it twice and `yaml` reports a
 * duplicate key. Such duplicates are dropped here; a key repeated inside one branch, or once
 * inside a conditional and once outside it, is still reported (both can render together).
 */
import type { Document } from 'yaml';
import type { Span } from '../types';

/** Where an offset sits: for each enclosing block, [block id, branch number]. */
type BranchPath = ReadonlyArray<readonly [number, number]>;

const OPENERS = new Set(['if', 'with', 'range', 'define', 'block']);

/** The action's first word: `{{- else if .X -}}` gives "else"; a comment or a value gives "". */
function keyword(directive: string): string {
  const body = directive.replace(/^\{\{-?\s*/, '');
  return /^[a-z]+/.exec(body)?.[0] ?? '';
}

/** The branch path after each directive, in order (directives are the masked spans). */
function pathsAfter(source: string, spans: readonly Span[]): BranchPath[] {
  const stack: Array<[number, number]> = [];
  const out: BranchPath[] = [];
  let nextId = 0;
  for (const s of spans) {
    const word = keyword(source.slice(s.start, s.end));
    if (OPENERS.has(word)) stack.push([nextId++, 0]);
    else if (word === 'else' && stack.length) stack[stack.length - 1][1]++;
    else if (word === 'end') stack.pop();
    out.push(stack.map(([id, branch]) => [id, branch] as const));
  }
  return out;
}

function pathAt(offset: number, spans: readonly Span[], paths: readonly BranchPath[]): BranchPath {
  let lo = 0;
  let hi = spans.length; // first span that ends after offset
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? [] : paths[lo - 1];
}

/** Whether no single rendering can contain both offsets: they sit in different branches of one block. */
function exclusive(a: BranchPath, b: BranchPath): boolean {
  for (const [id, branch] of a) {
    const other = b.find(([bid]) => bid === id);
    if (other && other[1] !== branch) return true;
  }
  return false;
}

const KEY_AT = /^(?:"[^"\n]*"|'[^'\n]*'|[^\s:#,{}[\]]+)(?=\s*:(?:\s|$))/;

/**
 * Offsets of the earlier occurrences of the key at `at` in the same block mapping: lines
 * above at the key's column (or `- key:` items ending there), up to the line that opens the
 * mapping. Lines blanked by masking and deeper lines are skipped.
 */
function earlierSameKey(text: string, at: number, key: string): number[] {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const column = at - lineStart;
  const found: number[] = [];
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const indent = line.search(/\S/);
    if (indent === -1 || line[indent] === '#') continue;
    if (indent > column) continue;
    const keyHere = KEY_AT.exec(line.slice(column))?.[0];
    if (indent === column) {
      if (keyHere === key) found.push(start + column);
      continue;
    }
    // A shallower line: `- key:` items whose key sits at the column still belong to the mapping.
    if (/^(?:-\s+)+$/.test(line.slice(indent, column)) && keyHere !== undefined) {
      if (keyHere === key) found.push(start + column);
    }
    break;
  }
  return found;
}

/**
 * Drops the DUPLICATE_KEY errors of `doc` (parsed from the masked text) whose every earlier
 * occurrence lies in another branch of the same template block. `source` is the unmasked text.
 */
export function dropExclusiveDuplicates(source: string, masked: string, spans: readonly Span[], doc: Document.Parsed): void {
  if (!spans.length || !doc.errors.some((e) => e.code === 'DUPLICATE_KEY')) return;
  const paths = pathsAfter(source, spans);
  doc.errors = doc.errors.filter((e) => {
    if (e.code !== 'DUPLICATE_KEY') return true;
    const at = e.pos[0];
    const key = KEY_AT.exec(masked.slice(at, at + 256))?.[0];
    if (key === undefined) return true;
    const earlier = earlierSameKey(masked, at, key);
    if (!earlier.length) return true;
    const here = pathAt(at, spans, paths);
    return !earlier.every((o) => exclusive(pathAt(o, spans, paths), here));
  });
}
