import type { DocRule } from '../rule';
import type { RegexVerdict } from '../services';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { sourceRange } from '../regex/match-edits';
import { RE2_SYNTAX_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { quote, regexSites, reportedUnsupported } from '../regex/compile-rules';

type Failed = RegexVerdict & { ok: false };

/** An engine's error in a few plain words for the message: no "error parsing regexp:" prefix, no backticks, the pattern shortened. */
function shortReason(message: string): string {
  const plain = message.replace(/^error parsing regexp:\s*/, '').replace(/`([^`]*)`/g, (_, quoted: string) => `"${quote(quoted, 30)}"`);
  const colon = /^([^":]+): ([^"]+)$/.exec(plain);
  return quote(colon ? `${colon[1]}: "${quote(colon[2], 30)}"` : plain, 60);
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-syntax-error',
    family: 'regex',
    severity: 'error',
    kinds: STRING_MATCH_KINDS,
    messages: {
      both: "Invalid regex ({reason}): Istio's webhook and Envoy's RE2 both reject it",
      goOnly: "Istio's webhook rejects this regex ({reason}); Envoy's RE2 would accept it",
      re2Only: "Envoy's RE2 rejects this regex ({reason}) and NACKs the route table; Istio's webhook lets it through",
      gatewayRe2: "Envoy's RE2 rejects this regex ({reason}) and NACKs the whole route table; Istio does not check it",
    },
    details: {
      both: "Invalid regex: Istio's validation webhook (Go regexp) rejects it with \"{go}\", and Envoy's RE2 agrees (\"{re2}\").",
      goOnly: "Istio's validation webhook (Go regexp) rejects this regex: \"{go}\". Envoy's RE2 would accept it, but the resource never gets that far.",
      re2Only:
        "Istio accepts this regex but Envoy's RE2 rejects it: \"{re2}\". Envoy NACKs the route configuration, so the routes " +
        'behind this listener stop updating or return 404. Fix the pattern so both engines accept it.',
      gatewayRe2:
        "Envoy's RE2 rejects this regex: \"{re2}\". Istio does not validate Gateway API regexes, so the route reaches Envoy, " +
        'which NACKs the whole route configuration: the routes behind this listener stop updating or return 404.',
    },
    docs: {
      summary: 'The regex does not compile: Istio\'s webhook (Go regexp) or Envoy (C++ RE2) rejects it.',
      why:
        'Two programs compile every route regex. Istio\'s validation webhook uses Go `regexp` and refuses the resource; ' +
        'Envoy uses C++ RE2 and, when it cannot compile a pattern, rejects (NACKs) the whole route configuration, so every ' +
        'host behind the gateway keeps stale routes or returns 404. The two engines mostly agree, but not always, and Gateway ' +
        'API regexes are never checked by Istio. This rule compiles each pattern with both engines, names the one that ' +
        'rejects it and points at the offending token. Constructs that are simply not RE2 syntax (lookaround, backreferences…) ' +
        'are reported by `regex-unsupported-syntax` instead.',
      bad: apiRouting("regex: '/api/(v1|v2/.*'"),
      good: apiRouting("regex: '/api/(v1|v2)/.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'none',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      // Empty patterns are regex-empty's; unsupported constructs are named by regex-unsupported-syntax.
      if (site.value === '' || reportedUnsupported(site, ctx.patterns.scan(site.value)).length) continue;
      const go = site.checkedBy.go ? ctx.services.go.check(site.value) : undefined;
      const re2 = site.checkedBy.re2 ? ctx.services.re2.check(site.value) : undefined;
      const goBad = go && !go.ok ? (go as Failed) : undefined;
      const re2Bad = re2 && !re2.ok ? (re2 as Failed) : undefined;
      const first = goBad ?? re2Bad;
      if (!first) continue;
      const at =
        first.offset !== undefined
          ? sourceRange(site, first.offset, first.offset + Math.max(1, first.length ?? 1))
          : { start: site.valueSpan.start, end: site.valueSpan.end };
      const data = { go: quote(goBad?.message ?? '', 200), re2: quote(re2Bad?.message ?? '', 200), reason: shortReason(first.message) };
      const messageId = goBad && re2Bad ? 'both' : goBad ? 'goOnly' : site.gatewayApi ? 'gatewayRe2' : 're2Only';
      ctx.report({ start: at.start, end: Math.max(at.end, at.start + 1), messageId, data });
    }
  },
};
