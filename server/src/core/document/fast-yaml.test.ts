/**
 * The fast YAML path must build exactly what `yaml` builds, or decline. Checked node by
 * node on the benchmark corpus, on edge cases, and on random mutations of both; and the
 * findings of every rule on the corpus must not depend on which path parsed it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { YAMLParseError, isCollection, isMap, parseDocument, visit, type Document } from 'yaml';
import { fastParse, PARSE_OPTIONS } from './fast-yaml';
import { plainTag, type ScalarTag } from './fast-yaml-nodes';
import { diffDocuments, diffNodes } from './yaml-compare';
import { splitDocuments } from './split';
import { Analyzer } from '../engine';
import { ALL_RULES } from '../registry';
import { defaultConfig } from '../config';
import { createEngines } from '../../engines';
import { generateDocs, joinDocs } from '../../../../bench/corpus';
import { seededRandom } from '../../test-support/seeded-random';

/** The errors the fast path reports itself (every other one it leaves to yaml). */
const OWN_ERRORS = new Set(['DUPLICATE_KEY', 'BAD_DQ_ESCAPE']);

/**
 * Either the fast path declines, or both trees are identical, with the same errors (only
 * the ones it reports itself) and no warnings.
 */
function check(text: string): 'fast' | 'declined' {
  const fast = fastParse(text);
  if (!fast) return 'declined';
  const ref = parseDocument(text, PARSE_OPTIONS);
  const others = [...ref.errors, ...ref.warnings].map((e) => e.code).filter((c) => !OWN_ERRORS.has(c));
  assert.deepEqual(others, [], `fast path accepted a document with errors it does not report:\n${text}`);
  const diff = diffDocuments(fast, ref);
  assert.equal(diff, undefined, `fast path differs from yaml (${diff}) on: ${JSON.stringify(text)}`);
  return 'fast';
}

/** Every collection of a document (maps and sequences, the root included). */
function collections(doc: Document): object[] {
  const out: object[] = [];
  visit(doc, { Map: (_, n) => void out.push(n), Seq: (_, n) => void out.push(n) });
  return out;
}

/**
 * What `yaml`'s own API makes of a fast document (which shares one schema with every other
 * fast document and keeps it on its collections' prototype) must be what it makes of
 * `yaml`'s: plain values, printing, lookups, copies, and collections made from it.
 */
function checkApi(text: string): void {
  const fast = fastParse(text)!;
  const ref = parseDocument(text, PARSE_OPTIONS);
  assert.deepEqual(fast.toJS(), ref.toJS(), text);
  assert.deepEqual(fast.toJSON(), ref.toJSON(), text);
  assert.equal(String(fast), String(ref), text);
  assert.equal(diffDocuments(fast.clone() as Document.Parsed, ref), undefined, text);
  for (const c of collections(fast)) assert.equal((c as { schema: unknown }).schema, fast.schema, text);
  if (isMap(fast.contents) && isMap(ref.contents)) {
    for (const pair of ref.contents.items) {
      const key = (pair.key as { value: unknown }).value;
      assert.equal(diffNodes(fast.get(key), ref.get(key)), undefined, text);
      assert.equal(diffNodes(fast.contents.get(key, true), ref.contents.get(key, true)), undefined, text);
      assert.equal(fast.has(key), ref.has(key), text);
    }
  }
  // Collections made on and copied from a fast document look like yaml's: schema not enumerable.
  const made = fast.createNode({ a: [1] });
  assert.deepEqual(Object.keys(made), Object.keys(ref.createNode({ a: [1] })));
  for (const c of collections(fast)) {
    const copy = (c as { clone(schema: unknown): object }).clone(ref.schema);
    assert.equal((copy as { schema: unknown }).schema, ref.schema);
    assert.ok(!Object.keys(copy).includes('schema'));
  }
  // Editing a copy of a fast document changes neither it nor the others.
  const edited = fast.clone();
  if (isCollection(edited.contents)) edited.setIn(['added', 'deep'], 1);
  assert.equal(diffDocuments(fast, ref), undefined, text);
}

