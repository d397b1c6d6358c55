import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings, lint, parseMarked, expectFixReplaces } from '../../test-support/rule-tester';
import { vsMatch as vs, vsUri as uri, bareHttpRoute } from '../regex/test-fixtures';

const ID = 'regex-unsupported-syntax';

/** Applies the fix titled like `title`: the only change is `before` -> `after`. */
const expectFix = (src: string, title: string, before: string, after: string): void => expectFixReplaces(ID, src, title, before, after);

function fixesOf(src: string) {
  const f = lint(parseMarked(src).text).find((x) => x.rule === ID);
  assert.ok(f, `${ID} should fire`);
  return f.fixes;
}

describe('regex-unsupported-syntax', () => {
  it('underlines lookahead and lookbehind openers, naming them', () => {
    expectFindings(
      ID,
      uri(`        regex: '/api/(?!internal)(?<=v)[a-z]+'
#                    ^^^ Negative lookahead "(?!"
#                                ^^^^ Lookbehind "(?<="`),
    );
  });

  it('names who rejects: the webhook for Istio, Envoy (unchecked by Istio) for Gateway API', () => {
    const [istio] = expectFindings(ID, uri(`        regex: 'a(?=b)'\n#                ^^^ webhook`));
    assert.match(istio.message, /withoutHeaders|specific route/);
    const [gw] = expectFindings(
      ID,
      bareHttpRoute(`    - path: {type: RegularExpression, value: '/(?>a|ab)c'}
#                                              ^^^ Atomic group
    backendRefs: [{name: web, port: 80}]`),
    );
    assert.match(gw.message, /Envoy NACKs the whole route table/);
    assert.match(gw.detail ?? '', /Istio does not validate Gateway API regexes/);
  });

  it('suggests withoutHeaders for header lookarounds', () => {
    const [f] = expectFindings(
      ID,
      vs(`    - headers:
        user-agent:
          regex: '^(?!.*bot).*$'
#                  ^^^`),
    );
    assert.match(f.message, /withoutHeaders/);
  });

  it('finds backreferences, possessive quantifiers, conditionals, recursion, comments, flags', () => {
    expectFindings(
      ID,
      uri(`        regex: '(a)\\1\\k<n>x++(?(1)y)(?R)(?#c)(?x)'
#                  ^^ Backreference
#                    ^^^^^ Named backreference
#                          ^^ Possessive
#                            ^^^^^ Conditional
#                                   ^^^^ Recursion
#                                       ^^^^^ Inline comment
#                                            ^^^^ Inline flag`),
    );
  });

  it('finds PCRE/JS escapes, long Unicode names and big repeat counts', () => {
    expectFindings(
      ID,
      uri(`        regex: '\\G\\Z\\h\\e\\cA\\u00e9\\p{Letter}a{1001}'
#               ^^ \\G
#                 ^^ \\Z
#                   ^^ \\h
#                     ^^ \\e
#                       ^^^ Control-character
#                          ^^^^^^ code-point escape
#                                ^^^^^^^^^^ Unicode property name
#                                           ^^^^^^ limit of 1000`),
    );
  });

  it('maps positions through double-quoted escapes', () => {
    expectFindings(ID, uri(`        regex: "\\\\d+(?=x)"\n#                   ^^^`));
  });

  it('\\C is only a problem where the Go webhook judges', () => {
    expectFindings(ID, uri(`        regex: 'a\\Cb'\n#                ^^ webhook`));
    expectNoFindings(
      ID,
      bareHttpRoute(`    - path: {type: RegularExpression, value: '/a\\Cb'}`),
    );
  });

  it('stays silent on RE2 syntax, named groups, templated values and non-regex matches', () => {
    expectNoFindings(ID, uri(`        regex: '(?P<v>v[0-9]+)/\\pL+\\x{41}\\Q(?=\\E(?i:abc)'`));
    expectNoFindings(ID, uri(`        regex: '(?<v>v[0-9]+)'`));
    expectNoFindings(ID, uri(`        regex: "{{ .Values.re }}(?=x)"`));
    expectNoFindings(ID, uri(`        prefix: '/a(?=b)'`));
  });

  describe('fixes', () => {
    it('^(?!prefix).* becomes an exact RE2 alternation (safe)', () => {
      const src = uri(`        regex: '^(?!/admin).*'`);
      expectFix(src, 'equivalent RE2 alternation', "'^(?!/admin).*'", "'^(?:[^/\\n].*|/(?:[^a\\n].*|a(?:[^d\\n].*|d(?:[^m\\n].*|m(?:[^i\\n].*|i(?:[^n\\n].*)?)?)?)?)?)?'");
      assert.equal(fixesOf(src)[0].safe, true);
    });

    it('removing a lookahead elsewhere widens the match (unsafe)', () => {
      const src = uri(`        regex: '/api/(?!internal)[a-z]+'`);
      const [fix] = fixesOf(src);
      assert.equal(fix.safe, false);
      expectFix(src, 'widens', "'/api/(?!internal)[a-z]+'", "'/api/[a-z]+'");
    });

    it('a leading negative lookbehind always holds under a full match (safe)', () => {
      const src = uri(`        regex: '(?<!x)/api/.*'`);
      assert.equal(fixesOf(src)[0].safe, true);
      expectFix(src, 'nothing precedes', "'(?<!x)/api/.*'", "'/api/.*'");
      // Not at the start: unsafe.
      assert.equal(fixesOf(uri(`        regex: '/api(?<!x)/.*'`))[0].safe, false);
    });

    it('possessive quantifiers: safe when nothing can be given back', () => {
      const end = uri(`        regex: '/v[0-9]++'`);
      assert.equal(fixesOf(end)[0].safe, true);
      expectFix(end, 'nothing follows', "'/v[0-9]++'", "'/v[0-9]+'");
      const disjointNext = uri(`        regex: '/v\\d*+/users'`);
      assert.equal(fixesOf(disjointNext)[0].safe, true);
      expectFix(disjointNext, 'next character', "'/v\\d*+/users'", "'/v\\d*/users'");
      const fixed = uri(`        regex: 'a{3}+b'`);
      expectFix(fixed, 'fixed count', "'a{3}+b'", "'a{3}b'");
      // The next character could be taken by the repetition: not provably the same.
      const overlap = uri(`        regex: '[a-z]++z'`);
      assert.equal(fixesOf(overlap)[0].safe, false);
      // An optional next token does not protect it either.
      assert.equal(fixesOf(uri(`        regex: '\\d++/?\\d'`))[0].safe, false);
    });

    it('"c++" after a letter is probably the text: the literal rewrite first, neither safe', () => {
      const src = uri(`        regex: "/c++/docs"`);
      const fixes = fixesOf(src);
      assert.deepEqual(fixes.map((f) => f.safe), [false, false]);
      expectFix(src, 'to match the text "c++"', '"/c++/docs"', '"/c\\\\+\\\\+/docs"');
      expectFix(src, 'possessive', '"/c++/docs"', '"/c+/docs"');
    });

    it('escapes with exact RE2 spellings (safe), keeping the quoting style', () => {
      expectFix(uri(`        regex: '/a\\Z'`), '\\z', "'/a\\Z'", "'/a\\z'");
      expectFix(uri(`        regex: "/a\\\\Z"`), '\\z', '"/a\\\\Z"', '"/a\\\\z"');
      expectFix(uri(`        regex: 'a\\eb'`), '\\x1B', "'a\\eb'", "'a\\x1Bb'");
      expectFix(uri(`        regex: 'a\\cAb'`), '\\x01', "'a\\cAb'", "'a\\x01b'");
      expectFix(uri(`        regex: 'caf\\u00e9'`), '\\x{00e9}', "'caf\\u00e9'", "'caf\\x{00e9}'");
      expectFix(uri(`        regex: '\\p{Letter}+'`), '\\p{L}', "'\\p{Letter}+'", "'\\p{L}+'");
      expectFix(uri(`        regex: "(?'id'[0-9]+)"`), '(?P<id>', `"(?'id'[0-9]+)"`, '"(?P<id>[0-9]+)"');
      expectFix(uri(`        regex: '/a(?#version)/b'`), 'comment', "'/a(?#version)/b'", "'/a/b'");
      expectFix(uri(`        regex: 'a\\hb'`), '\\h', "'a\\hb'", "'a[\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]b'");
    });

    it('quotes a plain scalar when the rewrite needs it', () => {
      expectFix(uri(`        regex: a\\hb`), '\\h', 'a\\hb', 'a[\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]b');
      // In flow style the brackets would end the mapping: the value gets quoted.
      expectFix(vs(`    - uri: {regex: a\\hb}`), '\\h', '{regex: a\\hb}', "{regex: 'a[\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]b'}");
      expectFix(uri(`        regex: /a\\Z`), '\\z', '/a\\Z', '/a\\z');
    });

    it('GRPCRoute parts are spliced into a larger regex: no fix relies on their ends', () => {
      const grpc = (service: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g}
spec:
  rules:
  - matches:
    - method: {type: RegularExpression, service: '${service}', method: Get}
`;
      assert.ok(fixesOf(grpc('(?<!x)pkg\\.Svc')).every((f) => !f.safe));
      assert.ok(fixesOf(grpc('pkg\\.[A-Za-z]++')).every((f) => !f.safe));
    });

    it('offers nothing where RE2 has no equivalent', () => {
      assert.deepEqual(fixesOf(uri(`        regex: '(a)\\1'`)), []);
      assert.deepEqual(fixesOf(uri(`        regex: 'a{1001}'`)), []);
    });
  });
});

describe('regex-unsupported-syntax: who rejects, from the engines (Go 1.26, RE2 2024-07-02)', () => {
  it('\\p{Assigned}: Go 1.25+ accepts it, Envoy rejects it; the message says exactly that', () => {
    const [f] = expectFindings(ID, uri(`        regex: '/\\p{Assigned}+'\n#                ^^^^^^^^^^^^ Unicode property name`));
    assert.match(f.message, /the webhook accepts it, but Envoy's RE2 NACKs the route table/);
    assert.match(f.detail ?? '', /Istio's webhook \(Go regexp\) accepts it, but Envoy's RE2 rejects it/);
    assert.doesNotMatch(`${f.message} ${f.detail}`, /webhook \(Go regexp\) rejects|webhook rejects|may pass/);
  });

  it('\\p{Alphabetic}: both engines reject it (unicodeTable never reads binary properties)', () => {
    const [f] = expectFindings(ID, uri(`        regex: '/\\p{Alphabetic}'\n#                ^^^^^^^^^^^^^^ Unicode property name`));
    assert.match(f.message, /Istio's webhook rejects the resource/);
    assert.match(f.detail ?? '', /rejects the resource, and Envoy's RE2 could not compile it either/);
  });

  it('x{9876543210}: only Go rejects it; in an HTTPRoute RE2 alone judges and reads literal braces (MaybeParseRepeat)', () => {
    const [f] = expectFindings(ID, uri(`        regex: '/x{9876543210}'\n#                 ^^^^^^^^^^^^ limit of 1000`));
    assert.match(f.message, /Istio's webhook rejects the resource/);
    assert.match(f.detail ?? '', /Istio's validation webhook \(Go regexp\) rejects the resource\.$/);
    expectNoFindings(ID, bareHttpRoute(`    - path: {type: RegularExpression, value: '/x{9876543210}'}`));
  });
});
