/**
 * The build ships an optimised RE2 WebAssembly module (dist/re2.wasm, wasm-opt over re2-wasm's
 * own); unit tests run on re2-wasm's module in node_modules. The two must judge every
 * pattern identically: same verdicts, error messages, offsets and matches. Skipped when
 * dist/ has not been built (`npm test` builds it first).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Re2Engine, re2FactoryFrom } from '../../server/src/engines';
import { distinctPatterns } from '../../bench/misc';

const dist = join(__dirname, '../../dist');
const pkg = join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm');
const skip = existsSync(join(dist, 're2.wasm')) ? false : 'dist/re2.wasm not built (npm run build)';

/** Deterministic patterns from pieces of regex syntax, valid and invalid alike. */
function generated(count: number): string[] {
  const pieces = [
    'a', 'b', 'xyz', '.', '\\.', '\\d', '\\w', '\\S', '\\p{Greek}', '\\p{Nope}', '\\x41', '\\x{1F600}', '\\8', '\\q', '\\C', '\\b', '\\z', '\\Z',
    '[a-z]', '[^0-9]', '[z-a]', '[[:alpha:]]', '[[:nope:]]', '[]a]', '[\\d-]', '[', ']', '(', ')', '(?:', '(?i)', '(?i', '(?P<n>', '(?<m>', '(?=', '(?!', '(?<=',
    '*', '+', '?', '*?', '**', '{2}', '{1,3}', '{,3}', '{1001}', '{3,1}', '|', '^', '$', '\\Q*(\\E', 'é', '\\', ' ', '-', '/',
  ];
  let seed = 12345;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(7) }, () => pieces[next(pieces.length)]).join(''));
}

const handWritten = [
  '/api/v[0-9]+/.*', '\\C', 'ab(?=c)', 'x(?:a)(b', 'ab)c', 'a[bc', 'a**', 'a*|*b', '[z-a]', 'ab\\', '\\q', 'a*b|*c',
  '(?<year>\\d{4})', '(?P<année>\\d{4})', '(?<=a)b', '(?<a>.)(?<b>\\pL)(?=z)', '(.\\d[^a]', '[z-a](', 'x[[:foo:]]', 'a\\p{Letter}b',
  '[\\pL\\p{Greek}\\d-]+\\PN', '\\x41\\x41\\101\\0abc', 'abc\\x4g\\8', '[^\\pL]{2}a**', '(a{100}){11}', '(a{100}){10}', '(\\pL{100}){10}',
  '.{1000}[^\\n]{1000}', '(?i)^/static/.*\\.(css|js)$', '(?P<n>a)(?P<n>b)', '\\Qa.b\\E+', '(?U)a+', '(?s).', '(?m)^a$', '(?x) a',
];

describe('optimised RE2 module (dist/re2.wasm)', { skip }, () => {
  const patterns = [...handWritten, ...distinctPatterns(300), ...generated(1200)];

  it('compiles every pattern to the same result as re2-wasm’s own module', () => {
    // Every pattern on a module of its own kind; one that aborts (out of memory) is replaced.
    const compiler = (dir: string) => {
      const factory = re2FactoryFrom(dir);
      let mod = factory.create();
      return (p: string): string => {
        let w: ReturnType<typeof mod.WrappedRE2.prototype.delete> | InstanceType<typeof mod.WrappedRE2> | undefined;
        try {
          w = new mod.WrappedRE2(p, false, false, false);
          return w.ok() ? 'ok' : w.error();
        } catch {
          mod = factory.create();
          return 'abort';
        } finally {
          if (w) w.delete();
        }
      };
    };
    const shipped = compiler(dist);
    const original = compiler(pkg);
    for (const p of patterns) assert.equal(shipped(p), original(p), p);
  });

  it('gives the engine the same verdicts, messages, offsets and matches', () => {
    const shipped = new Re2Engine({ factory: re2FactoryFrom(dist) });
    const original = new Re2Engine({ factory: re2FactoryFrom(pkg) });
    for (const p of patterns) assert.deepEqual(shipped.check(p), original.check(p), p);
    const inputs = ['', 'a', 'abc', '/api/v1/users/12', 'Mozilla Chrome/1', 'ABC', 'éé', 'xyz.'];
    // Matching compiles the whole pattern (no cheap stand-ins): skip the huge Unicode programs.
    const matchable = patterns.filter((p) => !/\\pL\{|\{1000\}/.test(p)).slice(0, 300);
    for (const p of matchable) {
      for (const input of inputs) assert.equal(shipped.fullMatch(p, input), original.fullMatch(p, input), `${p} ~ ${input}`);
    }
    assert.deepEqual(shipped.stats().aborts, original.stats().aborts);
  });

  it('runs out of memory on the same pattern, and recovers', () => {
    for (const factory of [re2FactoryFrom(dist), re2FactoryFrom(pkg)]) {
      const e = new Re2Engine({ factory, maxPatternLength: Infinity });
      const v = e.check('a*'.repeat(1_000_000));
      assert.equal(v.ok, false);
      assert.match(!v.ok ? v.message : '', /too large/);
      assert.deepEqual(e.check('still(works)'), { ok: true });
    }
  });
});
