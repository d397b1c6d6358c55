/**
 * Suppression comments:
 *   # istio-tips-disable-next-line rule-a, rule-b
 *   value: x  # istio-tips-disable-line rule-a
 *   # istio-tips-disable-file rule-a
 * Without ids, a comment suppresses every rule.
 */
import type { LineIndex } from './text';

export const DIRECTIVE = /#\s*istio-tips-disable-(next-line|line|file)\b([^\n]*)/g;

export interface Suppressions {
  isSuppressed(rule: string, line: number): boolean;
}

const ALL = '*';

export function parseSuppressions(text: string, lines: LineIndex): Suppressions | undefined {
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
  return {
    isSuppressed(rule, line) {
      if (file.has(ALL) || file.has(rule)) return true;
      const s = byLine.get(line);
      return !!s && (s.has(ALL) || s.has(rule));
    },
  };
}