/** Shapes the fast path must accept (and get right): what generated manifests contain. */
const ACCEPTED = [
  'apiVersion: v1\nkind: Service\n',
  '---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\n',
  '# a\n# b\nk: v\n',
  'k: v',
  'k: v\n\n\n',
  'a:\n  b: 1\n\nc: 2\n',
  'a:\n\n  b: 1\n',
  'a:   \nc: 1\n',
  'a:\n',
  'a:\n- x\n\n- y\nb: 1\n',
  'a:\n- b: 1\n  c: 2\n-   d: 3\n    e:\n',
  'a:\n  - x\n  -\n    y: 1\n  -\n  - z\n',
  'a: |-\n  x\n\n  y\n\n\nb: |+\n  k\n\nc: |\n  z\n',
  'a: |\n\n  leading empty line\n    more indented\n  back\nb: 1\n',
  'data:\n  app.yaml: |\n    server:\n      port: 8080\n    # not a comment\n  other: x\n',
  "k: [a, \"b\" , c]\nj: [ ]\nl: {  }\nm: \"a\\\\b\\\"c\\/d\"\nn: 'it''s'\no: []\np: {}\n",
  "k: ['x', \"y\"]\nl: ['it''s']\n",
  'b: 0x1F\nc: 1.50\nd: .inf\ne: ~\nf: 010\ng: 1e3\nh: -1\ni: +2\nj: .5\nk: null\nl: True\nm: FALSE\nn: 0o17\no: 1_000\n',
  'a: b:c\nurl: http://x.example.com:8080/a\ntime: 12:30\n',
  '8080:\n  mode: STRICT\n9090: {}\n',
  'a: "  spaced  "\nb: \'\'\nc: ""\n',
  'a: x   \nb: "y"   \nc: [z]   \n',
  'regex: ^/api/v[0-9]+/(users|orders)$\nq: \'.*(Android|iPhone).*\'\ndq: "\\\\d+"\n',
  'a: -x\nb: ?y\nc: :z\nd: x-\ne: a - b\n',
  'k: \u2591\u2591\u2591\nname: \u2591\u2591-svc\n',
  'unicode: "héllo wörld ✓"\nemoji: 🚀\n',
  'a:\n- b\n- c\n',
  'root:\n  child:\n    leaf: 1\n  sibling: 2\nnext: 3',
];

/** Documents with the errors the fast path reports itself, and the codes yaml gives them, in order. */
const REPORTED: Array<[string, string[]]> = [
  ['a: 1\na: 2\n', ['DUPLICATE_KEY']],
  ['a: 1\nb: 2\na:\n', ['DUPLICATE_KEY']],
  ['spec:\n  x: 1\n\n  x: 2\n  x: 3\n', ['DUPLICATE_KEY', 'DUPLICATE_KEY']],
  ['s:\n- a: 1\n  a: [x]\n- a: 1\n', ['DUPLICATE_KEY']],
  ['1: a\n1: b\ntrue: c\nTrue: d\nnull: e\n~: f\n', ['DUPLICATE_KEY', 'DUPLICATE_KEY', 'DUPLICATE_KEY']],
  ['.nan: 1\n.nan: 2\n', []],
  [Array.from({ length: 40 }, (_, i) => `${i % 2 ? '.nan' : `k${i}`}: ${i}\n`).join(''), []],
  ['a:\n  b:\na: 1\nc:\n- x\n-\nc: 2\n', ['DUPLICATE_KEY', 'DUPLICATE_KEY']],
  ['s:\n- a:\n  a: 1\n', ['DUPLICATE_KEY']],
  [Array.from({ length: 40 }, (_, i) => `k${i % 35}: ${i}\n`).join(''), ['DUPLICATE_KEY', 'DUPLICATE_KEY', 'DUPLICATE_KEY', 'DUPLICATE_KEY', 'DUPLICATE_KEY']],
  ['regex: "/static/.\\*"\n', ['BAD_DQ_ESCAPE']],
  ['a: "\\d+\\.\\w \\\\ \\" ok"\n', ['BAD_DQ_ESCAPE', 'BAD_DQ_ESCAPE', 'BAD_DQ_ESCAPE']],
  ['a: "\\😀"\nb: "\\é"\n', ['BAD_DQ_ESCAPE', 'BAD_DQ_ESCAPE']],
  ['k: "\\*"\nk: "\\q"\n', ['BAD_DQ_ESCAPE', 'DUPLICATE_KEY', 'BAD_DQ_ESCAPE']],
  ['a:\n  b: "x\\y"\n  b:\n  c: 1\n', ['BAD_DQ_ESCAPE', 'DUPLICATE_KEY']],
];

