import type { DocRule } from '../rule';
import type { Fix } from '../types';
import type { Services } from '../services';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { sourceRange, valueEdits } from '../regex/match-edits';
import { RE2_SYNTAX_LINK, storefrontRouting } from '../regex/intent-rule-helpers';
import { consequence, regexSites, rejectedBy, reportedUnsupported, verdictConsequence } from '../regex/compile-rules';
import { fixesFor } from '../regex/unsupported-fixes';
import { lookaheadIntentFix } from '../regex/lookahead-intent-fix';
import { newlyShadowed } from '../regex/automata/fix-shadowing';
import { UNSUPPORTED_ESCAPES, type ScanFinding, type UnsupportedKind } from '../regex/syntax-scan';
import type { StringMatchSite } from '../regex/site';

const LOOKAROUND =
  'RE2 has no lookaround: it matches in linear time and never looks back or ahead.';

/** What each construct is called, what to write (short, for the message) and what RE2 offers instead (for the hover). */
const CONSTRUCTS: Readonly<Record<UnsupportedKind, { name: string; action: string; instead: string }>> = {
  lookahead: { name: 'Lookahead', action: '', instead: LOOKAROUND },
  'negative-lookahead': { name: 'Negative lookahead', action: '', instead: LOOKAROUND },
  lookbehind: { name: 'Lookbehind', action: '', instead: LOOKAROUND },
  'negative-lookbehind': { name: 'Negative lookbehind', action: '', instead: LOOKAROUND },
  backreference: { name: 'Backreference', action: 'List the alternatives explicitly', instead: 'RE2 cannot match text captured earlier in the same match; list the alternatives explicitly.' },
  'named-backreference': { name: 'Named backreference', action: 'List the alternatives explicitly', instead: 'RE2 cannot match text captured earlier in the same match; list the alternatives explicitly.' },
  possessive: { name: 'Possessive quantifier', action: 'Use the plain greedy quantifier', instead: 'RE2 never backtracks, so it has no possessive form; the plain greedy quantifier is usually what was meant.' },
  'atomic-group': { name: 'Atomic group', action: 'Use a non-capturing group (?:…)', instead: 'RE2 never backtracks, so it has no atomic groups; use a non-capturing group (?:…).' },
  conditional: { name: 'Conditional group', action: 'Write the cases as alternatives (a|b)', instead: 'RE2 has no conditionals; write the cases as alternatives (a|b).' },
  recursion: { name: 'Recursion or subroutine call', action: 'Match a fixed depth explicitly', instead: 'RE2 cannot match nested structures; match a fixed depth explicitly.' },
  'branch-reset': { name: 'Branch-reset group', action: 'Use a non-capturing group (?:…)', instead: 'RE2 has no branch reset; use a non-capturing group (?:…).' },
  'pcre-verb': { name: 'PCRE control verb', action: 'Remove it', instead: 'RE2 has no backtracking control verbs; remove it.' },
  'quoted-named-group': { name: 'Named group', action: 'Write (?P<name>…)', instead: 'RE2 spells named groups (?P<name>…).' },
  'inline-flag': { name: 'Inline flag', action: 'Use only the flags i, m, s and U', instead: 'RE2 only knows the flags i, m, s and U; extended mode (x) does not exist, so remove the layout whitespace and comments.' },
  'comment-group': { name: 'Inline comment', action: 'Move the note to a YAML comment', instead: 'RE2 has no inline comments; keep the note in a YAML comment instead.' },
  escape: { name: 'Escape', action: '', instead: '' },
  'control-escape': { name: 'Control-character escape', action: 'Write \\xHH', instead: 'RE2 writes control characters as \\xHH.' },
  'unicode-escape': { name: 'JavaScript code-point escape', action: 'Write \\x{…}', instead: 'RE2 writes code points as \\x{…}.' },
  'long-unicode-name': {
    name: 'Unicode property name',
    action: 'Use a short category (\\p{L}) or a script name',
    instead: 'C++ RE2 only knows one- and two-letter categories and script names (\\p{L}, \\p{Lu}, \\p{Greek}).',
  },
  'repeat-too-large': { name: 'Repeat count', action: 'Use +, * or a smaller bound', instead: 'RE2 limits counted repetition to 1000; use +, * or a smaller bound.' },
  'any-byte': { name: 'Any-byte escape', action: '', instead: '' },
};

/** What to write instead of each PCRE-only escape (short, for the message), and why (for the hover). */
const ESCAPE_INSTEAD: Readonly<Record<string, [action: string, why: string]>> = {
  G: ['Use ^ or nothing', 'Envoy always matches from the start of the value.'],
  Z: ['Use \\z (or $)', 'Header values and paths never end with a newline.'],
  K: ['Capture the part you need instead', 'RE2 cannot move the start of a match.'],
  h: ['Spell out the characters, e.g. [\\t ]', ''],
  H: ['Spell out the characters, e.g. [^\\t ]', ''],
  R: ['Use (?:\\r\\n|\\n|\\r)', ''],
  X: ['Match code points (.) instead', 'RE2 has no grapheme clusters.'],
  e: ['Write \\x1B', ''],
  N: ['Use [^\\n]', ''],
  V: ['Spell out the characters, e.g. [^\\n\\r\\f\\x0B]', ''],
  o: ['Write \\x{…} with the hexadecimal code point', ''],
};

