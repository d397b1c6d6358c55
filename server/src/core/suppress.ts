/**
 * Suppression comments:
 *   # istio-tips-disable-next-line rule-a, rule-b
 *   value: x  # istio-tips-disable-line rule-a
 *   # istio-tips-disable-file rule-a
 * Without ids, a comment suppresses every rule.
 */
import type { LineIndex } from './text';

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
    const ids = m[2]
      .replace(/\s--\s.*$/, '') // `-- reason` may follow the ids
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
