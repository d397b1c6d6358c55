/**
 * Mutations of real manifests for fuzzing: what editing, copy-pasting and broken tools
 * do to YAML (lines deleted, duplicated, swapped, re-indented; quotes left open; random
 * bytes and unicode; BOM; CRLF; NUL; deep nesting; huge scalars). Each mutation carries
 * a readable name, so fast-check's counterexamples say what was done.
 */
import fc from 'fast-check';

export type Mutation = ((text: string) => string) & { toString(): string };

const named = (name: string, fn: (text: string) => string): Mutation => Object.assign(fn, { toString: () => name });
const lines = (t: string) => t.split('\n');
const at = (n: number, len: number) => (len === 0 ? 0 : n % len);
const insert = (t: string, n: number, s: string) => {
  const i = at(n, t.length + 1);
  return t.slice(0, i) + s + t.slice(i);
};

const TOKENS = ['\t', '"', "'", '{', '[', '}', ']', ':', '- ', '#', '&a ', '*a', '!!str ', '|', '>', '\\', '{{ .Values.x }}', '---\n', '...\n', '%YAML 1.2\n'];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n) =>
    named(`deleteLine(${n})`, (t) => {
      const l = lines(t);
      l.splice(at(n, l.length), 1);
      return l.join('\n');
    }),
  ),
  fc.nat().map((n) =>
    named(`duplicateLine(${n})`, (t) => {
      const l = lines(t);
      const i = at(n, l.length);
      l.splice(i, 0, l[i] ?? '');
      return l.join('\n');
    }),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) =>
    named(`swapLines(${a},${b})`, (t) => {
      const l = lines(t);
      const i = at(a, l.length);
      const j = at(b, l.length);
      [l[i], l[j]] = [l[j], l[i]];
      return l.join('\n');
    }),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([n, d]) =>
    named(`reindent(${n},${d})`, (t) => {
      const l = lines(t);
      const i = at(n, l.length);
      l[i] = d > 0 ? ' '.repeat(d) + l[i] : l[i].replace(new RegExp(`^ {0,${-d}}`), '');
      return l.join('\n');
    }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(([n, s]) => named(`insert(${n},${JSON.stringify(s)})`, (t) => insert(t, n, s))),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })).map(([n, s]) => named(`insertBytes(${n},${JSON.stringify(s)})`, (t) => insert(t, n, s))),
  fc.tuple(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 8 })).map(([n, s]) =>
    named(`overwrite(${n},${JSON.stringify(s)})`, (t) => {
      const i = at(n, t.length + 1);
      return t.slice(0, i) + s + t.slice(i + s.length);
    }),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 200 })).map(([n, depth]) =>
    named(`nest(${n},${depth})`, (t) => insert(t, n, '['.repeat(depth) + ']'.repeat(depth))),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 100_000 })).map(([n, size]) => named(`hugeScalar(${n},${size})`, (t) => insert(t, n, 'x'.repeat(size)))),
  fc.constant(named('bom', (t) => `\uFEFF${t}`)),
  fc.constant(named('crlf', (t) => t.replace(/\n/g, '\r\n'))),
  fc.nat().map((n) => named(`nul(${n})`, (t) => insert(t, n, '\u0000'))),
);

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 4 });