/** Shapes left to yaml on purpose (they may still parse fine there). */
const DECLINED = [
  'a: 1 # trailing comment\n',
  'a: 1\n# inner comment\nb: 2\n',
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a:\tb\n',
  'a: 1\r\nb: 2\r\n',
  'a: multi\n  line plain\n',
  'a: "multi\n  line"\n',
  'a: >\n  folded\n',
  'a: |2\n   x\n',
  '"quoted key": v\n',
  '? explicit\n: key\n',
  'a: "\\x41"\n',
  'a: "\\N \\_ \\L \\P"\n',
  'a: "\\u00e9"\n',
  'a: "line \\\n  break"\n',
  'a: 1\na: 2\nb: [x, "\\d"]\n',
  'a: {b: 1}\n',
  'a: [b, [c]]\n',
  '- root\n- sequence\n',
  'just a scalar\n',
  '',
  '# only a comment\n',
  '---\n\napiVersion: v1\n',
  'a:\n  b: 1\n c: 2\n',
  'a:\n\nb: 1\n',
  'a: b: c\n',
  '   \na: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  '--- a: 1\n',
  'a: 1\n...\n',
  '<<: {}\n',
  'list:\n- - nested\n',
  'a: |\n  x',
];

const ALPHABET = [' ', ' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '|-', '[', ']', '{', '}', ',', 'a', '1', '0x', '~', '\\', '&', '*', '!', '>', '?', '\t', '\r', '.', '\u2591'];

function mutate(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const at = Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 6)) {
    case 0:
      return text.slice(0, at) + pick(ALPHABET) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
    case 2:
      return text.slice(0, at) + pick(ALPHABET) + text.slice(at + 1);
    default: {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      const op = Math.floor(r() * 4);
      if (op === 0) lines.splice(i, 0, lines[i]);
      else if (op === 1) lines[i] = ' ' + lines[i];
      else if (op === 2) lines[i] = lines[i].replace(/^ /, '');
      else lines.splice(i, 1);
      return lines.join('\n');
    }
  }
}

