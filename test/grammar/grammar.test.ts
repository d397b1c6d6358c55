/**
 * The TextMate injection grammar, run the way VS Code runs it: vscode-textmate + oniguruma,
 * injected into a real YAML grammar (Shiki's, from @shikijs/langs), on real manifest lines.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const root = join(__dirname, '..', '..');
const GRAMMAR_FILE = join(root, 'syntaxes', 'istio-injection.tmLanguage.json');
const injection = JSON.parse(readFileSync(GRAMMAR_FILE, 'utf8')) as vsctm.IRawGrammar & {
  injectionSelector: string;
};

let yamlGrammar: vsctm.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const yaml = (await import('@shikijs/langs/yaml')).default[0] as unknown as vsctm.IRawGrammar;
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.yaml' ? { ...yaml, scopeName: 'source.yaml' } : scope === injection.scopeName ? injection : null,
    getInjections: (scope) => (scope === 'source.yaml' ? [injection.scopeName] : undefined),
  });
  const g = await registry.loadGrammar('source.yaml');
  assert.ok(g, 'YAML grammar loads');
  yamlGrammar = g;
});

interface Token {
  text: string;
  scopes: string[];
}

function tokenize(text: string): Token[][] {
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = yamlGrammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/**
 * Scopes at the first character of the first `needle` at or after `lineMarker` on the first
 * line holding `lineMarker` (the needle itself when omitted). Throws when the text is not
 * there, so typos fail loudly.
 */
function scopesAt(text: string, needle: string, lineMarker = needle): string[] {
  const lines = text.split('\n');
  const lineNo = lines.findIndex((l) => l.includes(lineMarker));
  assert.ok(lineNo >= 0, `no line containing ${JSON.stringify(lineMarker)}`);
  const col = lines[lineNo].indexOf(needle, lines[lineNo].indexOf(lineMarker));
  assert.ok(col >= 0, `${JSON.stringify(needle)} not on line ${JSON.stringify(lines[lineNo])}`);
  let pos = 0;
  for (const t of tokenize(text)[lineNo]) {
    if (col >= pos && col < pos + t.text.length) return t.scopes;
    pos += t.text.length;
  }
  throw new Error(`no token at column ${col}`);
}

function expectScope(text: string, needle: string, scope: string, lineMarker?: string): void {
  const scopes = scopesAt(text, needle, lineMarker);
  assert.ok(
    scopes.some((s) => s.split(' ').includes(scope) || s === scope),
    `${JSON.stringify(needle)} should have ${scope}; got ${scopes.join(' | ')}`,
  );
}

function expectNoScope(text: string, needle: string, scopePrefix: string, lineMarker?: string): void {
  const scopes = scopesAt(text, needle, lineMarker);
  assert.ok(
    !scopes.some((s) => s.split(' ').some((part) => part.startsWith(scopePrefix))),
    `${JSON.stringify(needle)} should not have ${scopePrefix}*; got ${scopes.join(' | ')}`,
  );
}

const EMBED = 'meta.embedded.regex.istio-tips';

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  annotations:
    description: "routes by user-agent regex: see the tip"
spec:
  hosts: [reviews]
  http:
  - match:
    - headers:
        user-agent:
          regex: ".*Google\\\\.com.*"
    route:
    - destination: {host: reviews, subset: v2}
  - match:
    - uri:
        regex: '(?i)^/api/(v1|v2)/[^/]+$'
      queryParams:
        tag: {regex: v[0-9]+, note: x}
    rewrite:
      uriRegexRewrite:
        match: ^/old/(.*)$  # moved
        rewrite: /new/\\1
    route:
    - destination: {host: reviews}
