/**
 * Suppression comments are read document by document (so that a keystroke in a big file
 * never joins or indexes the whole text); the answer must be the one a line table of the
 * whole file gives, including comments on a document's last line that target the next
 * document's first line, and files whose lines end in a lone CR.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from './engine';
import { defaultConfig } from './config';
import { flagsOf } from './engine-memo';
import { lineFeeds, suppressionsOf } from './engine-findings';
import { parseSuppressions } from './suppress';
import { LineIndex } from './text';
import { seededRandom } from '../test-support/seeded-random';

const LINES = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: a',
  '---',
  '--- # doc',
  '# istio-tips-disable-next-line rule-a',
  '# istio-tips-disable-next-line',
  'x: 1 # istio-tips-disable-line rule-b, rule-a -- reason',
  '# istio-tips-disable-file rule-c',
  '...',
  '',
  '# comment',
];

function randomFile(r: () => number): string {
  let text = '';
  for (let i = 0, n = 1 + Math.floor(r() * 40); i < n; i++) text += LINES[Math.floor(r() * LINES.length)] + (r() < 0.1 ? '\r' : '\n');
  return r() < 0.5 ? text : text.slice(0, -1);
}

describe('suppression comments read per document', () => {
  it('agree with a line table of the whole file', () => {
    const r = seededRandom(11);
    const analyzer = new Analyzer({ rules: [] });
    const config = defaultConfig();
    let checked = 0;
    for (let k = 0; k < 800; k++) {
      const text = randomFile(r);
      const file = analyzer.analyzeFile(`f${k}.yaml`, text, config);
      const flags = Uint8Array.from(file.docs, flagsOf);
      const ours = suppressionsOf(file, flags, (i) => lineFeeds(file.docText!(i)));
      const lines = new LineIndex(text);
      const reference = parseSuppressions(text, lines);
      assert.equal(ours === undefined, reference === undefined, JSON.stringify(text));
      if (!ours || !reference) continue;
      for (let offset = 0; offset <= text.length; offset++) {
        for (const rule of ['rule-a', 'rule-b', 'rule-c', 'rule-d']) {
          const expected = reference.isSuppressed(rule, lines.positionAt(offset).line);
          assert.equal(ours(rule, offset), expected, `${JSON.stringify(text)} ${rule} @${offset}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 10_000, `${checked} decisions compared`);
  });

  it('counts line feeds before an offset', () => {
    assert.equal(lineFeeds('a\nb\n\nc'), 3);
    assert.equal(lineFeeds('a\nb\n\nc', 2), 1);
    assert.equal(lineFeeds('\n', 0), 0);
    assert.equal(lineFeeds(''), 0);
  });
});
