/**
 * The RE2 engine judges a cheap stand-in structure plus each bracket expression
 * (server/src/engines/re2-prepare.ts) instead of the pattern itself. Wherever no emulation of
 * RE2 2024 applies (no `\p`, no `(?<name>`, ASCII only), its verdict and message must be
 * exactly RE2's on the pattern as written.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { Re2Engine } from '../../server/src/engines';
import { distinctPatterns } from '../../bench/misc';
import { generated, handWritten, rawCompiler } from './support';

const pkg = join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm');
const emulated = /\\[pP]|\(\?<|[^\x00-\x7f]/;

describe('RE2 engine against RE2 on the pattern as written', () => {
  it('same verdict and message wherever nothing is emulated', () => {
    const raw = rawCompiler(pkg);
    const engine = new Re2Engine();
    const patterns = new Set([...handWritten, ...distinctPatterns(200), ...generated(4000, 3), ...generated(4000, 4)].filter((p) => !emulated.test(p)));
    let compared = 0;
    for (const p of patterns) {
      const expected = raw(p);
      if (expected === 'abort') continue; // The whole pattern exhausts the module; the engine judges it in parts.
      compared++;
      const v = engine.check(p);
      assert.equal(v.ok ? 'ok' : v.message, expected, p);
    }
    assert.ok(compared > 2000, `${compared} patterns compared`);
  });
});
