import type { DocRule } from '../rule';
import { hasInvalidEscape, validValueEdits } from '../regex/match-edits';
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
      escaped: 'Write "{meant}" for "{written}"{where}: a Markdown escape, it matches a literal "{op}", not any run of characters',
      escapedInDoubleQuotes: 'Write "{meant}" for "{written}"{where}: it matches a literal "{op}", and "\\{op}" is an invalid YAML escape in double quotes',
    },
    details: {
      escaped:
        '"{written}" matches one character followed by a literal "{op}", not "any run of characters": the backslash ' +
        '(left over from Markdown) makes the "{op}" an ordinary character. Write "{meant}".',
      escapedInDoubleQuotes:
        '"{written}" matches one character followed by a literal "{op}", not "any run of characters": the backslash ' +
        '(left over from Markdown) makes the "{op}" an ordinary character. Inside double quotes "\\{op}" is also an ' +
        'invalid YAML escape, so kubectl rejects the file; the fix rewrites the value in single quotes. Write "{meant}".',
    },
    docs: {
      summary: 'A wildcard copied with its Markdown escape (`.\\*`) matches a literal star instead of anything.',
      why:
        'Markdown escapes `*` as `\\*`, so regexes copied from rendered docs, chat or tickets often arrive as `.\\*Google.\\*`. ' +
        'In RE2 `\\*` is a literal asterisk: the pattern now requires a `*` in the header, and the route never matches. ' +
        'In a double-quoted YAML string `\\*` is additionally an invalid escape sequence and `kubectl apply` rejects the file; ' +
        'single-quoted or plain, the file applies and the route silently never matches. Remove the backslash: `.*`.\n\n' +
        'One value, one finding: every escaped wildcard of the value is reported together, over the whole value, and so is ' +
        'the invalid YAML escape (yaml-syntax does not report it a second time). The fix removes every such backslash and, ' +
        'when the double-quoted value was invalid YAML, rewrites it in single quotes, where the rest of the regex reads as ' +
        'written (`".\\*Google.\\*"` becomes `\'.*Google.*\'`).\n\n' +
        'The fix is offered for review, never applied by fix-all: `.\\*` is also a valid regex for a literal star, and only ' +
        'the author knows which was meant. That the file is rejected anyway (double quotes) removes no doubt: nothing is ' +
        'running that the fix could break, but it still chooses between two meanings.',
      bad: userAgentRouting("regex: '.\\*Google.\\*'", "regex: '.\\*Microsoft.\\*'"),
      good: userAgentRouting("regex: '.*Google.*'", "regex: '.*Microsoft.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      const found = ctx.patterns.escapedWildcards(site.value);
      if (!found.length) continue;
      const invalidYaml = hasInvalidEscape(doc, site);
      let meant = '';
      let from = 0;
      for (const w of found) {
        meant += site.value.slice(from, w.backslash);
        from = w.backslash + 1;
      }
      meant += site.value.slice(from);
      const edits = validValueEdits(doc, site, meant);
      const first = found[0];
      ctx.report({
        start: site.valueSpan.start,
        end: site.valueSpan.end,
        messageId: invalidYaml ? 'escapedInDoubleQuotes' : 'escaped',
        data: { written: first.written, meant: first.meant, op: first.meant.slice(-1), where: found.length > 1 ? ` (${found.length} places)` : '' },
        ...(invalidYaml ? { absorbs: ['yaml-syntax'] } : {}),
        fixes: edits
          ? [{ title: `Write ${edits[0].newText} (changes what matches)`, safe: false, preferred: true, edits }]
          : [],
      });
    }
  },
};