/** Istio-native ways around lookaround, by where the regex is: [short action, explanation]. */
function alternative(site: StringMatchSite, kind: UnsupportedKind): [string, string] {
  if (!kind.includes('look')) return ['', ''];
  if (site.field === 'header') return ['Use withoutHeaders or a more specific route first', ' To exclude values, add a `withoutHeaders` match or a more specific route before this one.'];
  return ['Put a more specific route first', ' To exclude values, put a more specific route for them before this one (routes are tried in order).'];
}

function acceptedByAll(site: StringMatchSite, services: Services): boolean {
  return (!site.checkedBy.go || services.go.check(site.value).ok) && (!site.checkedBy.re2 || services.re2.check(site.value).ok);
}

function describe(f: ScanFinding, site: StringMatchSite, services: Services): Record<string, string> {
  const info = CONSTRUCTS[f.kind as UnsupportedKind];
  const [lookAction, alternativeText] = alternative(site, f.kind as UnsupportedKind);
  // Go 1.25+ accepts long Unicode names: say who rejects it from the engines' verdicts.
  const verdict = f.kind === 'long-unicode-name' ? verdictConsequence(site, services) : consequence(site);
  const base = { rejects: rejectedBy(site, services), consequence: verdict, alternative: alternativeText };
  if (f.kind === 'escape') {
    const letter = f.detail ?? '';
    const [action, why] = ESCAPE_INSTEAD[letter] ?? ['Spell out the characters', ''];
    return { ...base, construct: `${UNSUPPORTED_ESCAPES[letter] ?? f.text} "${f.text}"`, action: `. ${action}`, instead: `RE2 has no ${f.text}. ${why} ${action}.`.replace(/\s+/g, ' ') };
  }
  const action = info.action || lookAction;
  return { ...base, construct: `${info.name} "${f.text}"`, action: action ? `. ${action}` : '', instead: info.instead };
}

/** An unsafe rewrite that changes what the route matches may hide later routes: say so. */
function withShadowing(doc: Parameters<DocRule['check']>[0], site: StringMatchSite, pf: { start: number; end: number; replacement: string }, title: string): string {
  const pattern = site.value.slice(0, pf.start) + pf.replacement + site.value.slice(pf.end);
  const hidden = newlyShadowed(doc, site, pattern);
  return hidden.length ? `${title}; then ${hidden.map((r) => `http[${r.index}]`).join(', ')} is never reached` : title;
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-unsupported-syntax',
    family: 'regex',
    severity: 'error',
    kinds: STRING_MATCH_KINDS,
    messages: {
      unsupported: '{construct} is not RE2 syntax: {rejects}{action}',
      tooManyRepeats: 'Repeat count "{count}" is over the limit of 1000: {rejects}. Use +, * or a smaller bound',
      anyByte: 'Use "." instead of "\\C": Istio\'s webhook (Go regexp) rejects "\\C", so the resource is refused',
    },
    details: {
      unsupported: '{construct} is PCRE/JavaScript/Java syntax that RE2 does not support. {instead}{alternative} {consequence}',
      tooManyRepeats: 'Go regexp and RE2 both limit counted repetition to 1000. {consequence}',
      anyByte:
        '`\\C` (one byte) is rejected by Go regexp, which Istio\'s validation webhook uses, so the resource is refused; ' +
        'C++ RE2 would even match half of a multi-byte character with it. Use `.` to match one character.',
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
        const intent = f.kind === 'negative-lookahead' ? lookaheadIntentFix(doc, site) : undefined;
        if (intent) fixes.push(intent);
        for (const pf of fixesFor(site.value, f, site.semantics, site.field !== 'grpcMethod')) {
          const edits = valueEdits(doc, site, pf.start, pf.end, pf.replacement);
          // Only a removed lookaround widens a whole route enough to be worth the check.
          const widens = !pf.safe && f.kind.includes('look');
          if (edits) fixes.push({ title: widens ? withShadowing(doc, site, pf, pf.title) : pf.title, safe: pf.safe, edits });
        }
        if (f.kind === 'repeat-too-large') {
          // RE2 reads a count it cannot parse (x{9876543210}) as literal braces: where RE2 alone
          // judges the pattern (Gateway API), it is no error (re2/parse.cc, MaybeParseRepeat).
          if (!site.checkedBy.go && ctx.services.re2.check(site.value).ok) continue;
          ctx.report({ start: at.start, end: at.end, messageId: 'tooManyRepeats', data: { count: f.text, rejects: rejectedBy(site, ctx.services), consequence: verdictConsequence(site, ctx.services) }, fixes });
          continue;
        }
        if (f.kind === 'any-byte') {
          ctx.report({ start: at.start, end: at.end, messageId: 'anyByte', fixes });
          continue;
        }
        // A long name every engine judging this field knows is no mistake (Go 1.25+ knows many).
        if (f.kind === 'long-unicode-name' && acceptedByAll(site, ctx.services)) continue;
        ctx.report({ start: at.start, end: at.end, messageId: 'unsupported', data: describe(f, site, ctx.services), fixes });
      }
    }
  },
};
