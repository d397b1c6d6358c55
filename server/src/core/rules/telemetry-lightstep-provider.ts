import type { WorkspaceRule } from '../rule';
import { MESH_CONFIGS } from '../mtls/mesh-config';
import { meshSettings } from '../mtls/mesh-settings';
import { meshConfigMapDoc } from '../mtls/docs-manifests';
import { TELEMETRIES } from '../telemetry/facts';

/** The mesh ConfigMap defining extension provider `tracing` (`provider` lines under it), and a Telemetry tracing through it. */
const meshConfigMap = (provider: readonly string[]) => `${meshConfigMapDoc(['extensionProviders:', '- name: tracing', ...provider.map((l) => `  ${l}`)])}---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  tracing:
  - providers:
    - name: tracing
`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [TELEMETRIES, MESH_CONFIGS],
  meta: {
    id: 'telemetry-lightstep-provider',
    family: 'telemetry',
    severity: 'warning',
    kinds: ['Telemetry'],
    messages: {
      lightstep: 'Move tracing to an OpenTelemetry provider: "{name}" is a Lightstep provider in meshConfig, which Istio has deprecated',
    },
    details: {
      lightstep:
        'meshConfig ({source}) defines extension provider "{name}" with a lightstep block. Istio deprecated the Lightstep provider; ' +
        'define an opentelemetry provider (Lightstep accepts OTLP) and name it here instead.',
    },
    docs: {
      summary: 'A Telemetry traces through a Lightstep extension provider of meshConfig, which Istio has deprecated.',
      why: [
        'Istio deprecated the `lightstep` extension provider in favour of `opentelemetry` (Lightstep ingests OTLP).',
        'istioctl reports every Telemetry whose tracing names a Lightstep provider of meshConfig (IST0002,',
        '`telemetry.LightstepAnalyzer`). The providers are read from the workspace\'s meshConfig: the `istio`',
        'ConfigMap, an IstioOperator or Helm values; without one in the files nothing is reported.',
      ].join('\n'),
      bad: meshConfigMap(['lightstep:', '  address: ingest.lightstep.com:443', '  accessToken: token']),
      good: meshConfigMap(['opentelemetry:', '  service: otel-collector.observability.svc.cluster.local', '  port: 4317']),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0002/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0002', analyzer: 'telemetry.LightstepAnalyzer' }],
  },
  check(ws, ctx) {
    const setting = meshSettings(ws).lightstepProviders;
    const names = new Set(setting.value.split(',').filter(Boolean));
    if (!names.size) return;
    const from = setting.from.replace(/^meshConfig in /, '');
    for (const t of ws.facts(TELEMETRIES)) {
      for (const p of t.value.tracingProviders) {
        if (!names.has(p.name)) continue;
        // The related location: a source that defines this provider as Lightstep.
        const source = setting.sources.find((s) => s.field.value.split(',').includes(p.name));
        ctx.report(t.doc, {
          ...p.at,
          messageId: 'lightstep',
          data: { name: p.name, source: from },
          ...(source ? { related: [{ at: source.entry.doc, start: source.field.at.start, end: source.field.at.end, message: 'The Lightstep provider is defined here' }] } : {}),
        });
      }
    }
  },
};
