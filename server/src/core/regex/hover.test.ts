import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, defaultConfig, NO_SERVICES } from '../index';
import { createEngines } from '../../engines';
import { regexHover } from './hover';
import { candidateInputs } from './examples';

const withEngines = new Analyzer({ rules: [], services: createEngines(), hoverProviders: [regexHover] });
const withoutEngines = new Analyzer({ rules: [], services: NO_SERVICES, hoverProviders: [regexHover] });

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - match:
    - headers:
        user-agent: {regex: Google}
      withoutHeaders:
        x-canary: {regex: "*"}
      uri: {regex: "^/api/v[0-9]+"}
      ignoreUriCase: true
    - uri: {prefix: /api}
      headers:
        x-env: {exact: prod}
    rewrite:
      uriRegexRewrite: {match: ^/old/(.*), rewrite: /new/\\1}
    route: [{destination: {host: web}}]
`;

/** Hover over the first occurrence of `needle` (at its `at`-th character). */
function hoverAt(needle: string, text = VS, analyzer = withEngines, at = 1) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return analyzer.hover('test.yaml', text, offset + at, [], defaultConfig());
}

describe('regex hover', () => {
  it('explains full match and shows engine-judged examples (the weekly tip)', () => {
    const h = hoverAt('Google}');
    assert.ok(h);
    assert.equal(VS.slice(h.start, h.end), 'Google');
    // What it matches comes first, then one paragraph on how it is applied.
    const [yes, no, how] = h.markdown.split('\n\n');
    assert.equal(yes, 'Matches: `Google`');
    assert.match(no, /^Does not match: `Mozilla\/5\.0 \(compatible; Google\/1\.0\)`/);
    assert.match(how, /^\*\*RE2 full match\*\* on the header "user-agent" value/);
    assert.match(how, /Case-sensitive\. Istio's webhook checks it with Go regexp; Envoy runs it with C\+\+ RE2\.$/);
  });

  it('notes that ignoreUriCase does not apply to a regex', () => {
    const h = hoverAt('^/api/v');
    assert.match(h!.markdown, /`ignoreUriCase` does not apply to regexes: add `\(\?i\)`/);
    assert.match(h!.markdown, /Matches: `\/api\/v0`/);
    assert.match(h!.markdown, /Does not match: .*`\/api\/v0\/more`/);
  });

  it('explains Istio\'s "*" as a presence check', () => {
    assert.equal(hoverAt('"*"')!.markdown, '**Presence check**: Istio turns exactly `"*"` into "is present" instead of compiling it as a regex: the route applies only when the header is absent.');
  });

  it('describes the rewrite as a global replace with its substitution', () => {
    const h = hoverAt('^/old/');
    assert.match(h!.markdown, /RE2 global replace.*`\/new\/\\1`/);
    assert.match(h!.markdown, /Rewritten \(contain a match\): `\/old\/`/);
  });

  it('gives one line for exact and prefix values', () => {
    assert.equal(hoverAt('/api}')!.markdown, '**Prefix match**: any uri value starting with `/api` (case-sensitive, character by character: `/apix` matches too).');
    assert.equal(hoverAt('prod}')!.markdown, '**Exact match**: the header "x-env" value must be exactly `prod` (case-sensitive).');
  });

  it('explains Gateway API path prefixes by segment, and that Istio does not check Gateway API regexes', () => {
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web}
spec:
  rules:
  - matches:
    - path: {type: PathPrefix, value: /api/}
    - path: {type: RegularExpression, value: "/v[12]/.*"}
`;
    assert.match(hoverAt('/api/', route)!.markdown, /matches `\/api` and every path below `\/api\/`, but not `\/apix`/);
    assert.match(hoverAt('/v[12]', route)!.markdown, /Istio does not check it/);
  });

  it('without engines explains but shows no examples; says nothing off a value', () => {
    const h = hoverAt('Google}', VS, withoutEngines);
    assert.equal(h!.markdown.split('\n\n').length, 1);
    assert.match(h!.markdown, /^\*\*RE2 full match\*\*/);
    assert.equal(hoverAt('user-agent', VS, withEngines, 0), undefined);
  });
});

describe('candidateInputs', () => {
  it('builds instances and near misses from the pattern itself', () => {
    const c = candidateInputs('.*Google.*', 'header', 'user-agent');
    assert.deepEqual(c.slice(0, 3), ['Google', 'abcGoogleabc', 'Mozilla/5.0 (compatible; Google/1.0)']);
    assert.ok(c.includes('google'));
    assert.ok(candidateInputs('GET|POST', 'method').includes('POST'));
    assert.ok(candidateInputs('/api/.*', 'uri').includes('/prefix/api/'));
  });

  it('never throws and stays small on hostile patterns', () => {
    for (const p of ['(', '\\', 'a{1000}', '[', '(?=x)', '((((((((((a|b|c|d))))))))))']) {
      const c = candidateInputs(p, 'uri');
      assert.ok(c.length <= 24, p);
    }
  });

  it('says how a loose top-level alternation reads, beside the engine-judged examples', () => {
    const text = VS.replace('user-agent: {regex: Google}', "user-agent: {regex: '.*iPhone|Android.*'}");
    const h = hoverAt('iPhone|', text);
    assert.match(h!.markdown, /Reads as `\.\*iPhone` or `Android\.\*`: `\|` binds loosest\. Grouped: `\.\*\(\?:iPhone\|Android\)\.\*`\./);
    assert.match(h!.markdown, /Does not match: `Mozilla\/5\.0 \(compatible; iPhone\/1\.0\)`/);
  });

  it('shows the value YAML decoded from a double-quoted regex, control characters made visible', () => {
    const text = VS.replace('user-agent: {regex: Google}', 'user-agent: {regex: "^.*\\bMobile\\b.*$"}');
    const h = hoverAt('Mobile', text);
    assert.match(h!.markdown, /YAML decodes the double-quoted value first: the regex is `\^\.\*␈Mobile␈\.\*\$`/);
  });
});

describe('regex hover: program size', () => {
  const vs = (regex: string) => VS.replace('"^/api/v[0-9]+"', `'${regex}'`);
  it("shows RE2's program size once it is above half of Envoy's 32,768 limit (regex-program-too-large)", () => {
    const big = hoverAt('\\pL{20}', vs('/\\pL{20}'));
    assert.match(big!.markdown.split('\n\n').at(-1)!, /^\*\*RE2 program size\*\*: 2\d,\d{3} instructions of Envoy's 32,768 \(within the limit\)\.$/);
    const over = hoverAt('\\pL{28}', vs('/\\pL{28}'));
    assert.match(over!.markdown, /33,493 instructions of Envoy's 32,768 \(Envoy rejects it\)/);
    assert.doesNotMatch(hoverAt('^/api/v')!.markdown, /program size/);
    assert.doesNotMatch(hoverAt('\\pL{20}', vs('/\\pL{20}'), withoutEngines)!.markdown, /program size/);
  });
});
