/**
 * The AST helpers look keys up by their string form: a non-string key (a number, a bool,
 * null) matches the string `String(value)`, the first of duplicate keys wins, aliases are
 * followed one step. Same answers on `yaml`'s documents and on the fast path's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isPair, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import { fastParse, PARSE_OPTIONS } from '../document/fast-yaml';
import { entries, get, getIn, getPair, str, strIn } from './nodes';

const TEXT = [
  'name: a',
  '8080: port',
  '010: octal',
  '0x1F: hex',
  '1.50: float',
  'true: bool',
  'False: bool2',
  '~: tilde',
  "'quoted': q",
  'nested:',
  '  deep:',
  '    leaf: 1',
  'list: [x, 2]',
  '',
].join('\n');

const KEYS = ['name', '8080', '010', '10', '8', '0x1F', '31', '1.50', '1.5', 'true', 'True', 'false', 'False', '~', 'null', 'quoted', "'quoted'", 'nested', 'missing', ''];

/** The lookup by definition: the first pair whose scalar key prints as `key`. */
function reference(map: YAMLMap, key: string) {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

describe('yaml AST helpers', () => {
  const docs: Array<[string, Document.Parsed]> = [
    ['yaml', parseDocument(TEXT, PARSE_OPTIONS)],
    ['yaml, duplicate keys', parseDocument('a: 1\na: 2\n8080: x\n"8080": y\n', PARSE_OPTIONS)],
  ];
  const fast = fastParse(TEXT.replace("'quoted'", 'quoted'));
  assert.ok(fast, 'the fast path takes the sample');
  docs.push(['fast path', fast]);

  it('find a key by its string form, numbers, bools and null included', () => {
    for (const [name, doc] of docs) {
      assert.ok(isMap(doc.contents), name);
      for (const key of [...KEYS, 'a', '8080']) assert.equal(getPair(doc.contents, key), reference(doc.contents, key), `${name}: ${key}`);
      const found = KEYS.filter((k) => getPair(doc.contents as YAMLMap, k));
      if (name !== 'yaml, duplicate keys') assert.deepEqual(found, ['name', '8080', '10', '31', '1.5', 'true', 'false', 'null', 'quoted', 'nested'], name);
    }
    assert.equal(getPair(undefined, 'name'), undefined);
  });

  it('follow paths and aliases, and read scalars as strings', () => {
    for (const [, doc] of docs.filter(([n]) => n !== 'yaml, duplicate keys')) {
      assert.equal(strIn(doc.contents, ['nested', 'deep', 'leaf']), '1');
      assert.equal(getIn(doc.contents, ['nested', 'missing', 'leaf']), undefined);
      assert.equal(getIn(doc.contents, ['name', 'x']), undefined);
      assert.equal(str(get(doc.contents as YAMLMap, '8080')), 'port');
      assert.deepEqual(entries(doc.contents).map((e) => e.key), ['name', '8080', '10', '31', '1.5', 'true', 'false', 'null', 'quoted', 'nested', 'list']);
    }
    const aliased = parseDocument('base: &b\n  k: v\nuse: *b\n', PARSE_OPTIONS);
    assert.equal(strIn(aliased.contents, ['use', 'k'], aliased), 'v');
    assert.equal(getIn(aliased.contents, ['use', 'k']), undefined, 'aliases need the document');
  });
});
