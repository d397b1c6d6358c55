import type { DocRule } from '../rule';
import type { Fix } from '../types';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { sourceRange, valueEdits } from '../regex/match-edits';
import { RE2_SYNTAX_LINK, storefrontRouting } from '../regex/intent-rule-helpers';
import { consequence, regexSites, reportedUnsupported } from '../regex/compile-rules';
import { fixesFor } from '../regex/unsupported-fixes';
import { UNSUPPORTED_ESCAPES, type ScanFinding, type UnsupportedKind } from '../regex/syntax-scan';
import type { StringMatchSite } from '../regex/site';

const LOOKAROUND =
  'RE2 has no lookaround: it matches in linear time and never looks back or ahead.';

/** What each construct is called, and what RE2 offers instead. */
const CONSTRUCTS: Readonly<Record<UnsupportedKind, { name: string; instead: string }>> = {
  lookahead: { name: 'Lookahead', instead: LOOKAROUND },
  'negative-lookahead': { name: 'Negative lookahead', instead: LOOKAROUND },
  lookbehind: { name: 'Lookbehind', instead: LOOKAROUND },
  'negative-lookbehind': { name: 'Negative lookbehind', instead: LOOKAROUND },
  backreference: { name: 'Backreference', instead: 'RE2 cannot match text captured earlier in the same match; list the alternatives explicitly.' },
  'named-backreference': { name: 'Named backreference', instead: 'RE2 cannot match text captured earlier in the same match; list the alternatives explicitly.' },
  possessive: { name: 'Possessive quantifier', instead: 'RE2 never backtracks, so it has no possessive form; the plain greedy quantifier is usually what was meant.' },
  'atomic-group': { name: 'Atomic group', instead: 'RE2 never backtracks, so it has no atomic groups; use a non-capturing group (?:…).' },
  conditional: { name: 'Conditional group', instead: 'RE2 has no conditionals; write the cases as alternatives (a|b).' },
  recursion: { name: 'Recursion or subroutine call', instead: 'RE2 cannot match nested structures; match a fixed depth explicitly.' },
  'branch-reset': { name: 'Branch-reset group', instead: 'RE2 has no branch reset; use a non-capturing group (?:…).' },
  'pcre-verb': { name: 'PCRE control verb', instead: 'RE2 has no backtracking control verbs; remove it.' },
  'quoted-named-group': { name: 'Named group', instead: 'RE2 spells named groups (?P<name>…).' },
  'inline-flag': { name: 'Inline flag', instead: 'RE2 only knows the flags i, m, s and U; extended mode (x) does not exist, so remove the layout whitespace and comments.' },
  'comment-group': { name: 'Inline comment', instead: 'RE2 has no inline comments; keep the note in a YAML comment instead.' },
  escape: { name: 'Escape', instead: '' },
  'control-escape': { name: 'Control-character escape', instead: 'RE2 writes control characters as \\xHH.' },
  'unicode-escape': { name: 'JavaScript code-point escape', instead: 'RE2 writes code points as \\x{…}.' },
  'long-unicode-name': {
    name: 'Unicode property name',
    instead: 'C++ RE2 only knows one- and two-letter categories and script names (\\p{L}, \\p{Lu}, \\p{Greek}); newer Go versions accept long names, so the webhook may pass it while Envoy rejects it.',
  },
  'repeat-too-large': { name: 'Repeat count', instead: 'RE2 limits counted repetition to 1000; use +, * or a smaller bound.' },
  'any-byte': { name: 'Any-byte escape', instead: '' },
};

/** What to write instead of each PCRE-only escape. */
const ESCAPE_INSTEAD: Readonly<Record<string, string>> = {
  G: 'Envoy always matches from the start of the value: use ^ or nothing.',
  Z: 'Use \\z (or $): header values and paths never end with a newline.',
  K: 'RE2 cannot move the start of a match; capture the part you need instead.',
  h: 'Spell out the characters, e.g. [\\t ].',
  H: 'Spell out the characters, e.g. [^\\t ].',
  R: 'Use (?:\\r\\n|\\n|\\r).',
  X: 'RE2 has no grapheme clusters; match code points (.) instead.',
  e: 'Write \\x1B.',
  N: 'Use [^\\n].',
  V: 'Spell out the characters, e.g. [^\\n\\r\\f\\x0B].',
  o: 'Write \\x{…} with the hexadecimal code point.',
};

