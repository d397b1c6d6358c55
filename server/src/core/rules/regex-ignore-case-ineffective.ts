import type { DocRule } from '../rule';
import { startsCaseInsensitive } from '../regex/intent';
import { encodeFragment } from '../regex/match-edits';
import { apiRouting, knownSites, STRING_MATCH_LINK } from '../regex/intent-rule-helpers';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-ignore-case-ineffective',
    family: 'regex',
    severity: 'warning',
    kinds: ['VirtualService'],
    messages: {
      ignored: 'Start the pattern with "(?i)": Envoy ignores "ignoreUriCase: true" for regex uri matches',
    },
    details: {
      ignored:
        'Envoy ignores "ignoreUriCase: true" for regex uri matches: "{pattern}" stays case-sensitive. ' +
        'Start the pattern with "(?i)" to make it case-insensitive.',
    },
    docs: {
      summary: '`ignoreUriCase: true` has no effect on a `uri.regex` match.',
      why:
        'Istio passes `ignoreUriCase` to Envoy as the route\'s case sensitivity, which Envoy applies to `exact` and ' +
        '`prefix` paths only; a `safe_regex` path is always matched as written. So `regex: /Orders/.*` with ' +
        '`ignoreUriCase: true` still misses `/orders/1`. Put the flag in the pattern instead: `(?i)/orders/.*`.',
      bad: apiRouting("regex: '/api/v2/orders/.*'", ['ignoreUriCase: true']),
      good: apiRouting("regex: '(?i)/api/v2/orders/.*'", ['ignoreUriCase: true']),
      link: STRING_MATCH_LINK,
    },
    fix: 'safe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      if (site.field !== 'uri' || !site.ignoreCase || site.gatewayApi || startsCaseInsensitive(site.value)) continue;
      const start = site.toSource(0);
      const end = site.toSource(site.value.length);
      const flag = encodeFragment('(?i)', site.style);
      ctx.report({
        start,
        end,
        messageId: 'ignored',
        data: { pattern: site.value },
        fixes: flag ? [{ title: 'Add "(?i)" to the pattern (what ignoreUriCase asked for)', safe: true, edits: [{ start, end: start, newText: flag }] }] : [],
      });
    }
  },
};
