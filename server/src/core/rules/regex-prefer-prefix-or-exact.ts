import type { DocRule } from '../rule';
import { quote } from '../regex/compile-rules';
import type { MatchField } from '../regex/site';
import { changeMatchType, editableStyle } from '../regex/match-edits';
import { apiRouting, knownSites, patternContext, STRING_MATCH_LINK } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';

/** Fields with Istio StringMatch (exact and prefix both available). */
const ISTIO_FIELDS: ReadonlySet<MatchField> = new Set<MatchField>(['uri', 'scheme', 'method', 'authority', 'header', 'withoutHeader', 'queryParam', 'corsOrigin']);
/** Gateway API fields: Exact exists; PathPrefix has path-segment semantics, so no prefix equivalent. */
const GATEWAY_FIELDS: ReadonlySet<MatchField> = new Set<MatchField>(['gatewayPath', 'gatewayHeader', 'gatewayQueryParam', 'grpcHeader']);

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-prefer-prefix-or-exact',
    family: 'regex',
    severity: 'info',
    kinds: STRING_MATCH_KINDS,
    messages: {
      exact: 'Use {replacement}: "{pattern}" has no wildcards, so a plain string comparison does the same',
      prefix: 'Use {replacement}: "{pattern}" only checks that the value starts with "{literal}"',
    },
    details: {
      exact:
        '"{pattern}" has no wildcards: under Envoy\'s whole-value match it accepts only "{literal}". ' +
        'Writing it as {replacement} does the same with a plain string comparison, which is cheaper and cannot be misread.',
      prefix:
        '"{pattern}" only checks that the value starts with "{literal}". Writing it as {replacement} does the same ' +
        'without running a regex on every request.',
    },
    docs: {
      summary: 'A regex that is really an exact or prefix match (`/health`, `/api/.*`, `GET`).',
      why:
        'A regex without wildcards matches one value, and a literal followed by `.*` matches a prefix. Envoy evaluates ' +
        'such regexes with RE2 on every request, while `exact` and `prefix` are plain string comparisons; the plain ' +
        'forms also tell readers (and Gateway API route precedence, which ranks Exact paths first) what was meant. ' +
        'The rewrite is equivalent: `regex: /api/.*` becomes `prefix: /api/`, `regex: GET` becomes `exact: GET`. ' +
        'Gateway API only gets the Exact rewrite: its `PathPrefix` matches whole path segments, which a regex prefix does not. ' +
        'A path regex whose literal holds `?` or `#` (`/search\\?q=.*`) gets no rewrite: Envoy removes the query string and ' +
        'fragment before every path match (prefix, exact and regex alike), so that route never matches in any form; match ' +
        'the parameter with `queryParams` instead.',
      bad: apiRouting("regex: '/api/v2/orders/.*'"),
      good: apiRouting('prefix: /api/v2/orders/'),
      link: STRING_MATCH_LINK,
    },
    fix: 'safe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      if (!(site.gatewayApi ? GATEWAY_FIELDS : ISTIO_FIELDS).has(site.field) || site.ignoreCase) continue;
      const plain = ctx.patterns.plainEquivalent(site.value, patternContext(site));
      if (!plain || (site.gatewayApi && plain.kind === 'prefix')) continue;
      const replacement = site.gatewayApi ? `"type: Exact" with value "${plain.literal}"` : `"${plain.kind}: ${plain.literal}"`;
      const edits = editableStyle(site) ? changeMatchType(doc, site, plain.kind, plain.literal) : undefined;
      const start = site.toSource(0);
      const end = site.toSource(site.value.length);
      ctx.report({
        start,
        end,
        messageId: plain.kind,
        data: { pattern: quote(site.value, 24), literal: quote(plain.literal, 32), replacement: quote(replacement, 44) },
        fixes: edits ? [{ title: `Use ${replacement.replace(/"/g, '')}`, safe: true, edits }] : [],
      });
    }
  },
};
