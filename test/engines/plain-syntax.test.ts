/**
 * The engines accept patterns of the plain syntax without compiling them
 * (server/src/engines/plain-syntax.ts). Checked here against the engines themselves, with
 * that shortcut off: every pattern it proves must compile in C++ RE2 (re2-wasm, no
 * rewriting) and in Go's regexp (re2js), on hand-written edge cases, on tens of thousands
 * of random patterns built from the grammar's pieces and from near misses, and on the
 * generated patterns the parse-probe tests use.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { RE2JS } from 're2js';
import { GoRegexpEngine, Re2Engine } from '../../server/src/engines';
import { provablyValid } from '../../server/src/engines/plain-syntax';
import { distinctPatterns } from '../../bench/misc';
import { seededRandom } from '../../server/src/test-support/seeded-random';
import { generated, handWritten, rawCompiler } from './support';

const re2 = rawCompiler(join(dirname(require.resolve('re2-wasm/package.json')), 'build/wasm'));

function goAccepts(text: string): boolean {
  try {
    RE2JS.compile(text);
    return true;
  } catch {
    return false;
  }
}

/** Grammar pieces, then near misses of them (flags, counts, bad classes, stacked quantifiers, non-ASCII, controls). */
const PIECES = [
  'a', 'Z', '0', '9', '/', '-', '_', ' ', ':', '=', '%', '~', '@', '#', '!', ',', ';', '<', '>', "'", '"', '&', '`',
  '.', '*', '+', '?', '(', ')', '|', '^', '$', '()', '(|)', '.*', '.+', '(/.*)?',
  '[a-z]', '[^0-9]', '[a-]', '[-a]', '[^-a]', '[a-z0-9_-]', '[\\d.]', '[\\w-]', '[\\]]', '[\\^]', '[!-~]', '[ -/]', '[a-a]',
  '\\.', '\\/', '\\-', '\\\\', '\\*', '\\(', '\\)', '\\[', '\\]', '\\{', '\\}', '\\^', '\\$', '\\|', '\\?', '\\+', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S',
];
const NEAR_MISSES = [
  '[z-a]', '[]', '[^]', '[a^]', '[a-z-0]', '[[:alpha:]]', '[a', ']', '{', '}', '{2}', '{1,3}', 'a{,2}', '(?i)', '(?:', '(?P<n>', '(?<n>', '(?=', '(?!',
  '*?', '+?', '??', '**', '\\', '\\b', '\\B', '\\A', '\\z', '\\Z', '\\q', '\\1', '\\x41', '\\p{L}', '\\pL', '\\Q', '\\E', '\\n', '\\t', '\\_', '\\#',
  'é', '\t', '\n', '\u0000', '\u007f', '😀', '[é]', '[\\b]', '[\\p{L}]', '[a-\\d]', '[\\d-z]',
];

/** Random patterns of up to ten pieces; `missRate` of the pieces are near misses. */
function randomPatterns(count: number, seed: number, missRate: number): string[] {
  const r = seededRandom(seed);
  const piece = () => (r() < missRate ? NEAR_MISSES : PIECES)[Math.floor(r() * (r() < missRate ? NEAR_MISSES : PIECES).length)];
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(r() * 10) }, piece).join(''));
}

describe('plain regex syntax', () => {
  it('proves only patterns that compile in both RE2 and Go regexp', () => {
    const patterns = [...PIECES, ...NEAR_MISSES, ...handWritten, ...distinctPatterns(400), ...generated(2000, 3), ...randomPatterns(8000, 11, 0.15)];
    let proved = 0;
    let invalid = 0;
    for (const p of patterns) {
      const verdicts = { re2: re2(p), go: goAccepts(p) };
      if (verdicts.re2 !== 'ok' || !verdicts.go) invalid++;
      if (!provablyValid(p)) continue;
      proved++;
      assert.deepEqual(verdicts, { re2: 'ok', go: true }, `proved, but not accepted by both: ${JSON.stringify(p)}`);
    }
    // The grammar covers a real share, and many of the near misses really are invalid.
    assert.ok(proved > 3000, `proved only ${proved} of ${patterns.length}`);
    assert.ok(invalid > 3000, `only ${invalid} patterns were invalid`);
  });

  it('proves the shapes routes are made of, and leaves everything else to the engines', () => {
    for (const p of ['.*(Android|iPhone).*', '^/api/v[0-9]+/(users|orders)(/.*)?$', 'https://([a-z0-9-]+\\.)?shop\\.example\\.com', '/v2/users/[a-z0-9-]+', 'Google', '/static/.*', 'a|', '()*', '[-a-z]']) {
      assert.ok(provablyValid(p), p);
    }
    for (const p of ['', '(?i)chrome', '[a-z]{2}', '\\bword\\b', 'a**', 'a*?', '^*', '(*)', '|*', '[z-a]', '[]', '(', ')', 'a)', '\\', '\\p{Greek}', 'é', 'a'.repeat(1001), '('.repeat(101) + ')'.repeat(101)]) {
      assert.equal(provablyValid(p), false, JSON.stringify(p));
    }
  });

  it('gives the engines the same verdicts with and without it, compiling only what it cannot prove', () => {
    const patterns = [...distinctPatterns(200), ...randomPatterns(3000, 5, 0.15)];
    const engines = [
      [new Re2Engine(), new Re2Engine({ plainSyntax: false })],
      [new GoRegexpEngine(), new GoRegexpEngine({ plainSyntax: false })],
    ] as const;
    // Verdicts are cached, so each distinct pattern is proved once.
    const provable = new Set(patterns.filter(provablyValid));
    for (const [fast, full] of engines) {
      for (const p of patterns) assert.deepEqual(fast.check(p), full.check(p), p);
      assert.equal(fast.stats().proved, provable.size);
      assert.ok(provable.size > 0 && fast.stats().compiles < full.stats().compiles);
    }
  });
});
