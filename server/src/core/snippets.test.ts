import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyPath, snippetCompletions, SNIPPETS } from './snippets';

/** Labels offered where `|` stands in `text` (the marker is removed). */
function offered(marked: string): string[] {
  const at = marked.indexOf('|');
  return snippetCompletions(marked.slice(0, at) + marked.slice(at + 1), at).map((c) => c.snippet.label);
}
const manifests = SNIPPETS.filter((s) => !s.fragment).map((s) => s.label);

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: r
spec:
  host: r
  trafficPolicy:
    |
`;

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts:
  - r
  http:
  - route:
    - destination:
        host: r
    |
`;

describe('snippet contexts', () => {
  it('offers every whole manifest where a document can start', () => {
    assert.deepEqual(offered('|'), manifests);
    assert.deepEqual(offered('ist|'), manifests);
    assert.deepEqual(offered('a: 1\n---\n|\n'), manifests);
    assert.deepEqual(offered('# a comment\n|'), manifests);
    assert.deepEqual(offered('|\n'), manifests, 'an empty file as editors send it');
  });

  it('adds the separators a manifest needs next to existing content', () => {
    const text = 'a: 1\n\nb: 2\n';
    const [c] = snippetCompletions(text, 5);
    assert.match(c.insertText, /^---\n/);
    assert.match(c.insertText, /\n---$/);
    const [alone] = snippetCompletions('', 0);
    assert.doesNotMatch(alone.insertText, /^---|---$/);
  });

  it('offers nothing in a value position, a list item or mid-line', () => {
    assert.deepEqual(offered('mode: PERMISSIVE|'), []);
    assert.deepEqual(offered('    mode: PERMISSIVE|\n'), []);
    assert.deepEqual(offered('mode: |'), []);
    assert.deepEqual(offered('- |'), []);
    assert.deepEqual(offered('ab|c: d'), []);
    assert.deepEqual(offered(DR.replace('|', 'mode: ST|')), []);
  });

  it('offers a fragment only at the key position of its resource kind', () => {
    assert.deepEqual(offered(DR), ['istio-dr-tls']);
    assert.deepEqual(offered(VS), ['istio-vs-match-header']);
    // The same positions in another kind, or at another key, offer nothing.
    assert.deepEqual(offered(DR.replace('DestinationRule', 'ServiceEntry')), []);
    assert.deepEqual(offered(VS.replace('    |', '        |')), []);
    assert.deepEqual(offered('kind: DestinationRule\nspec:\n  |'), []);
  });

  it('indents a fragment for its position', () => {
    const at = DR.indexOf('|');
    const [c] = snippetCompletions(DR.replace('|', ''), at);
    assert.equal(c.insertText.split('\n')[1], '      mode: ${1|ISTIO_MUTUAL,SIMPLE|}');
    assert.equal(DR.slice(c.start, c.end), '');
  });

  it('reads the key path from indentation, compact lists included', () => {
    const lines = VS.split('\n');
    assert.deepEqual(keyPath(lines, lines.indexOf('    |'), 4), ['spec', 'http', '[]']);
    const nested = ['spec:', '  http:', '    - match:', '        - headers:', '            x:', '              '];
    assert.deepEqual(keyPath(nested, 5, 14), ['spec', 'http', '[]', 'match', '[]', 'headers', 'x']);
  });
});
