/**
 * Sizes are RE2 2024-07-02's (the release Envoy ships), measured natively with g++ and by
 * re2-size.wasm alike (scripts/compare-re2-size.mjs). The limit is Istio's
 * `re2.max_program_size.error_level` (istio/istio pkg/bootstrap/config.go), applied by Envoy's
 * CompiledGoogleReMatcher (envoyproxy/envoy source/common/common/regex.cc).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { vsUri as uri, bareHttpRoute, envoyFilter } from '../regex/test-fixtures';

const ID = 'regex-program-too-large';

/** Caret line under `        regex: '<prefix><construct>…'` covering the construct. */
const under = (prefixLength: number, construct: string, note = '') => `#              ${' '.repeat(prefixLength + 1)}${'^'.repeat(construct.length)} ${note}`;

describe('regex-program-too-large', () => {
  it('flags /u/\\pL{28} (33,495 instructions: \\pL{28} alone is 33,492), names it and suggests an ASCII class that fits', () => {
    const [f] = expectFindings(ID, uri(`        regex: '/u/\\pL{28}'\n${under(3, '\\pL{28}')}`));
    assert.equal(f.message, "Istio accepts it, Envoy rejects the route: RE2 program size 33495 > 32768. \\pL{28} costs most; try [A-Za-z]{28}");
    assert.ok(f.message.length <= 160);
  });

  it('accepts \\pL{27} (32,296 instructions, under the limit)', () => {
    expectNoFindings(ID, uri("        regex: '/u/\\pL{27}'"));
  });

  it('flags a bounded Unicode class and five .{1000}', () => {
    const cls = '[\\p{L}\\p{N}_-]{1,64}';
    const [f] = expectFindings(ID, uri(`        regex: '${cls}'\n${under(0, cls)}`));
    assert.match(f.message, /program size 86083 > 32768\. .* try \[A-Za-z0-9_-\]\{1,64\}$/);
    const dots = '.{1000}'.repeat(5);
    const [g] = expectFindings(ID, uri(`        regex: '${dots}'\n${under(0, '.{1000}')}`));
    assert.match(g.message, /program size 40004 > 32768/);
  });

  it("reports RE2's memory failure (pattern too large - compile failed)", () => {
    const [f] = expectFindings(ID, uri(`        regex: '\\pL{500}'\n${under(0, '\\pL{500}')}`));
    assert.match(f.message, /^Istio accepts it, Envoy rejects the route: RE2 runs out of memory compiling it\. \\pL\{500\} costs most; try /);
    assert.ok(f.message.length <= 160);
  });

  it('says Istio does not check Gateway API regexes', () => {
    const [f] = expectFindings(
      ID,
      bareHttpRoute(`    - path: {type: RegularExpression, value: '\\pL{28}'}\n#                                             ^^^^^^^`),
    );
    assert.match(f.message, /^Istio does not check it, Envoy rejects the route: RE2 program size 33492 > 32768/);
  });

  it('stays within 160 characters for the longest constructs, in an HTTPRoute', () => {
    const long = `(?:${'[\\p{L}\\p{N}_-]'.repeat(3)}){300}`;
    const [f] = expectFindings(ID, bareHttpRoute(`    - path: {type: RegularExpression, value: '${long}'}\n#                                             ${'^'.repeat(long.length)}`));
    assert.ok(f.message.length <= 160, `${f.message.length}: ${f.message}`);
  });

  it('leaves invalid patterns to regex-syntax-error and Go-only fields alone', () => {
    expectNoFindings(ID, uri("        regex: '(\\pL{28}'"));
    expectNoFindings(ID, envoyFilter("  - match: {proxy: {proxyVersion: '\\pL{28}'}}"));
  });
});
