import type { DocRule } from '../rule';
import { editableStyle, validValueEdits } from '../regex/match-edits';
import { knownSites, RE2_SYNTAX_LINK, userAgentRouting } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';

/** Longest piece of a pattern quoted in the message, so it stays within 160 characters. */
const SHOWN = 28;
const cut = (s: string) => (s.length > SHOWN ? `${s.slice(0, SHOWN - 1)}…` : s);

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-alternation-precedence',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      loose: 'Write "{grouped}": "|" binds loosest, so this matches "{first}" or "{last}", each on its own',
    },
    details: {
      loose:
        'Alternation binds loosest: what stands before the first top-level "|" belongs to the first alternative only, and ' +
        'what stands after the last one to the last alternative only, so this reads "{first}" or "{last}". Keep the ' +
        'wrappers outside a group: "{grouped}".',
    },
    docs: {
      summary: 'A top-level `|` splits the whole pattern: `.*iPhone|Android.*` is ".*iPhone" or "Android.*", not "contains either".',
      why:
        'Alternation has the lowest precedence of every regex operator: everything to the left of a top-level `|` is one ' +
        'alternative and everything to the right another. In `^.*\\biPhone|Pixel\\b.*$` the `^.*` belongs to the first ' +
        'alternative only and the `.*$` to the last, so the pattern reads "ends with iPhone" or "starts with Pixel". Under ' +
        "Envoy's whole-value match, `.*iPhone|Android.*` matches a user agent that ends with iPhone or starts with Android, and " +
        'real user agents (`Mozilla/5.0 (iPhone; …) … Safari/604.1`) do neither, so the route is skipped. Group the ' +
        'alternatives and keep the wrappers outside: `.*(?:iPhone|Android).*`.\n\n' +
        'Reported when the first alternative opens with a wildcard run (or, where the pattern is searched rather than ' +
        'fully matched, an anchor) and the last one closes with one, but not every alternative has them. Under a full ' +
        'match anchors change nothing, so `^/api|/web$` is not reported. The fix groups the alternatives; it changes what ' +
        'matches, which is the point, so it is offered for review.',
      bad: userAgentRouting("regex: '.*iPhone|Android.*'", "regex: '.*bingbot.*'"),
      good: userAgentRouting("regex: '.*(?:iPhone|Android).*'", "regex: '.*bingbot.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      // A GRPCRoute method is spliced into "/service/method": its ends are not the regex's.
      if (site.field === 'grpcMethod') continue;
      const loose = ctx.patterns.looseAlternation(site.value, site.semantics);
      if (!loose) continue;
      const edits = editableStyle(site) ? validValueEdits(doc, site, loose.grouped) : undefined;
      ctx.report({
        start: site.valueSpan.start,
        end: site.valueSpan.end,
        messageId: 'loose',
        data: { grouped: cut(loose.grouped), first: cut(loose.first), last: cut(loose.last) },
        fixes: edits ? [{ title: `Group the alternatives: ${loose.grouped} (changes what matches)`, safe: false, preferred: true, edits }] : [],
      });
    }
  },
};
