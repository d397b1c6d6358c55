import type { DocRule } from '../rule';
import type { Fix } from '../types';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { sourceRange, valueEdits } from '../regex/match-edits';
import { RE2_SYNTAX_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { quote, regexSites } from '../regex/compile-rules';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-named-group-compat',
    family: 'regex',
    severity: 'info',
    kinds: STRING_MATCH_KINDS,
    messages: {
      angle: 'Write "(?P<{name}>…)": "(?<{name}>…)" needs Istio 1.22+ and a 2023 Envoy, older ones reject the route',
    },
    details: {
      angle:
        '"(?<{name}>…)" only works with recent engines: Go 1.22+ (Istio 1.22-era webhooks) and C++ RE2 2023-08+ in Envoy. ' +
        'Older Istio releases reject the resource and older proxies NACK the route. "(?P<{name}>…)" means the same and works everywhere.',
    },
    docs: {
      summary: 'A named group written `(?<name>…)` needs recent Istio and Envoy; `(?P<name>…)` works with every version.',
      why:
        'RE2 originally only accepted the Python spelling `(?P<name>…)` for named groups. Go added `(?<name>…)` in 1.22 and ' +
        'C++ RE2 in its 2023-08 release, so a mesh with an older control plane (webhook built with older Go) rejects the ' +
        'resource, and older proxies reject the route configuration. Mixed-version meshes during upgrades hit this. ' +
        'Write `(?P<name>…)`: it means exactly the same and every version accepts it.',
      bad: apiRouting("regex: '/api/(?<version>v[0-9]+)/.*'"),
      good: apiRouting("regex: '/api/(?P<version>v[0-9]+)/.*'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'safe',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      for (const f of ctx.patterns.scan(site.value)) {
        if (f.kind !== 'angle-named-group' || !f.detail) continue;
        const at = sourceRange(site, f.start, f.end);
        const fixes: Fix[] = [];
        // Insert the P after "(?": nothing else of the value is touched.
        const edits = valueEdits(doc, site, f.start + 2, f.start + 2, 'P');
        if (edits) fixes.push({ title: `Write (?P<${f.detail}>…) (same meaning, works on every version)`, safe: true, edits });
        ctx.report({ start: at.start, end: at.end, messageId: 'angle', data: { name: quote(f.detail ?? '', 24) }, fixes });
      }
    }
  },
};
