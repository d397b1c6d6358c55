import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { expectFindings, expectNoFindings, lint, parseMarked, applyFix } from '../../test-support/rule-tester';
import { vsUserAgent as vs, vsUri } from '../regex/test-fixtures';
import { readYamlEscapes, showInvisible } from '../regex/yaml-escapes';

const ID = 'regex-yaml-escape';

/** The regex the fixed manifest's first regex field holds, read back by `yaml` (what kubectl would store). */
function fixedRegex(src: string): string {
  const fixed = applyFix(ID, src);
  const doc = parseDocument(fixed);
  assert.equal(doc.errors.length, 0, 'the fixed YAML parses cleanly');
  const m = /regex: (.*)/.exec(fixed)!;
  return parseDocument(`v: ${m[1]}`).get('v') as string;
}

describe('regex-yaml-escape', () => {
  it('flags "\\b" in double quotes, once per value, showing the backspaces YAML puts there', () => {
    const [f] = expectFindings(ID, vs(`          regex: "^.*\\bMobile\\b.*$"
#                ^^^^^^^^^^^^^^^^^^ into a backspace (and 1 more)`));
    assert.match(f.message, /^Use single quotes: .*the regex is "\^\.\*␈Mobile␈\.\*\$"$/);
    assert.ok(f.message.length <= 160);
  });

  it('fixes to single quotes, and the fixed YAML holds the regex as typed', () => {
    const src = vs(`          regex: "^.*\\bMobile\\b.*$"`);
    assert.equal(fixedRegex(src), '^.*\\bMobile\\b.*$');
    const text = parseMarked(src).text;
    const [f] = lint(text).filter((x) => x.rule === ID);
    assert.equal(f.fixes.length, 1);
    assert.equal(f.fixes[0].safe, false, 'the regex Envoy runs changes: review');
  });

  it('keeps the other escapes decoded, and quotes a value single quotes cannot hold in double quotes', () => {
    assert.equal(fixedRegex(vs(`          regex: "it's\\b\\\\d\\t"`)), "it's\\b\\d\t");
    assert.equal(fixedRegex(vs(`          regex: "a\\nb\\b"`)), 'a\nb\\b');
  });

  it('flags the escapes that change the regex and none that mean the same to RE2', () => {
    for (const esc of ['\\e', '\\N', '\\_', '\\L', '\\PL', '\\x2E', '\\u002E', '\\01']) {
      assert.equal(lint(parseMarked(vsUri(`        regex: "/a${esc}"`)).text).filter((f) => f.rule === ID).length, 1, esc);
    }
    for (const esc of ['\\t', '\\/', '\\a', '\\f', '\\x41', '\\u00e9', '\\0', '\\\\b', '\\"']) {
      expectNoFindings(ID, vsUri(`        regex: "/a${esc}"`));
    }
  });

  it('keeps the message within 160 characters for a long value with many escapes', () => {
    const [f] = lint(parseMarked(vs(`          regex: "${'\\Pword\\L'.repeat(8)}"`)).text).filter((x) => x.rule === ID);
    assert.ok(f, 'fires');
    assert.ok(f.message.length <= 160, `${f.message.length}: ${f.message}`);
  });

  it('stays silent in single quotes and plain scalars, and on exact and prefix values', () => {
    expectNoFindings(ID, vs(`          regex: '^.*\\bMobile\\b.*$'`));
    expectNoFindings(ID, vs(`          regex: ^.*\\bMobile\\b.*$`));
    expectNoFindings(ID, vsUri(`        prefix: "/a\\b"`));
  });

  it('is the one finding for the value: tips computed from the decoded text wait until it is fixed', () => {
    const text = parseMarked(vsUri(`        regex: "/x/\\bfoo"`)).text;
    assert.deepEqual(lint(text).map((f) => f.rule), [ID]);
    const src = vs(`          regex: "^.*\\biPhone|Pixel\\b.*$"`);
    assert.deepEqual(lint(parseMarked(src).text).map((f) => f.rule), [ID]);
    assert.deepEqual(lint(applyFix(ID, src)).map((f) => f.rule), ['regex-alternation-precedence'], 'the second mistake, on the regex as typed');
  });

  it('reads the escapes with their offsets and shows invisible characters', () => {
    const text = 'r: "a\\bb\\x2e\\u2028"';
    const r = readYamlEscapes(text, 3, text.length)!;
    assert.deepEqual(r.silent.map((s) => [text.slice(s.start, s.end), s.written]), [['\\b', '\\b'], ['\\x2e', '\\x2e']]);
    assert.equal(r.intended, 'a\\bb\\x2e\u2028');
    assert.equal(showInvisible('a\bb\u2028\x7f'), 'a␈b<U+2028>␡');
    assert.equal(readYamlEscapes('"a\\qb"', 0, 6), undefined, 'an invalid escape is yaml-syntax business');
  });
});
