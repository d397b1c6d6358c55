import type { DocRule } from '../rule';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { STRING_MATCH_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { regexSites } from '../regex/compile-rules';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-empty',
    family: 'regex',
    severity: 'error',
    kinds: STRING_MATCH_KINDS,
    messages: {
      empty: "Write the pattern, or drop the {label} match to match anything: Istio's webhook rejects an empty regex",
      emptyRewrite: "Write the pattern to replace, or use rewrite.uri: Istio's webhook rejects an empty uriRegexRewrite match",
    },
    details: {
      empty:
        "The {label} regex is empty: Istio's validation webhook rejects an empty regex. To match anything, leave the " +
        '{label} match out; otherwise write the pattern.',
      emptyRewrite:
        "uriRegexRewrite needs both `match` and `rewrite`: Istio's validation webhook rejects an empty `match`. Write the " +
        'pattern to replace, or use `rewrite.uri` for a plain prefix rewrite.',
    },
    docs: {
      summary: "The regex is empty, which Istio's webhook rejects.",
      why:
        'An empty `regex:` (often a template that rendered to nothing, or a value left for later) makes `kubectl apply` fail ' +
        'with "regex string match should not be empty". Envoy itself would accept it and match only the empty value, which ' +
        'is never what was meant. To match anything, remove the match condition; otherwise write the pattern.',
      bad: apiRouting('regex: ""'),
      good: apiRouting("regex: '/api/v[0-9]+/.*'"),
      link: STRING_MATCH_LINK,
    },
    fix: 'none',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      if (site.value !== '' || !site.checkedBy.go) continue;
      const hasText = site.valueSpan.end > site.valueSpan.start;
      const at = hasText ? site.valueSpan : site.typeSpan;
      ctx.report({
        start: at.start,
        end: at.end,
        messageId: site.field === 'rewriteMatch' ? 'emptyRewrite' : 'empty',
        data: { label: site.label },
      });
    }
  },
};
