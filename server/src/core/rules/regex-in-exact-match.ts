import { regexLookingConstruct } from '../regex/intent';
import type { DocRule } from '../rule';
import { changeMatchType, editableStyle, sourceRange } from '../regex/match-edits';
import { knownSites, STRING_MATCH_LINK, userAgentRouting } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';

/** What the value must be turned into so a prefix match keeps meaning "starts with". */
function asRegex(value: string, matchType: 'exact' | 'prefix'): string {
  if (matchType === 'exact' || /(\.[*+]\??|\$)$/.test(value)) return value;
  return `${value}.*`;
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-in-exact-match',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      literal: '"{construct}" is literal in {article} {type} match: use {regexType} to match it as a pattern',
    },
    details: {
      literal:
        '"{construct}" is {meaning} only in a regex, but this is {article} {type} match: {label} is compared ' +
        'character by character, so only a value that literally contains "{construct}" can match. ' +
        'Use {regexType} to match it as a pattern.',
    },
    docs: {
      summary: 'An `exact:` or `prefix:` value that is really a regex (`.*Google.*`, `^/api`, `\\d+`).',
      why:
        '`exact` and `prefix` (Gateway API `Exact` and `PathPrefix`) compare plain text: `.*`, `^`, `\\d`, `[a-z]+` and ' +
        '`(a|b)` are just characters there. `exact: ".*Google.*"` only matches a header whose value is literally ' +
        '`.*Google.*`, so the route never matches. If a pattern was meant, switch the match type to `regex` ' +
        '(Gateway API: `type: RegularExpression`), keeping in mind that Envoy applies regexes to the whole value.',
      bad: userAgentRouting("exact: '.*Google.*'", "exact: '.*Microsoft.*'"),
      good: userAgentRouting("regex: '.*Google.*'", "regex: '.*Microsoft.*'"),
      link: STRING_MATCH_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['exact', 'prefix'])) {
      const looks = regexLookingConstruct(site.value);
      if (!looks || site.matchType === 'regex') continue;
      const at = sourceRange(site, looks.start, looks.end);
      const regexType = site.gatewayApi ? '"type: RegularExpression"' : '"regex:"';
      const type = site.gatewayApi ? (site.matchType === 'exact' ? 'Exact' : 'PathPrefix') : site.matchType;
      const newValue = asRegex(site.value, site.matchType);
      const edits = editableStyle(site) ? changeMatchType(doc, site, 'regex', newValue) : undefined;
      ctx.report({
        start: at.start,
        end: at.end,
        messageId: 'literal',
        data: { construct: looks.construct, meaning: looks.meaning, type, article: /^[aeiouAEIOU]/.test(type) ? 'an' : 'a', label: `the ${site.label} value`, regexType },
        fixes: edits
          ? [{ title: `Match it as a regex${newValue !== site.value ? `: "${newValue}"` : ''} (changes what matches)`, safe: false, preferred: true, edits }]
          : [],
      });
    }
  },
};
