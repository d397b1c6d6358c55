/**
 * Property tests for regex-prefer-prefix-or-exact's safe rewrite: whenever `plainEquivalent`
 * calls a regex an exact or prefix match, the real RE2 engine (full match, as Envoy applies
 * it) accepts exactly the values the plain comparison accepts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Re2Engine } from '../../engines/re2';
import { plainEquivalent, type PatternContext } from './intent';
import { hasForeignSyntax } from './shape';

const re2 = new Re2Engine();
const uri: PatternContext = { field: 'uri', semantics: 'full' };
const header: PatternContext = { field: 'header', name: 'x-env', semantics: 'full' };
const ALPHABET = ['a', 'B', '/', '.', '-', '*', '+', '(', ')', '[', ']', '{', '}', '|', '^', '$', '?', '\\', ' ', 'é', ','];
const text = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
const escape = (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

describe('plainEquivalent agrees with RE2', () => {
  it('an escaped literal (optionally ^…$) is exactly that value', () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.array(text, { maxLength: 6 }), (lit, anchored, others) => {
        const pattern = anchored ? `^${escape(lit)}$` : escape(lit);
        // A literal that reads as another syntax (`/a/` as a JavaScript literal) is left to the
        // rule that explains that syntax; plainEquivalent rightly says nothing about it.
        fc.pre(!hasForeignSyntax(pattern, 'header', 'x-env'));
        assert.deepEqual(plainEquivalent(pattern, header), { kind: 'exact', literal: lit });
        for (const v of [lit, ...others, `${lit}x`, lit.slice(1)]) assert.equal(re2.fullMatch(pattern, v), v === lit, `${pattern} vs ${JSON.stringify(v)}`);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a literal followed by .* is exactly a prefix', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 6 }), (lit, suffixes) => {
        const pattern = `/${escape(lit)}.*`;
        const plain = plainEquivalent(pattern, uri);
        assert.deepEqual(plain, { kind: 'prefix', literal: `/${lit}` });
        for (const v of [`/${lit}`, ...suffixes.map((s) => `/${lit}${s}`), ...suffixes.map((s) => `/${s}`)]) {
          assert.equal(re2.fullMatch(pattern, v), v.startsWith(`/${lit}`), `${pattern} vs ${JSON.stringify(v)}`);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
