import type { DocRule } from '../rule';
import { sourceRange } from '../regex/match-edits';
import { knownSites, RE2_SYNTAX_LINK, userAgentRouting } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-escaped-wildcard',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      escaped: 'Write "{meant}": "{written}" (a Markdown escape) matches a literal "{op}", not any run of characters',
      escapedInDoubleQuotes: 'Write "{meant}": "{written}" matches a literal "{op}", and "\\{op}" is an invalid YAML escape in double quotes',
    },
    details: {
      escaped:
        '"{written}" matches one character followed by a literal "{op}", not "any run of characters": the backslash ' +
        '(left over from Markdown) makes the "{op}" an ordinary character. Write "{meant}".',
      escapedInDoubleQuotes:
        '"{written}" matches one character followed by a literal "{op}", not "any run of characters": the backslash ' +
        '(left over from Markdown) makes the "{op}" an ordinary character. Inside double quotes "\\{op}" is also an ' +
        'invalid YAML escape, so kubectl rejects the file. Write "{meant}".',
    },
    docs: {
      summary: 'A wildcard copied with its Markdown escape (`.\\*`) matches a literal star instead of anything.',
      why:
        'Markdown escapes `*` as `\\*`, so regexes copied from rendered docs, chat or tickets often arrive as `.\\*Google.\\*`. ' +
        'In RE2 `\\*` is a literal asterisk: the pattern now requires a `*` in the header, and the route never matches. ' +
        'In a double-quoted YAML string `\\*` is additionally an invalid escape sequence and `kubectl apply` rejects the file; ' +
        'single-quoted or plain, the file applies and the route silently never matches. Remove the backslash: `.*`.',
      bad: userAgentRouting("regex: '.\\*Google.\\*'", "regex: '.\\*Microsoft.\\*'"),
      good: userAgentRouting("regex: '.*Google.*'", "regex: '.*Microsoft.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      for (const w of ctx.patterns.escapedWildcards(site.value)) {
        const at = sourceRange(site, w.start, w.end);
        const slash = sourceRange(site, w.backslash, w.backslash + 1);
        ctx.report({
          start: at.start,
          end: at.end,
          messageId: site.style === 'QUOTE_DOUBLE' ? 'escapedInDoubleQuotes' : 'escaped',
          data: { written: w.written, meant: w.meant, op: w.meant.slice(-1) },
          fixes: [
            {
              title: `Replace "${w.written}" with "${w.meant}" (changes what matches)`,
              safe: false,
              preferred: true,
              edits: [{ start: slash.start, end: slash.end, newText: '' }],
            },
          ],
        });
      }
    }
  },
};
