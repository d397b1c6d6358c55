/**
 * re2-size.wasm is RE2 2024-07-02, the release envoyproxy/envoy pins in
 * bazel/repository_locations.bzl, built by scripts/re2-size/build.sh. These sizes are
 * RE2's ProgramSize() (re2/re2.cc) for patterns the issue and RE2's own tests name; the
 * same numbers come out of a native g++ build (scripts/compare-re2-size.mjs).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Re2SizeEngine, RE2_SIZE_RELEASE, RE2_ERROR_PATTERN_TOO_LARGE } from '../../server/src/engines/re2-size';

const engine = new Re2SizeEngine();
const size = (p: string) => {
  const r = engine.measure(p);
  assert.ok(r.ok, `${p}: ${r.ok ? '' : r.message}`);
  return r.ok ? r.size : -1;
};

describe('re2-size.wasm (RE2 as Envoy ships it)', () => {
  it('is the RE2 release Envoy pins', () => {
    assert.equal(RE2_SIZE_RELEASE, '2024-07-02');
    assert.equal(engine.version(), RE2_SIZE_RELEASE);
  });

  it("measures ProgramSize() as Envoy's CompiledGoogleReMatcher reads it", () => {
    assert.equal(size('\\pL{27}'), 32296);
    assert.equal(size('\\pL{28}'), 33492);
    assert.equal(size('[\\p{L}\\p{N}_-]{1,64}'), 86083);
    assert.equal(size('.{1000}'.repeat(5)), 40004);
    assert.ok(size('/api/v[0-9]+/.*') < 100);
  });

  it('reports the memory failure: "pattern too large - compile failed" (RE2::Init, max_mem 8 MiB)', () => {
    for (const p of ['\\pL{500}', '(?i)\\pL{1000}', '[\\p{L}\\p{N}]{1000}']) {
      const r = engine.measure(p);
      assert.equal(r.ok, false, p);
      if (!r.ok) assert.equal(r.code, RE2_ERROR_PATTERN_TOO_LARGE);
    }
  });

  it('reads an unparsable repeat count as literal braces, as RE2 does (parse.cc MaybeParseRepeat)', () => {
    assert.ok(size('x{9876543210}') > 0);
  });

  it('reports syntax errors with their code and argument', () => {
    const r = engine.measure('a(?=b)');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.arg, '(?=');
  });

  it('keeps working over many compiles (nothing is kept between calls)', () => {
    const fresh = new Re2SizeEngine();
    for (let i = 0; i < 3000; i++) assert.equal(fresh.measure(`a{${i % 50}}b${i}`).ok, true);
    assert.equal(fresh.stats().reloads, 0);
  });
});
