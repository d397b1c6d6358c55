/**
 * Property tests for regex-prefer-prefix-or-exact's safe rewrite: whenever `plainEquivalent`
 * calls a regex an exact or prefix match, the real RE2 engine (full match, as Envoy applies
 * it) accepts exactly the values the plain comparison accepts.
 *
 * Path matches are modelled as Envoy runs them: `Matchers::PathMatcher::match`
 * (envoyproxy/envoy source/common/common/matchers.cc) removes the query string and fragment
 * (`Http::PathUtil::removeQueryAndFragment`) before the comparison, and the route entries for
 * `prefix`, `path` and `safe_regex` (`PrefixRouteEntryImpl`, `PathRouteEntryImpl`,
 * `RegexRouteEntryImpl::matches` in source/common/router/config_impl.cc) all match through it.
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

/** What Envoy's path matchers compare: the :path up to the first "?" or "#". */
const removeQueryAndFragment = (path: string) => path.replace(/[?#].*$/s, '');
/** Whether a route with this uri match takes a request for `path`, under Envoy's path matching. */
function routeMatches(match: { kind: 'regex' | 'prefix' | 'exact'; value: string }, path: string): boolean {
  const p = removeQueryAndFragment(path);
  return match.kind === 'regex' ? re2.fullMatch(match.value, p) === true : match.kind === 'prefix' ? p.startsWith(match.value) : p === match.value;
}
const PATH_ALPHABET = ['a', '/', '.', '-', '?', '#', '=', '&', 'q'];
const paths = fc.array(fc.constantFrom(...PATH_ALPHABET), { maxLength: 10 }).map((p) => `/${p.join('')}`);

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

  it('a literal followed by .* is exactly a prefix of a header value (compared whole)', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 6 }), (lit, suffixes) => {
        const pattern = `/${escape(lit)}.*`;
        fc.pre(!hasForeignSyntax(pattern, 'header', 'x-env'));
        const plain = plainEquivalent(pattern, header);
        assert.deepEqual(plain, { kind: 'prefix', literal: `/${lit}` });
        for (const v of [`/${lit}`, ...suffixes.map((s) => `/${lit}${s}`), ...suffixes.map((s) => `/${s}`)]) {
          assert.equal(re2.fullMatch(pattern, v), v.startsWith(`/${lit}`), `${pattern} vs ${JSON.stringify(v)}`);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a uri rewrite takes the same requests as the regex, query strings and fragments included', () => {
    const literals = fc.array(fc.constantFrom(...PATH_ALPHABET), { minLength: 1, maxLength: 6 }).map((p) => `/${p.join('')}`);
    fc.assert(
      fc.property(literals, fc.boolean(), fc.array(paths, { maxLength: 8 }), (lit, prefix, requests) => {
        const pattern = prefix ? `${escape(lit)}.*` : escape(lit);
        const plain = plainEquivalent(pattern, uri);
        if (/[?#]/.test(lit)) {
          // The regex can never match (the query is gone before it runs): no rewrite is offered.
          assert.equal(plain, undefined, pattern);
          for (const r of [lit, `${lit}x`, ...requests]) assert.equal(routeMatches({ kind: 'regex', value: pattern }, r), false);
          return true;
        }
        assert.deepEqual(plain, { kind: prefix ? 'prefix' : 'exact', literal: lit });
        for (const r of [lit, `${lit}?a=1`, `${lit}#x`, `${lit}a`, ...requests]) {
          assert.equal(routeMatches({ kind: plain!.kind, value: plain!.literal }, r), routeMatches({ kind: 'regex', value: pattern }, r), `${pattern} vs ${plain!.kind} ${plain!.literal} on ${r}`);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('"/search\\?q=.*" is no prefix "/search?q=": under query removal neither ever matches, so nothing is offered', () => {
    assert.equal(plainEquivalent('/search\\?q=.*', uri), undefined);
    for (const r of ['/search?q=shoes', '/search?q=', '/search']) {
      assert.equal(routeMatches({ kind: 'regex', value: '/search\\?q=.*' }, r), false, r);
      assert.equal(routeMatches({ kind: 'prefix', value: '/search?q=' }, r), false, r);
    }
    // On a header the value is compared whole: there the rewrite holds.
    assert.deepEqual(plainEquivalent('/search\\?q=.*', header), { kind: 'prefix', literal: '/search?q=' });
  });
});