`;

describe('istio-tips injection grammar', () => {
  it('is the JSON its generator writes, injected into source.yaml', async () => {
    const gen = (await import(pathToFileURL(join(root, 'syntaxes', 'istio-injection.grammar.mjs')).href)) as {
      grammarJson(): string;
    };
    assert.equal(readFileSync(GRAMMAR_FILE, 'utf8'), gen.grammarJson(), 'run: node syntaxes/istio-injection.grammar.mjs');
    assert.equal(injection.scopeName, 'istio-tips.injection');
    assert.match(injection.injectionSelector, /^L:source\.yaml\b/);
  });

  it('embeds a double-quoted header regex and scopes its tokens', () => {
    const line = 'regex: ".*Google';
    expectScope(VIRTUAL_SERVICE, '.*Google', 'constant.other.character-class.any.regexp', line);
    expectScope(VIRTUAL_SERVICE, '*Google', 'keyword.operator.quantifier.regexp', line);
    expectScope(VIRTUAL_SERVICE, 'Google', EMBED, line);
    expectScope(VIRTUAL_SERVICE, 'Google', 'string.quoted.double.yaml', line);
    // `\\.` in double quotes is one regex escape of the dot.
    expectScope(VIRTUAL_SERVICE, '\\\\.com', 'constant.character.escape.backslash.regexp', line);
    // The quotes and the key keep their YAML meaning and stay outside the embedded regex.
    expectScope(VIRTUAL_SERVICE, '"', 'punctuation.definition.string.begin.yaml', line);
    expectNoScope(VIRTUAL_SERVICE, '"', EMBED, line);
    expectScope(VIRTUAL_SERVICE, 'regex', 'entity.name.tag.yaml', line);
    expectNoScope(VIRTUAL_SERVICE, 'regex', EMBED, line);
  });

  it('scopes flags, groups, alternation, classes and anchors in a single-quoted regex', () => {
    const line = "regex: '(?i)";
    expectScope(VIRTUAL_SERVICE, 'i)^', 'keyword.other.option-toggle.regexp', line);
    expectScope(VIRTUAL_SERVICE, '^/api', 'keyword.control.anchor.regexp', line);
    expectScope(VIRTUAL_SERVICE, '(v1', 'punctuation.definition.group.regexp', line);
    expectScope(VIRTUAL_SERVICE, '|v2', 'keyword.operator.or.regexp', line);
    expectScope(VIRTUAL_SERVICE, '[^/]', 'punctuation.definition.character-class.begin.regexp', line);
    expectScope(VIRTUAL_SERVICE, '^/]', 'keyword.operator.negation.regexp', line);
    expectScope(VIRTUAL_SERVICE, '/]', 'constant.other.character-class.set.regexp', line);
    expectScope(VIRTUAL_SERVICE, "$'", 'keyword.control.anchor.regexp', line);
    expectScope(VIRTUAL_SERVICE, "'", 'punctuation.definition.string.end.yaml', "+$'");
  });

  it('ends a flow-style plain regex at the comma and a block plain regex before a comment', () => {
    expectScope(VIRTUAL_SERVICE, '[0-9]', 'punctuation.definition.character-class.begin.regexp', 'tag: {regex');
    expectScope(VIRTUAL_SERVICE, '-9', 'punctuation.separator.range.regexp', 'tag: {regex');
    expectNoScope(VIRTUAL_SERVICE, ', note', EMBED, 'tag: {regex');
    expectNoScope(VIRTUAL_SERVICE, 'note', EMBED, 'tag: {regex');
    expectScope(VIRTUAL_SERVICE, '(.*)', 'punctuation.definition.group.regexp', 'match: ^/old');
    expectScope(VIRTUAL_SERVICE, '# moved', 'comment.line.number-sign.yaml', 'match: ^/old');
    expectNoScope(VIRTUAL_SERVICE, '# moved', EMBED, 'match: ^/old');
  });

  it('leaves prose, comments, block scalars and other keys alone', () => {
    const text = `metadata:
  annotations:
    description: "routes by user-agent regex: .*"
    runbook: |
      regex: .*Google.*
      mode: STRICT
  # regex: .*Google.*
  myregex: .*
  labels: {regex-owner: team}
spec:
  name: regex
`;
    expectNoScope(text, 'regex:', EMBED, 'description');
    expectNoScope(text, '.*"', 'keyword.operator', 'description');
    expectNoScope(text, '.*Google', EMBED, '      regex:');
    expectNoScope(text, 'STRICT', 'constant.language.mtls-mode', '      mode:');
    expectNoScope(text, '.*Google', EMBED, '# regex');
    expectNoScope(text, '.*', EMBED, 'myregex');
    expectNoScope(text, 'regex', EMBED, '  name: regex');
    // The base grammar goes on as usual after every case.
    expectScope(text, 'spec', 'entity.name.tag.yaml');
    expectScope(text, 'name', 'entity.name.tag.yaml', '  name: regex');
  });

  it('marks constructs RE2 cannot compile and the Markdown-escaped star', () => {
    const text = `spec:
  http:
  - match:
    - headers:
        x-a: {regex: "^(?!internal).*"}
        x-b: {regex: '(a)\\1'}
        x-c: {regex: 'a*+'}
        user-agent: {regex: ".\\*Google.\\*"}
  - name: next
`;
    expectScope(text, '(?!', 'invalid.illegal.unsupported.regexp.istio-tips', 'x-a');
    expectScope(text, '\\1', 'invalid.illegal.unsupported.regexp.istio-tips', 'x-b');
    expectScope(text, "+'", 'invalid.illegal.unsupported.regexp.istio-tips', 'x-c');
    expectScope(text, '\\*Google', 'invalid.illegal.escape.yaml', 'user-agent');
    expectScope(text, 'name', 'entity.name.tag.yaml', '- name: next');
  });

  it('does not let an unterminated class or group run past the closing quote', () => {
    const text = `spec:
  regex: "[a-z"
  next: "x"
  regex: '(abc'
  after: 1
