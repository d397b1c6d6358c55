import type { DocRule } from '../rule';
import { REPLACE_APPLIES_TO, envoyFilterPatches } from '../envoyfilter/patches';
import { envoyFilterExample, patchExample } from '../envoyfilter/examples';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'envoyfilter-operation-ignored',
    family: 'envoyfilter',
    severity: 'error',
    kinds: ['EnvoyFilter'],
    messages: {
      replace: 'Use MERGE, or REPLACE on a filter or virtual host: Istio ignores REPLACE on {applyTo}, so this patch does nothing',
      routeConfiguration: 'Use MERGE: Istio applies only MERGE to ROUTE_CONFIGURATION and ignores {operation}, so this patch does nothing',
    },
    docs: {
      summary: 'An EnvoyFilter patch whose operation Istio does not apply to its applyTo.',
      why: [
        'Istio applies each patch operation only where it has a meaning, and silently skips the rest:',
        '`REPLACE` works on `LISTENER_FILTER`, `NETWORK_FILTER`, `HTTP_FILTER` and `VIRTUAL_HOST` only, and',
        '`ROUTE_CONFIGURATION` takes only `MERGE` (pilot `envoyfilter` package: `rc_patch.go`, `listener_patch.go`).',
        'istioctl reports these (IST0152, IST0153, IST0154, `envoyfilter.EnvoyPatchAnalyzer`); it also calls `ADD`',
        'and `REMOVE` on `HTTP_ROUTE` ignored, which Istio does apply, so they are not reported here.',
      ].join('\n'),
      bad: envoyFilterExample('  priority: 10\n', patchExample('CLUSTER', 'REPLACE', '        name: lua_cluster\n        connect_timeout: 0.5s\n')),
      good: envoyFilterExample('  priority: 10\n', patchExample('HTTP_FILTER', 'REPLACE')),
      link: 'https://istio.io/latest/docs/reference/config/networking/envoy-filter/#EnvoyFilter-Patch-Operation',
    },
    fix: 'none',
    istioctl: [
      { code: 'IST0152', analyzer: 'envoyfilter.EnvoyPatchAnalyzer' },
      { code: 'IST0153', analyzer: 'envoyfilter.EnvoyPatchAnalyzer' },
      { code: 'IST0154', analyzer: 'envoyfilter.EnvoyPatchAnalyzer' },
    ],
  },
  check(doc, ctx) {
    for (const p of envoyFilterPatches(doc)) {
      if (!p.applyTo) continue;
      if (p.operation === 'REPLACE' && !REPLACE_APPLIES_TO.has(p.applyTo)) ctx.report({ ...p.at, messageId: 'replace', data: { applyTo: p.applyTo } });
      else if ((p.operation === 'ADD' || p.operation === 'REMOVE') && p.applyTo === 'ROUTE_CONFIGURATION') ctx.report({ ...p.at, messageId: 'routeConfiguration', data: { operation: p.operation } });
    }
  },
};
