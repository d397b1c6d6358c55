import type { WorkspaceRule } from '../rule';
import { TELEMETRIES, meshDefaultAccessLogProviders } from '../telemetry/facts';
import { MESH_CONFIGS } from '../mtls/mesh-config';
import { telemetryExample } from '../telemetry/examples';

const logging = (entry: string) => telemetryExample('mesh-default', `  accessLogging:\n${entry}`).replace('bookinfo', 'istio-system');

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [TELEMETRIES, MESH_CONFIGS],
  meta: {
    id: 'telemetry-access-log-no-provider',
    family: 'telemetry',
    severity: 'warning',
    kinds: ['Telemetry'],
    messages: {
      noDefault: 'Name a provider (e.g. envoy): this access logging entry has none and meshConfig sets no default, so nothing is logged',
      unknownDefault: 'Name a provider (e.g. envoy): this access logging entry logs nothing unless meshConfig.defaultProviders.accessLogging names one',
    },
    docs: {
      summary: 'A Telemetry access logging entry without providers, where the mesh may have no default provider.',
      why: [
        'An `accessLogging` entry without `providers` uses `meshConfig.defaultProviders.accessLogging`. A default',
        'installation sets none, so the entry (with its filter) turns on no access log at all (istioctl IST0157,',
        '`telemetry.ProviderAnalyzer`). Name the provider, for example `envoy`, or set the mesh default.',
        'An entry with `disabled: true` is not reported. The mesh default is read from the `istio` ConfigMap in',
        'the workspace (what istiod reads); without it the finding is an info that says it depends on it.',
      ].join('\n'),
      bad: logging('  - filter:\n      expression: response.code >= 400\n'),
      good: logging('  - providers:\n    - name: envoy\n    filter:\n      expression: response.code >= 400\n'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0157/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0157', analyzer: 'telemetry.ProviderAnalyzer' }],
  },
  check(ws, ctx) {
    const defaults = meshDefaultAccessLogProviders(ws);
    if (defaults?.length) return;
    for (const t of ws.facts(TELEMETRIES)) {
      for (const entry of t.value.accessLogging) {
        if (entry.disabled || !entry.noProviders) continue;
        ctx.report(t.doc, { ...entry.at, ...(defaults ? { messageId: 'noDefault' } : { messageId: 'unknownDefault', severity: 'info' }) });
      }
    }
  },
};
