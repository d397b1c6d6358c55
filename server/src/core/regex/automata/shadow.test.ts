/**
 * Coverage by several earlier routes together, held against the real RE2 (Envoy's full match,
 * `Regex::CompiledGoogleReMatcher::match` → `re2::RE2::FullMatch`): whenever a later uri regex
 * is called covered by the union of earlier ones, every path it matches (all of them up to
 * five characters over its alphabet) is matched by one of the earlier regexes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Re2Engine } from '../../../engines/re2';
import { PATH_WITHOUT_QUERY } from './field-domains';
import type { HttpRoute } from './route-matches';
import { shadowedRoutes } from './shadow';

const re2 = new Re2Engine();

const route = (index: number, regex: string): HttpRoute => ({
  index,
  name: undefined,
  matches: [{ fields: new Map([['uri', { pos: [{ kind: 'regex', pattern: regex }], neg: [], absentOk: false, domain: PATH_WITHOUT_QUERY }]]), opaque: new Map(), unknown: false, span: { start: 0, end: 0 } }],
  anchor: { start: 0, end: 0 },
});

const ALPHABET = ['/', 'a', 'b'];
const paths: string[] = [''];
for (let n = 1; n <= 5; n++) for (const p of paths.filter((x) => x.length === n - 1)) for (const c of ALPHABET) paths.push(p + c);

const piece = fc.constantFrom('/', 'a', 'b', '.', '[ab]', 'a*', 'b+', '.*', '(a|b)', '/?', '[^a]*');
const regex = fc.array(piece, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));

describe('shadowed routes: coverage by several earlier routes', () => {
  it('never calls a route covered when RE2 finds a path only it matches', () => {
    let byUnion = 0;
    fc.assert(
      fc.property(fc.array(regex, { minLength: 2, maxLength: 4 }), regex, (earlier, later) => {
        const routes = [...earlier.map((r, i) => route(i, r)), route(earlier.length, later)];
        const found = shadowedRoutes(routes, Infinity).shadowed.find((s) => s.route.index === earlier.length);
        if (!found) return;
        if (found.by.length > 1) byUnion++;
        for (const p of paths) {
          if (!re2.fullMatch(later, p)) continue;
          assert.ok(found.by.some((r) => re2.fullMatch(earlier[r.index], p)), `${p} matches ${later} and none of ${found.by.map((r) => earlier[r.index]).join(', ')}`);
        }
      }),
      { numRuns: 300, seed: 18 },
    );
    assert.ok(byUnion > 0, 'some generated routes are covered only by several earlier ones');
  });
});
