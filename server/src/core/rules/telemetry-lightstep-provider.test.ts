// istioctl telemetry.LightstepAnalyzer (istio/istio pkg/config/analysis/analyzers/telemetry/lightstep.go):
// collects meshConfig.ExtensionProviders whose provider is MeshConfig_ExtensionProvider_Lightstep and
// reports IST0002 (Deprecated) on every Telemetry whose tracing names one of them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { meshConfigMapDoc } from '../mtls/docs-manifests';

const ID = 'telemetry-lightstep-provider';
/** The mesh ConfigMap with `extensionProviders` entries (lines as written under it). */
const meshConfigMap = (...providers: string[][]) => meshConfigMapDoc(['extensionProviders:', ...providers.flat()]);
const lightstep = ['- name: lightstep', '  lightstep:', '    address: ingest.lightstep.com:443', '    accessToken: token'];
const otel = ['- name: otel', '  opentelemetry:', '    service: otel.observability.svc.cluster.local', '    port: 4317'];
const telemetry = (providers: string) =>
  `apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata:\n  name: mesh-default\n  namespace: istio-system\nspec:\n  tracing:\n  - providers:\n${providers}`;

describe(ID, () => {
  it('flags a tracing provider that meshConfig defines as Lightstep, on its name, with the definition as related location', () => {
    const out = expectWorkspace(ID, {
      'mesh.yaml': meshConfigMap(lightstep, otel),
      'telemetry.yaml': telemetry('    - name: lightstep\n#           ^^^^^^^^^ OpenTelemetry\n    - name: otel\n'),
    });
    const f = out.get('telemetry.yaml')![0];
    assert.equal(f.related?.[0].uri, 'mesh.yaml');
  });

  it('reads Helm values and IstioOperator meshConfig too', () => {
    const tel = telemetry('    - name: lightstep\n#           ^^^^^^^^^\n');
    expectWorkspace(ID, { 'values.yaml': `meshConfig:\n  extensionProviders:\n  - name: lightstep\n    lightstep:\n      address: x:443\n`, 'telemetry.yaml': tel });
  });

  it('stays silent without Lightstep providers, or without meshConfig in the files', () => {
    expectWorkspace(ID, { 'mesh.yaml': meshConfigMap(otel), 'telemetry.yaml': telemetry('    - name: otel\n') });
    expectWorkspace(ID, { 'telemetry.yaml': telemetry('    - name: lightstep\n') });
  });
});
