/**
 * For the engine comparison tests: hand-written patterns (each a past bug or a corner of RE2's
 * syntax), deterministic combinations of syntax pieces (valid and invalid alike), and RE2's
 * raw answer on a text.
 */
import { re2FactoryFrom } from '../../server/src/engines';

export const handWritten = [
  '/api/v[0-9]+/.*', '\\C', 'ab(?=c)', 'x(?:a)(b', 'ab)c', 'a[bc', 'a**', 'a*|*b', '[z-a]', 'ab\\', '\\q', 'a*b|*c',
  '(?<year>\\d{4})', '(?P<année>\\d{4})', '(?<=a)b', '(?<a>.)(?<b>\\pL)(?=z)', '(.\\d[^a]', '[z-a](', 'x[[:foo:]]', 'a\\p{Letter}b',
  '[\\pL\\p{Greek}\\d-]+\\PN', '\\x41\\x41\\101\\0abc', 'abc\\x4g\\8', '[^\\pL]{2}a**', '(a{100}){11}', '(a{100}){10}', '(\\pL{100}){10}',
  '.{1000}[^\\n]{1000}', '(?i)^/static/.*\\.(css|js)$', '(?P<n>a)(?P<n>b)', '\\Qa.b\\E+', '(?U)a+', '(?s).', '(?m)^a$', '(?x) a',
];

/** Pieces of regex syntax, including every construct that can be left open at the end. */
const PIECES = [
  'a', 'b', 'xyz', '.', '\\.', '\\d', '\\w', '\\S', '\\p{Greek}', '\\p{Nope}', '\\x41', '\\x{1F600}', '\\8', '\\q', '\\C', '\\b', '\\z', '\\Z',
  '[a-z]', '[^0-9]', '[z-a]', '[[:alpha:]]', '[[:nope:]]', '[]a]', '[\\d-]', '[', ']', '(', ')', '(?:', '(?i)', '(?i', '(?P<n>', '(?<m>', '(?=', '(?!', '(?<=',
  '*', '+', '?', '*?', '**', '{2}', '{1,3}', '{,3}', '{1001}', '{3,1}', '|', '^', '$', '\\Q*(\\E', 'é', '\\', ' ', '-', '/',
  '\\Q', '(?', '(?P<', '(?P<x', '{2,', '{', '\\x', '\\x{', '\\p', '\\p{', '[^', '[:', '[[:', '\\1', '\\E', '\\\\', '\\]', '\\(', '\\)', '[\\]', '[(]', '[)]',
  '{2,x}', '{1a}', '2,', '(?P<a.b>', '(?P=n)', '\\xa', '\\x4', '(?\\', '(?i-s:', '(?U)',
];

/** `count` patterns of 1 to 7 pieces, the same on every run. */
export function generated(count: number, seed = 12345): string[] {
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 8) % n; // The low bits of this generator repeat with a short period.
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(7) }, () => PIECES[next(PIECES.length)]).join(''));
}

/**
 * RE2's own answer on a text, with no rewriting: 'ok', its error, or 'abort' (out of memory,
 * after which a fresh module instance is used). `dir` holds re2.wasm and its glue.
 */
export function rawCompiler(dir: string): (text: string) => string {
  const factory = re2FactoryFrom(dir);
  let mod = factory.create();
  return (text) => {
    let w: { ok(): boolean; error(): string; delete(): void } | undefined;
    try {
      w = new mod.WrappedRE2(text, false, false, false);
      return w.ok() ? 'ok' : w.error();
    } catch {
      mod = factory.create();
      return 'abort';
    } finally {
      w?.delete();
    }
  };
}
