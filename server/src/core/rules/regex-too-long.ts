import type { DocRule } from '../rule';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { STRING_MATCH_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { regexSites, utf8Length } from '../regex/compile-rules';

const LIMIT = 1024;

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-too-long',
    family: 'regex',
    severity: 'error',
    kinds: STRING_MATCH_KINDS,
    messages: {
      tooLong: "Regex is {length} bytes: Istio's webhook rejects over 1024. Split it, or use prefix/exact matches for the fixed parts",
    },
    details: {
      tooLong:
        "This regex is {length} bytes long; Istio's validation webhook rejects regexes over 1024 bytes (its stand-in for " +
        "Envoy's program-size limit). Split it over several matches or routes, or use prefix/exact matches for the fixed parts.",
    },
    docs: {
      summary: "The regex is longer than the 1024 bytes Istio's webhook accepts.",
      why:
        'Envoy limits the size of a compiled RE2 program. Istio cannot measure program size, so its webhook approximates it by ' +
        'the pattern length and rejects regexes over 1024 bytes (UTF-8). Long alternations of paths or user agents hit this ' +
        'first. Split the list over several `match` entries (they are ORed) or several routes, and use `prefix`/`exact` ' +
        'matches where no regex is needed. Gateway API routes are not checked by Istio, so this rule does not apply to them.',
      bad: apiRouting(`regex: '/(?:${Array.from({ length: 200 }, (_, i) => `item${i}`).join('|')})/.*'`),
      good: apiRouting("regex: '/item[0-9]+/.*'"),
      link: STRING_MATCH_LINK,
    },
    fix: 'none',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      // EnvoyFilter proxyVersion is compiled by Istio without this limit.
      if (!site.checkedBy.go || site.field === 'proxyVersion') continue;
      // A UTF-16 unit is at most 3 UTF-8 bytes: most patterns need no counting.
      if (site.value.length * 3 <= LIMIT) continue;
      const length = utf8Length(site.value);
      if (length <= LIMIT) continue;
      ctx.report({ start: site.valueSpan.start, end: site.valueSpan.end, messageId: 'tooLong', data: { length } });
    }
  },
};