`;
    expectScope(text, '"', 'punctuation.definition.string.end.yaml', 'z"');
    expectScope(text, 'next', 'entity.name.tag.yaml');
    expectNoScope(text, 'next', EMBED);
    expectScope(text, 'after', 'entity.name.tag.yaml');
  });

  it('treats Gateway API values as regexes only after type: RegularExpression', () => {
    const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
spec:
  rules:
  - matches:
    - path:
        type: RegularExpression
        value: /api/v[0-9]+/.*
      headers:
      - name: user-agent
        type: RegularExpression
        value: ".*Google.*"
      - {type: RegularExpression, name: x-env, value: 'prod|staging'}
      - name: x-exact
        type: Exact
        value: a.b*
    - path: {value: "/v[12]/.*", type: RegularExpression}
`;
    expectScope(text, '[0-9]', 'punctuation.definition.character-class.begin.regexp', 'value: /api');
    expectScope(text, '.*', 'constant.other.character-class.any.regexp', 'value: ".*Google');
    expectScope(text, '*G', 'keyword.operator.quantifier.regexp', 'value: ".*Google');
    expectScope(text, '|staging', 'keyword.operator.or.regexp');
    expectScope(text, '[12]', 'punctuation.definition.character-class.begin.regexp');
    expectScope(text, 'RegularExpression', 'support.constant.match-type.regular-expression.istio-tips', 'type: RegularExpression');
    expectNoScope(text, 'a.b*', EMBED);
    expectNoScope(text, 'user-agent', EMBED);
    expectScope(text, 'name', 'entity.name.tag.yaml', 'name: user-agent');
  });

  it('makes mTLS and TLS mode values stand out', () => {
    const text = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
spec:
  mtls:
    mode: STRICT
  portLevelMtls:
    8080: {mode: 'PERMISSIVE'}
    9090:
      mode: "DISABLE"  # health port
    9091: {mode: UNSET}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
spec:
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    trafficPolicy: {tls: {mode: SIMPLE}}
  - name: STRICT
    labels: {mode: STRICTER}
`;
    expectScope(text, 'STRICT', 'constant.language.mtls-mode.strict.istio-tips', 'mode: STRICT');
    expectScope(text, 'PERMISSIVE', 'constant.language.mtls-mode.permissive.istio-tips');
    expectScope(text, 'PERMISSIVE', 'string.quoted.single.yaml');
    expectScope(text, 'DISABLE', 'constant.language.mtls-mode.disable.istio-tips');
    expectScope(text, '# health', 'comment.line.number-sign.yaml');
    expectScope(text, 'UNSET', 'constant.language.mtls-mode.unset.istio-tips');
    expectScope(text, 'ISTIO_MUTUAL', 'constant.language.mtls-mode.istio-mutual.istio-tips');
    expectScope(text, 'SIMPLE', 'constant.language.mtls-mode.simple.istio-tips');
    expectNoScope(text, 'STRICT', 'constant.language.mtls-mode', 'name: STRICT');
    expectNoScope(text, 'STRICTER', 'constant.language.mtls-mode');
  });

  it('highlights suppress directives and the rule ids they name', () => {
    const text = `spec:
  # istio-tips-disable-next-line regex-escaped-wildcard, mtls-plaintext-to-strict -- legacy client
  mtls:
    mode: STRICT  # istio-tips-disable-line mtls-mesh-wide-strict
# istio-tips-disable-file
  # see istio-tips-disable-line in the docs
`;
    const next = 'istio-tips-disable-next-line';
    expectScope(text, next, 'keyword.control.directive.suppress.istio-tips');
    expectScope(text, 'regex-escaped-wildcard', 'entity.name.tag.rule-id.istio-tips');
    expectScope(text, 'mtls-plaintext-to-strict', 'entity.name.tag.rule-id.istio-tips');
    expectScope(text, 'regex-escaped-wildcard', 'comment.line.number-sign.yaml');
    expectNoScope(text, 'legacy', 'entity.name.tag.rule-id', next);
    expectScope(text, 'legacy', 'comment.line.number-sign.yaml', next);
    expectScope(text, 'mtls-mesh-wide-strict', 'entity.name.tag.rule-id.istio-tips');
    expectScope(text, 'STRICT', 'constant.language.mtls-mode.strict.istio-tips', 'mode: STRICT');
    expectScope(text, 'istio-tips-disable-file', 'keyword.control.directive.suppress.istio-tips');
    expectNoScope(text, 'istio-tips-disable-line', 'keyword.control.directive', '# see');
    expectNoScope(text, 'docs', 'entity.name.tag.rule-id', '# see');
  });
});