describe('fast YAML path', () => {
  it('builds what yaml builds for the shapes of generated manifests', () => {
    for (const text of ACCEPTED) assert.equal(check(text), 'fast', `expected the fast path to take:\n${text}`);
  });

  it('answers yaml\'s own API (toJS, toString, get, clone, createNode) like yaml\'s documents do, on one shared schema', () => {
    for (const text of ACCEPTED) checkApi(text);
    for (const d of generateDocs(200)) if (fastParse(d.text)) checkApi(d.text);
    const [a, b] = [fastParse('a: 1\n')!, fastParse('b: [x]\n')!];
    assert.equal(a.schema, b.schema);
    assert.notEqual(a.options, b.options);
    assert.notEqual(a.directives, b.directives);
    // yaml's composer adds tags to its own document's schema; the shared one never changes.
    const tags = a.schema.tags.length;
    assert.equal(parseDocument('a: !!binary aGVsbG8=\nb: !!set {x}\n', PARSE_OPTIONS).errors.length, 0);
    assert.equal(a.schema.tags.length, tags);
    assert.ok(Object.isFrozen(a.schema.tags));
    assert.equal(check('a: 1\n'), 'fast');
  });

  it('resolves null, bool and number spellings (and near misses) exactly like yaml, as keys and values', () => {
    const words = ['null', 'Null', 'NULL', 'nULL', 'nul', 'nulls', 'true', 'True', 'TRUE', 'tRUE', 'tru', 'trues', 'false', 'False', 'FALSE', 'fALSE',
      'fals', 'falsey', '~', '~a', '.inf', '.Inf', '.INF', '+.inf', '.nan', '.NaN', '.NAN', 'nan', 'inf', '0o17', '0o8', '0x1F', '0xg', '12', '+12',
      '1_2', '1.5', '1.', '.5', '1e3', '1E-3', '.5e1', 'yes', 'no', 'on', 'off', 'Y', 'n', 't', 'f', 'F', 'N', 'T', 'nope', 'tRue', 'FaLsE'];
    for (const w of words) assert.equal(check(`${w}: ${w}\nk: [${w}, x]\nv: -${w}\n`), 'fast', w);
  });

  it('tries exactly the tag yaml picks for a plain scalar, whatever its first character', () => {
    const tags = parseDocument('', PARSE_OPTIONS).schema.tags as unknown as ScalarTag[];
    const tails = ['', '0', '1', '9', 'x', 'o7', 'o8', 'x1F', 'xg', '.', '.5', '5.', 'e3', 'E-3', '.inf', 'inf', 'nan', 'NaN', 'ull', 'ULL', 'rue', 'RUE',
      'alse', 'ALSE', 'ue', '_1', ' 1', '1e', '.e1', '0.0', 'Inf', 'INF', 'nf'];
    for (let code = 0; code < 0x3000; code = code < 128 ? code + 1 : code * 2) {
      for (const tail of tails) {
        const value = String.fromCharCode(code) + tail;
        for (const atKey of [false, true]) {
          const expected = tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(value));
          assert.equal(plainTag(value, atKey), expected, JSON.stringify(value));
        }
      }
    }
    assert.equal(plainTag('', false), tags.find((t) => t.default === true && t.test?.test('')));
  });

  it('reports duplicate keys and invalid escapes itself, with the tree and error objects yaml makes', () => {
    for (const [text, codes] of REPORTED) {
      assert.equal(check(text), 'fast', `expected the fast path to take:\n${text}`);
      assert.deepEqual(fastParse(text)!.errors.map((e) => e.code), codes, text);
      const [fast, ref] = [fastParse(text)!, parseDocument(text, PARSE_OPTIONS)];
      assert.deepEqual(fast.toJS(), ref.toJS(), text);
      for (const e of fast.errors) assert.ok(e instanceof YAMLParseError && e.linePos === undefined, text);
    }
  });

  it('leaves a value starting with an unquoted "*" (an alias, perhaps to no anchor) to yaml, which yaml-syntax reads', () => {
    for (const src of ['a: b\nhost: *.x\n', 'a: b\nl:\n- *.x\n', 'a: b\nl: [*.x]\n', 'a: b\nl: [a, *x]\n', 'a: b\nm: {k: *x}\n']) {
      assert.equal(fastParse(src), undefined, src);
    }
    assert.deepEqual(fastParse("a: b\nl: ['*.x']\n")?.toJS(), { a: 'b', l: ['*.x'] });
  });

  it('leaves comments, anchors, tags, multi-line and other invalid YAML to yaml', () => {
    for (const text of DECLINED) assert.equal(check(text), 'declined', `expected the fast path to decline:\n${JSON.stringify(text)}`);
  });

  it('matches yaml on every document of the benchmark corpus, its planted YAML errors included', () => {
    let declined = 0;
    let withErrors = 0;
    const docs = generateDocs(3000);
    for (const d of docs) {
      if (check(d.text) === 'declined') {
        declined++;
        assert.ok(parseDocument(d.text, PARSE_OPTIONS).errors.length > 0, `declined a valid corpus document:\n${d.text}`);
      } else if (fastParse(d.text)!.errors.length) withErrors++;
    }
    // The corpus plants a YAML error (an invalid escape or a duplicate key) in about 1 document in 650.
    assert.ok(withErrors >= 3, `only ${withErrors} documents with errors took the fast path`);
    assert.ok(declined <= docs.length / 1000, `declined ${declined} documents`);
  });

  it('never disagrees with yaml on mutated documents (it accepts or declines)', () => {
    const r = seededRandom(7);
    const seeds = [...ACCEPTED, ...generateDocs(120).map((d) => d.text)];
    let accepted = 0;
    for (let i = 0; i < 6000; i++) {
      let text = seeds[i % seeds.length];
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) text = mutate(text, r);
      if (check(text) === 'fast') accepted++;
    }
    // Enough mutants stay in the subset for the comparison to mean something.
    assert.ok(accepted > 1000, `only ${accepted} mutants took the fast path`);
  });

  it('gives every rule the same findings as parsing everything with yaml (corpus, one file and one file per document)', () => {
    const docs = generateDocs(2000);
    const config = { ...defaultConfig(), maxFileSize: 1 << 30 };
    const services = createEngines();
    const lint = (fastYaml: boolean, files: Array<[string, string]>) => {
      const analyzer = new Analyzer({ rules: ALL_RULES, services, fastYaml });
      const results = analyzer.analyzeWorkspace(files.map(([uri, text]) => analyzer.analyzeFile(uri, text, config)), config);
      return [...results].sort((a, b) => a[0].localeCompare(b[0]));
    };
    const single: Array<[string, string]> = [['all.yaml', joinDocs(docs)]];
    const perDoc: Array<[string, string]> = docs.map((d, i) => [`f${i}.yaml`, d.text]);
    for (const files of [single, perDoc]) {
      const fast = lint(true, files);
      const full = lint(false, files);
      assert.deepEqual(fast, full);
      assert.ok(fast.some(([, f]) => f.length > 0), 'the corpus should produce findings');
    }
    assert.equal(splitDocuments(single[0][1]).length, 2000);
  });
});
