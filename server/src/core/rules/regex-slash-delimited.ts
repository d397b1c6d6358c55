import type { DocRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { wholeValueEdits } from '../regex/match-edits';
import { knownSites, RE2_SYNTAX_LINK, userAgentRouting } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-slash-delimited',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      literal: 'Write "{regex}": Envoy has no /…/ delimiters, so the slashes{flagNote} must appear in the value',
    },
    details: {
      literal:
        '"{pattern}" is written as a JavaScript regex literal, but Envoy has no delimiters: the slashes{flagNote} are ' +
        'characters the value must contain, so this never matches what "{body}" would. Write "{regex}".{dropNote}',
    },
    docs: {
      summary: 'A JavaScript-style regex literal (`/Google/i`): the slashes and flags become part of the pattern.',
      why:
        'Istio and Envoy take the pattern as a bare string. In `/Googlebot/i` the slashes are ordinary characters and ' +
        '`i` is a letter to match, so the route needs a value like `/Googlebot/i` and never sees real traffic. ' +
        'Drop the delimiters and move the flags inside the pattern: `i` becomes `(?i)`, `s` becomes `(?s)`, ' +
        '`m` becomes `(?m)`; `g` (and `u`, `y`, `d`) have no RE2 meaning and are dropped.\n\n' +
        'Remember that Envoy then matches the whole value, unlike JavaScript\'s `test()`: "contains" needs `.*` on both sides.',
      bad: userAgentRouting("regex: '/.*Googlebot.*/i'", "regex: '/.*bingbot.*/i'"),
      good: userAgentRouting("regex: '(?i).*Googlebot.*'", "regex: '(?i).*bingbot.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      const lit = ctx.patterns.slashDelimited(site.value, site.field, site.name);
      if (!lit) continue;
      const start = site.toSource(0);
      const end = site.toSource(site.value.length);
      const edits = wholeValueEdits(doc, site, lit.regex);
      ctx.report({
        start,
        end,
        messageId: 'literal',
        data: {
          pattern: site.value,
          body: lit.body,
          regex: quote(lit.regex, 44),
          flagNote: lit.flags ? ` and the flags "${lit.flags}"` : '',
          dropNote: lit.dropped ? ` ("${lit.dropped}" has no RE2 equivalent and is dropped.)` : '',
        },
        fixes: edits ? [{ title: `Remove the delimiters: "${lit.regex}" (changes what matches)`, safe: false, preferred: true, edits }] : [],
      });
    }
  },
};