/** Istio-native ways around lookaround, by where the regex is. */
function alternative(site: StringMatchSite, kind: UnsupportedKind): string {
  if (!kind.includes('look')) return '';
  if (site.field === 'header') return ' To exclude values, add a `withoutHeaders` match or a more specific route before this one.';
  return ' To exclude values, put a more specific route for them before this one (routes are tried in order).';
}

function describe(f: ScanFinding): { construct: string; instead: string } {
  const info = CONSTRUCTS[f.kind as UnsupportedKind];
  if (f.kind === 'escape') {
    const letter = f.detail ?? '';
    return { construct: `${UNSUPPORTED_ESCAPES[letter] ?? f.text} "${f.text}"`, instead: `RE2 has no ${f.text}. ${ESCAPE_INSTEAD[letter] ?? ''}`.trim() };
  }
  return { construct: `${info.name} "${f.text}"`, instead: info.instead };
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-unsupported-syntax',
    family: 'regex',
    severity: 'error',
    kinds: STRING_MATCH_KINDS,
    messages: {
      unsupported: '{construct} is PCRE/JavaScript/Java syntax that RE2 does not support. {instead}{alternative} {consequence}',
      tooManyRepeats: 'Repeat count "{count}" is over RE2\'s limit of 1000 repetitions. Use +, * or a smaller bound. {consequence}',
      anyByte:
        '"\\C" (one byte) is rejected by Go regexp, which Istio\'s validation webhook uses, so the resource is refused; ' +
        'C++ RE2 would even match half of a multi-byte character with it. Use "." to match one character.',
    },
    docs: {
      summary: 'The regex uses PCRE/JavaScript/Java-only syntax (lookaround, backreferences, possessive quantifiers, …) that RE2 rejects.',
      why:
        'Istio compiles route regexes with Go `regexp` in its webhook and Envoy compiles them with C++ RE2. Neither supports ' +
        'lookahead/lookbehind, backreferences, possessive quantifiers, atomic groups, conditionals, recursion, `\\Z`, `\\h`, ' +
        '`\\uXXXX`, inline comments or extended mode. Istio rejects such a VirtualService; a Gateway API route is not checked ' +
        'by Istio at all, so Envoy rejects (NACKs) the whole route table and every host behind the gateway stops routing.\n\n' +
        'Rewrite the pattern in RE2 syntax. Exclusions are usually better expressed with Istio itself: a more specific route ' +
        'placed first, or `withoutHeaders` for headers. Quick fixes are offered where an exact RE2 equivalent exists.\n\n' +
        'A fix is marked safe only when the text has one reading. `c++` after a letter (`/c++/docs`) reads as PCRE\'s ' +
        'possessive `c+`, but far more often it is the text "c++" pasted into a path: both rewrites are offered for review, ' +
        'the literal `c\\+\\+` first.',
      bad: storefrontRouting([
        '  - name: public-pages',
        '    match:',
        '    - uri:',
        "        regex: '^(?!/admin).*'",
        '    route:',
        '    - destination:',
        '        host: storefront',
      ]),
      good: storefrontRouting([
        '  - name: admin',
        '    match:',
        '    - uri:',
        '        prefix: /admin',
        '    route:',
        '    - destination:',
        '        host: admin-console',
        '  - name: public-pages',
        '    route:',
        '    - destination:',
        '        host: storefront',
      ]),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      for (const f of reportedUnsupported(site, ctx.patterns.scan(site.value))) {
        const at = sourceRange(site, f.start, f.end);
        const fixes: Fix[] = [];
        for (const pf of fixesFor(site.value, f, site.semantics, site.field !== 'grpcMethod')) {
          const edits = valueEdits(doc, site, pf.start, pf.end, pf.replacement);
          if (edits) fixes.push({ title: pf.title, safe: pf.safe, edits });
        }
        if (f.kind === 'repeat-too-large') {
          ctx.report({ start: at.start, end: at.end, messageId: 'tooManyRepeats', data: { count: f.text, consequence: consequence(site) }, fixes });
          continue;
        }
        if (f.kind === 'any-byte') {
          ctx.report({ start: at.start, end: at.end, messageId: 'anyByte', fixes });
          continue;
        }
        const { construct, instead } = describe(f);
        ctx.report({
          start: at.start,
          end: at.end,
          messageId: 'unsupported',
          data: { construct, instead, alternative: alternative(site, f.kind as UnsupportedKind), consequence: consequence(site) },
          fixes,
        });
      }
    }
  },
};
