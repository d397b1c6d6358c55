/**
 * The contributed snippets: well-formed entries, and every snippet, expanded with its
 * defaults (and with each alternative of its choices), is a manifest no rule objects to.
 * Rules keep landing; a snippet that starts to produce findings is a snippet to fix.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lint } from '../../server/src/test-support/rule-tester';
import { expandSnippet } from '../../server/src/core/snippet-expand';
import { snippetCompletions } from '../../server/src/core/snippets';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
  fragment?: { kinds: string[]; under: string[] };
}

/** A manifest for each fragment, `|` where the fragment is completed (the kind and key it belongs to). */
const FRAGMENT_HOSTS: Record<string, string> = {
  'istio-dr-tls': 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ledger\n  namespace: shop\nspec:\n  host: ledger\n  trafficPolicy:\n    |\n',
  'istio-vs-match-header':
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n    |\n',
};

/** The snippet's text as inserted where it belongs: fragments through the server's own completion, into their host. */
function inserted(prefix: string, s: Snippet): string {
  if (!s.fragment) return [s.body].flat().join('\n');
  const host = FRAGMENT_HOSTS[prefix];
  assert.ok(host, `a host manifest for fragment ${prefix} in FRAGMENT_HOSTS`);
  const at = host.indexOf('|');
  const text = host.replace('|', '');
  const c = snippetCompletions(text, at).find((x) => x.snippet.label === prefix);
  assert.ok(c, `${prefix} is offered at the key it belongs to`);
  return text.slice(0, c.start) + c.insertText + text.slice(c.end);
}

const ROOT = join(__dirname, '../..');
const FILE = join(ROOT, 'snippets/istio.code-snippets.json');
const SNIPPETS = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Snippet>;

describe('snippet expander', () => {
  const x = (body: string, choice?: number) => expandSnippet(body, { choice });

  it('expands tab stops, placeholders, choices and the final $0', () => {
    assert.equal(x('a: $1\nb: ${2}\nc: ${3:three}$0'), 'a: \nb: \nc: three');
    assert.equal(x('mode: ${1|STRICT,PERMISSIVE|}'), 'mode: STRICT');
    assert.equal(x('mode: ${1|STRICT,PERMISSIVE|}', 1), 'mode: PERMISSIVE');
    assert.equal(x('mode: ${1|STRICT,PERMISSIVE|}', 5), 'mode: PERMISSIVE');
  });

  it('mirrors a tab stop and nests placeholders', () => {
    assert.equal(x('${1:app} $1 ${1}'), 'app app app');
    assert.equal(x('$1 ${1:late}'), 'late late');
    assert.equal(x('${1:outer ${2:inner} end} / $2'), 'outer inner end / inner');
    assert.equal(x('${1:${TM_FILENAME_BASE}-policy}'), 'reviews-policy');
  });

  it('honours escapes and leaves lone dollars alone', () => {
    assert.equal(x('price: \\$1 and \\\\ and ${1:a\\}b}'), 'price: $1 and \\ and a}b');
    assert.equal(x('a $ b $- ${ c'), 'a $ b $- ${ c');
    assert.equal(x('${1|a\\,b,c|}'), 'a,b');
    assert.equal(x('{reporter="destination"}'), '{reporter="destination"}');
  });

  it('expands variables with fixed values, defaults and unknown names', () => {
    assert.equal(x('$TM_FILENAME_BASE ${TM_FILENAME}'), 'reviews reviews.yaml');
    assert.equal(x('${TM_SELECTED_TEXT:fallback}'), 'fallback');
    assert.equal(x('${NOT_A_VARIABLE}'), 'NOT_A_VARIABLE');
    assert.equal(expandSnippet('$TM_FILENAME_BASE', { variables: { TM_FILENAME_BASE: 'x' } }), 'x');
  });

  it('refuses transforms and unterminated constructs', () => {
    assert.throws(() => x('${1/(.*)/$1/}'), /transforms/);
    assert.throws(() => x('${1:open'), /expected "}"/);
    assert.throws(() => x('${1|a,b'), /unterminated/);
  });
});

describe('snippets/istio.code-snippets.json', () => {
  const names = Object.keys(SNIPPETS);

  it('is not contributed statically: the language server offers snippets only where they fit', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes?: { snippets?: unknown } };
    assert.equal(pkg.contributes?.snippets, undefined);
  });

  it('keeps labels short enough for a completion list (the title goes to detail)', () => {
    for (const n of names) for (const p of [SNIPPETS[n].prefix].flat()) assert.ok(p.length <= 28, `${p} is ${p.length} characters`);
  });

  it('has the snippets the tips recommend, each with an istio- prefix, a description and a body', () => {
    assert.ok(names.length >= 9, `${names.length} snippets`);
    const prefixes = names.flatMap((n) => [SNIPPETS[n].prefix].flat());
    assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), [], 'unique prefixes');
    for (const n of names) {
      const s = SNIPPETS[n];
      for (const p of [s.prefix].flat()) assert.match(p, /^istio-[a-z0-9-]+$/, `prefix of "${n}"`);
      assert.ok(typeof s.description === 'string' && s.description.length >= 40, `description of "${n}" says when to use it`);
      const body = [s.body].flat();
      assert.ok(body.length > 0 && body.every((l) => typeof l === 'string') && body.join('').trim(), `body of "${n}"`);
    }
    for (const p of [
      'istio-mtls-mesh-permissive',
      'istio-mtls-namespace-strict',
      'istio-mtls-port-exception',
      'istio-dr-istio-mutual',
      'istio-mtls-migration',
      'istio-vs-header-regex',
      'istio-dr-subsets',
      'istio-vs-without-headers',
      'istio-vs-uri-exact-prefix',
      'istio-mtls-workload',
      'istio-gateway',
      'istio-authz-allow',
      'istio-dr-tls',
      'istio-vs-match-header',
    ]) {
      assert.ok(prefixes.includes(p), `a snippet with prefix ${p}`);
    }
  });

  it('offers tab stops everywhere users must decide, and choices for modes', () => {
    for (const n of names) assert.match([SNIPPETS[n].body].flat().join('\n'), /\$\{1[:|]/, `"${n}" starts with a tab stop`);
    const all = names.map((n) => [SNIPPETS[n].body].flat().join('\n')).join('\n');
    assert.match(all, /\$\{\d+\|STRICT,PERMISSIVE\|\}/);
  });

  for (const name of names) {
    it(`"${name}" expands to valid Istio YAML with no findings from any rule`, () => {
      const body = inserted([SNIPPETS[name].prefix].flat()[0], SNIPPETS[name]);
      const options = Math.max(1, ...[...body.matchAll(/\$\{\d+\|([^|]*)\|\}/g)].map((m) => m[1].split(',').length));
      for (let choice = 0; choice < options; choice++) {
        const text = expandSnippet(body, { choice });
        assert.doesNotMatch(text, /\$\{?\d|\$\{[A-Z_]/, 'no snippet syntax left');
        const docs = parseAllDocuments(text);
        assert.ok(Array.isArray(docs) && docs.every((d) => d.errors.length === 0), 'parses as YAML');
        for (const d of docs) {
          const obj = d.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
          assert.ok(obj?.apiVersion && obj.kind && obj.metadata?.name, `every document is a named resource:\n${text}`);
        }
        const findings = lint(text);
        assert.deepEqual(
          findings.map((f) => `${f.rule} (${f.severity}): ${f.message}`),
          [],
          `"${name}" with choice #${choice} expanded to:\n${text}`,
        );
      }
    });
  }
});
