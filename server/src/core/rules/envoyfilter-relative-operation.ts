import type { WorkspaceRule } from '../rule';
import { ENVOY_FILTERS, isRelative, type PatchFact } from '../envoyfilter/patches';
import { envoyFilterExample, patchExample } from '../envoyfilter/examples';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [ENVOY_FILTERS],
  meta: {
    id: 'envoyfilter-relative-operation',
    family: 'envoyfilter',
    severity: 'warning',
    kinds: ['EnvoyFilter'],
    messages: {
      relative: 'Set spec.priority or use INSERT_FIRST/ADD: without a priority, {operation} runs in creation order and misses filters later EnvoyFilters add',
      proxyVersion: 'Set spec.priority: {operation} next to a proxyVersion-pinned patch of {filter} may stop applying during an upgrade',
    },
    docs: {
      summary: 'An EnvoyFilter without priority uses a relative patch operation (INSERT_BEFORE/AFTER, REPLACE, REMOVE).',
      why: [
        'Relative operations act on a filter that must already be there when the patch runs. EnvoyFilters of the',
        'same priority are applied in creation order, so a patch relative to a filter another EnvoyFilter adds can',
        'run before it and silently do nothing. Give the EnvoyFilter a `priority`, or use an absolute operation',
        '(`INSERT_FIRST`, `ADD`) (istioctl IST0151, `envoyfilter.EnvoyPatchAnalyzer`). When another patch for the',
        'same filter is pinned to a `proxyVersion`, the order can change during an upgrade (IST0155).',
      ].join('\n'),
      bad: envoyFilterExample('', patchExample('HTTP_FILTER', 'INSERT_BEFORE')),
      good: envoyFilterExample('  priority: 10\n', patchExample('HTTP_FILTER', 'INSERT_BEFORE')),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0151/',
    },
    fix: 'none',
    istioctl: [
      { code: 'IST0151', analyzer: 'envoyfilter.EnvoyPatchAnalyzer' },
      { code: 'IST0155', analyzer: 'envoyfilter.EnvoyPatchAnalyzer' },
    ],
  },
  check(ws, ctx) {
    const filters = ws.facts(ENVOY_FILTERS);
    // Filters named by patches pinned to a proxyVersion, per EnvoyFilter document.
    const pinned = filters.map((f) => new Set(f.value.patches.filter((p) => p.proxyVersion).map((p) => p.filter)));
    // The same namespace/name written in two files is one EnvoyFilter, not another one.
    const key = (k: number) => (filters[k].value.name ? `${filters[k].value.namespace}/${filters[k].value.name}` : `#${k}`);
    filters.forEach((f, i) => {
      if (f.value.priority !== 0) return;
      f.value.patches.forEach((p: PatchFact, j) => {
        if (!isRelative(p)) return;
        // The analyzer counts this filter's earlier patches and every other EnvoyFilter's (in its iteration
        // order, which files cannot tell: all of them here). Unnamed patches name no common filter.
        const sibling = !!p.filter && (f.value.patches.slice(0, j).some((q) => q.proxyVersion && q.filter === p.filter) || pinned.some((s, k) => key(k) !== key(i) && s.has(p.filter)));
        ctx.report(f.doc, { ...p.at, messageId: sibling ? 'proxyVersion' : 'relative', data: { operation: p.operation, filter: p.filter } });
      });
    });
  },
};
