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
import { generated, handWritten, rawCompiler } from './support';

const dist = join(__dirname, '../../dist');
const pkg = join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm');
const skip = existsSync(join(dist, 're2.wasm')) ? false : 'dist/re2.wasm not built (npm run build)';

describe('committed optimised module (wasm/re2.wasm)', () => {
  it('was made from the installed re2-wasm module, and is the file its record names', async () => {
    // scripts/optimise-re2-wasm.mjs: the build ships it only then; after an upgrade of
    // re2-wasm, `npm run optimise-wasm` makes a new one.
    const { committedMatches } = await import('../../scripts/optimise-re2-wasm.mjs');
    const m = committedMatches(join(pkg, 're2.wasm'));
    assert.ok(m.ok, m.why);
  });
});

describe('optimised RE2 module (dist/re2.wasm)', { skip }, () => {
  const patterns = [...handWritten, ...distinctPatterns(300), ...generated(1200)];

  it('compiles every pattern to the same result as re2-wasm’s own module', () => {
    // Each pattern, and each as the parse probe sends it (re2-parse-probe.ts).
    const shipped = rawCompiler(dist);
    const original = rawCompiler(pkg);
    for (const p of patterns.flatMap((p) => [p, `${p}\\q`])) assert.equal(shipped(p), original(p), p);
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
