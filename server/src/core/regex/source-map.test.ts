import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, isMap, isScalar, type Scalar } from 'yaml';
import { createSourceMap } from './source-map';
import type { ScalarStyle } from './site';

/** Parses `v: <scalar>` (or a block below `v:`) and returns text, node and its map. */
function mapOf(yamlText: string) {
  const doc = parseDocument(yamlText);
  assert.ok(isMap(doc.contents));
  const node = doc.contents.items[0].value as Scalar;
  assert.ok(isScalar(node));
  const value = String(node.value);
  const range = { start: node.range![0], end: node.range![1] };
  const map = createSourceMap(yamlText, range, node.type as ScalarStyle, value);
  return { value, map, text: yamlText };
}

/** The source text the map assigns to value[i, j). */
function src(m: ReturnType<typeof mapOf>, i: number, j: number): string {
  const s = m.map.sourceSpan(i, j);
  return m.text.slice(s.start, s.end);
}

describe('source map', () => {
  it('plain: identity offsets', () => {
    const m = mapOf('v: a(?=b)c\n');
    assert.equal(m.value, 'a(?=b)c');
    assert.ok(m.map.exact);
    assert.equal(m.map.toSource(1), 4);
    assert.equal(src(m, 1, 6), '(?=b)');
    assert.equal(m.map.toSource(7), 10);
  });

  it('single-quoted: doubled quote is one character', () => {
    const m = mapOf("v: 'it''s(?=x)'\n");
    assert.equal(m.value, "it's(?=x)");
    assert.equal(src(m, 2, 3), "''");
    assert.equal(src(m, 4, 9), '(?=x)');
    assert.equal(m.map.toSource(9), 14);
  });

  it('double-quoted: \\\\, \\", \\x41, \\u00e9, \\U0001F600 and raw text', () => {
    const m = mapOf('v: "a\\\\d\\"\\x41\\u00e9\\U0001F600(?=z)"\n');
    assert.equal(m.value, 'a\\d"A\u00e9\u{1F600}(?=z)');
    assert.ok(m.map.exact);
    assert.equal(src(m, 1, 2), '\\\\');
    assert.equal(src(m, 1, 3), '\\\\d');
    assert.equal(src(m, 3, 4), '\\"');
    assert.equal(src(m, 4, 5), '\\x41');
    assert.equal(src(m, 5, 6), '\\u00e9');
    // A surrogate pair: both code units come from the same escape.
    assert.equal(src(m, 6, 8), '\\U0001F600');
    assert.equal(src(m, 7, 8), '\\U0001F600');
    assert.equal(src(m, 8, 13), '(?=z)');
  });

  it('double-quoted: invalid YAML escapes keep both characters', () => {
    const m = mapOf('v: ".\\*x"\n');
    assert.equal(m.value, '.\\*x');
    assert.ok(m.map.exact);
    assert.equal(src(m, 1, 3), '\\*');
  });

  it('double-quoted: folded lines and escaped line breaks', () => {
    const m = mapOf('v: "ab  \n    cd\n\n    e\\\n      f"\n');
    assert.equal(m.value, 'ab cd\nef');
    assert.ok(m.map.exact);
    assert.equal(src(m, 3, 5), 'cd');
    assert.equal(src(m, 6, 7), 'e');
    assert.equal(src(m, 7, 8), 'f');
  });

  it('plain: multi-line folding', () => {
    const m = mapOf('v: ab(\n   cd\n\n   (?=e)\n');
    assert.equal(m.value, 'ab( cd\n(?=e)');
    assert.ok(m.map.exact);
    assert.equal(src(m, 4, 6), 'cd');
    assert.equal(src(m, 7, 12), '(?=e)');
  });

  it('single-quoted: multi-line folding', () => {
    const m = mapOf("v: 'ab\n   c''d  \n   e'\n");
    assert.equal(m.value, "ab c'd e");
    assert.ok(m.map.exact);
    assert.equal(src(m, 4, 5), "''");
    assert.equal(src(m, 7, 8), 'e');
  });

  it('block literal, keep and strip', () => {
    for (const header of ['|', '|-', '|+', '|2']) {
      const m = mapOf(`v: ${header}\n  ab\n    (?=c)\n  d\n\n`);
      assert.ok(m.map.exact, header);
      const i = m.value.indexOf('(?=c)');
      assert.equal(src(m, i, i + 5), '(?=c)', header);
      assert.equal(src(m, i - 2, i), '  ', header);
      const d = m.value.indexOf('d');
      assert.equal(src(m, d, d + 1), 'd', header);
    }
  });

  it('block folded with more-indented lines', () => {
    const m = mapOf('v: >\n  ab\n  cd\n\n    (?=x)\n  y\n');
    assert.equal(m.value, 'ab cd\n\n  (?=x)\ny\n');
    assert.ok(m.map.exact);
    const i = m.value.indexOf('(?=x)');
    assert.equal(src(m, i, i + 5), '(?=x)');
    assert.equal(src(m, m.value.indexOf('y'), m.value.indexOf('y') + 1), 'y');
  });

  it('block inside a sequence with a comment on the header', () => {
    const text = 'v:\n  - x: |- # note\n      a\\d(?<n>b)\n';
    const doc = parseDocument(text);
    const node = (doc.getIn(['v', 0, 'x'], true) as Scalar)!;
    const map = createSourceMap(text, { start: node.range![0], end: node.range![1] }, 'BLOCK_LITERAL', String(node.value));
    assert.ok(map.exact);
    const v = String(node.value);
    const i = v.indexOf('(?<');
    const s = map.sourceSpan(i, i + 3);
    assert.equal(text.slice(s.start, s.end), '(?<');
  });

  it('CRLF line endings', () => {
    const m = mapOf('v: "a\r\n  b(?=c)"\r\n');
    assert.equal(m.value, 'a b(?=c)');
    assert.ok(m.map.exact);
    assert.equal(src(m, 3, 8), '(?=c)');
  });

  it('falls back to a clamped guess when the decode disagrees', () => {
    const text = 'v: "abc"\n';
    const map = createSourceMap(text, { start: 3, end: 8 }, 'QUOTE_DOUBLE', 'zzzzzzzz');
    assert.equal(map.exact, false);
    assert.equal(map.toSource(0), 4);
    assert.equal(map.toSource(100), 7);
  });

  it('empty values map to the content start', () => {
    const m = mapOf('v: ""\n');
    assert.equal(m.value, '');
    assert.equal(m.map.toSource(0), 4);
    assert.deepEqual(m.map.sourceSpan(0, 0), { start: 4, end: 4 });
  });
});
