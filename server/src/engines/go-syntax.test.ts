/**
 * The Go engine follows regexp/syntax of the Go release Istio builds with
 * (ISTIO_GO_VERSION), not re2js where the two part. One test per deviation, each naming the
 * Go function that decides it; the expectations are those of Go's own parse_test.go.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GoRegexpEngine } from './go-regexp';
import { ISTIO_GO_VERSION, canonicalName, prepareForGo } from './go-syntax';

const go = new GoRegexpEngine({ parseProbe: false, plainSyntax: false });
const ok = (p: string) => assert.deepEqual(go.check(p), { ok: true }, p);
const rejected = (p: string, arg: string, offset: number) => {
  const v = go.check(p);
  assert.equal(v.ok, false, p);
  if (v.ok) return;
  assert.equal(v.message, `error parsing regexp: invalid character class range: \`${arg}\``);
  assert.equal(v.offset, offset, p);
};

describe(`Go regexp/syntax of Go ${ISTIO_GO_VERSION} (Istio's webhook)`, () => {
  it('is the release in istio/istio go.mod', () => {
    assert.equal(ISTIO_GO_VERSION, '1.26');
  });

  it('accepts duplicate capture-group names (parser.parsePerlFlags does not check for repeats)', () => {
    ok('(?P<x>hi)|(?P<x>bye)');
    ok('(?<x>a)(?<x>b)(?P<x_2>c)');
    // The renamed copy never clashes with a name already in the pattern, and still matches.
    assert.equal(go.fullMatch('(?P<x>hi)|(?P<x>bye)', 'bye'), true);
    // A bracket holds no group: its text is not renamed.
    assert.equal(prepareForGo('[(?P<x>]')?.rewritten.text, undefined);
  });

  it('accepts (?<name>…) groups (parser.parsePerlFlags, Go 1.22+)', () => {
    ok('(?<name>a)');
  });

  it('compares class names after canonicalName: case, _, - and spaces ignored (unicodeTable, Go 1.25+)', () => {
    assert.equal(canonicalName('__upper case-let ter'), 'Uppercaseletter');
    for (const p of ['\\p{greek}', '\\p{GREEK}', '\\p{old_italic}', '\\p{Old Italic}', '\\p{Canadian_Aboriginal}', '\\pl', '\\p{lu}']) ok(p);
  });

  it('accepts the general-category aliases of unicode.CategoryAliases (unicodeTable, Go 1.25+)', () => {
    for (const p of ['\\p{Letter}', '\\p{Uppercase_Letter}', '\\p{upper case-let ter}', '\\p{^letter}', '\\p{digit}', '\\p{punct}', '\\p{Combining_Mark}', '[\\p{Cased_Letter}0-9]']) ok(p);
    assert.equal(go.fullMatch('\\p{Uppercase_Letter}+', 'ÀB'), true);
    assert.equal(go.fullMatch('\\p{Uppercase_Letter}+', 'àB'), false);
  });

  it('knows Any, Assigned, ASCII and LC by any spelling (unicodeTable special cases, Go 1.25+)', () => {
    for (const p of ['\\p{Any}', '\\p{Assigned}', '\\p{^Assigned}', '(?i)\\p{ascii}', '\\P{ASCII}', '[\\p{ascii}é]', '[^\\P{ASCII}]', '\\p{lc}']) ok(p);
    assert.equal(go.fullMatch('\\p{ascii}+', 'abc'), true);
    assert.equal(go.fullMatch('\\p{ascii}+', 'é'), false);
    assert.equal(go.fullMatch('[^\\P{ASCII}]+', 'a~'), true);
  });

  it('rejects binary properties such as Alphabetic, which unicodeTable never consults', () => {
    rejected('\\p{Alphabetic}', '\\p{Alphabetic}', 0);
    rejected('ab[x\\p{Emoji}]', '\\p{Emoji}', 4);
    rejected('\\p{L&}', '\\p{L&}', 0);
  });

  it('names the original text in errors that follow a rewritten name (parser.parse reports the token)', () => {
    const v = go.check('\\p{Letter}x{1001}');
    assert.equal(v.ok, false);
    if (!v.ok) {
      assert.equal(v.message, 'error parsing regexp: invalid repeat count: `{1001}`');
      assert.equal(v.offset, 11);
    }
    const m = go.check('(?P<x>a)(?P<x>b');
    assert.equal(!m.ok && m.message, 'error parsing regexp: missing closing ): `(?P<x>a)(?P<x>b`');
  });

  it('leaves \\Q…\\E quotes alone: their text is literal (parser.parse)', () => {
    ok('\\Q\\p{Alphabetic}(?P<x>\\E(?P<x>a)');
  });
});
