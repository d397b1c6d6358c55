import type { DocRule } from '../rule';
import type { Fix } from '../types';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { sourceRange, valueEdits } from '../regex/match-edits';
import { RE2_SYNTAX_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { regexSites } from '../regex/compile-rules';
import { isSilent, type ScanFinding } from '../regex/syntax-scan';

const VERTICAL_SPACE = '[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}]';

/** Proposed rewrites: `safe` keeps RE2's reading, the others switch to the PCRE/Java reading. */
function proposals(f: ScanFinding): Array<{ start: number; end: number; replacement: string; safe: boolean; title: string }> {
  if (f.kind === 'empty-min-repeat' && f.detail) {
    return [
      { start: f.start, end: f.end, replacement: `{0,${f.detail}}`, safe: false, title: `Repeat 0 to ${f.detail} times (changes what matches)` },
      { start: f.start, end: f.start, replacement: '\\', safe: true, title: 'Escape the brace to keep matching the literal text' },
    ];
  }
  if (f.kind === 'vertical-tab' && !f.inClass) {
    return [{ start: f.start, end: f.end, replacement: VERTICAL_SPACE, safe: false, title: 'Match any vertical whitespace, as PCRE does (changes what matches)' }];
  }
  return [];
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-silent-difference',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      'class-set-operation': '"&&" is not set intersection in RE2: it is two "&" and the class ends at the first "]". Write the set directly',
      'nested-class': 'A "[" inside a class is a literal "[" in RE2, and the class ends at the first "]". Write one flat class',
      'empty-min-repeat': '"{text}" is literal text in RE2, not "0 to {max} times": write "{0,{max}}" for a repetition',
      'posix-collating': '"{text}" is no collating element in RE2: "[" "{inner}" become class members. Write the character itself',
      'vertical-tab': '"\\v" is only the vertical tab (U+000B) in RE2, not any vertical whitespace. Write the characters you mean',
    },
    details: {
      'class-set-operation':
        '"&&" inside a character class is Java\'s set intersection, but RE2 reads it as two "&" characters, and the class ends ' +
        'at the first "]" (the rest is literal text). Write the resulting set directly, e.g. "[b-df-hj-np-tv-z]".',
      'nested-class':
        'A "[" inside a character class is a literal "[" in RE2 (Java and .NET read a nested class or subtraction), and the ' +
        'class ends at the first "]". Write the resulting set as one flat class.',
      'empty-min-repeat':
        '"{text}" is literal text in RE2 (the characters "{", ",", digits and "}"), not "0 to {max} times" as in Python or ' +
        'recent PCRE. Write "{0,{max}}" for a repetition, or "\\{text}" if the braces are meant literally.',
      'posix-collating':
        '"{text}" is a POSIX collating element elsewhere; RE2 has none and reads "[" "{inner}" as members of the class, which ' +
        'then ends at the first "]". Write the character itself.',
      'vertical-tab':
        '"\\v" is only the vertical tab (U+000B) in RE2; in PCRE and Perl it means any vertical whitespace (newline, carriage ' +
        'return, form feed, …). Say which one you mean.',
    },
    docs: {
      summary: 'The regex compiles in RE2 but means something else than in PCRE, Java or JavaScript.',
      why:
        'Some constructs are valid RE2 but read differently from the engines people test with: Java\'s class intersection ' +
        '`[a-z&&[^aeiou]]` becomes a class plus literal text, `a{,5}` is the literal string "a{,5}", POSIX collating elements ' +
        '`[[.a.]]` do not exist, and `\\v` is only the vertical tab. Nothing fails to load: the route simply matches ' +
        'different requests than intended. Rewrite the pattern so it says the same thing in RE2.',
      bad: apiRouting("regex: '/api/v[0-9]{,2}/.*'"),
      good: apiRouting("regex: '/api/v[0-9]{0,2}/.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      const findings = ctx.patterns.scan(site.value).filter(isSilent);
      if (!findings.length) continue;
      // Only patterns that compile: otherwise the syntax error is the finding.
      const engine = site.checkedBy.re2 ? ctx.services.re2 : ctx.services.go;
      if (!engine.check(site.value).ok) continue;
      for (const f of findings) {
        const at = sourceRange(site, f.start, f.end);
        const fixes: Fix[] = [];
        for (const p of proposals(f)) {
          const edits = valueEdits(doc, site, p.start, p.end, p.replacement);
          if (edits) fixes.push({ title: p.title, safe: p.safe, preferred: false, edits });
        }
        ctx.report({
          start: at.start,
          end: at.end,
          messageId: f.kind,
          data: { text: f.text, max: f.detail ?? '', inner: f.text.slice(1, -1) },
          fixes,
        });
      }
    }
  },
};
