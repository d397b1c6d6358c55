// istioctl telemetry analyzers (istio/istio pkg/config/analysis/analyzers/telemetry): SelectorAnalyzer
// (IST0101 selector matching no pod of its namespace, IST0159 pods several selector Telemetries
// select; cases of testdata/telemetry-selector.yaml), DefaultSelectorAnalyzer (IST0160, `Selector == nil`;
// testdata/telemetry-default-selector.yaml) and ProviderAnalyzer (IST0157; telemetry-invalid-provider.yaml,
// telemetry-disable-provider.yaml).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { pod } from '../traffic/test-fixtures';
import { meshConfigMapDoc } from '../mtls/docs-manifests';

const telemetry = (name: string, ns: string, spec: string) => `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec}  metrics:
  - providers:
    - name: prometheus
`;
const sel = (labels: string, marker = '') => `  selector:\n${marker}    matchLabels:\n${labels}`;
// telemetry-selector.yaml's pods.
const pods = [
  pod('productpage', 'default', '    app: productpage\n'),
  pod('productpage-other', 'other', '    app: productpage\n'),
  pod('reviews', 'default', '    app: reviews\n'),
  pod('ratings', 'default', '    app: ratings-app\n    myapp: ratings-myapp\n'),
].join('---');

describe('telemetry-selector-no-workload', () => {
  const ID = 'telemetry-selector-no-workload';
  it('flags a selector matching no pod of its namespace, on the selector (maps-to-nonexistent, maps-to-different-ns)', () => {
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'ok.yaml': telemetry('maps-correctly-no-conflicts', 'default', sel('      app: productpage\n')),
      'bogus.yaml': telemetry('maps-to-nonexistent', 'default', sel('      app: bogus\n', '# ^^^^^^^^ {app=bogus}\n')),
      'other.yaml': telemetry('maps-to-different-ns', 'other', sel('      app: reviews\n', '# ^^^^^^^^ namespace other\n')),
    });
  });

  it('says nothing when the workspace holds no workload of the namespace, or labels are templated', () => {
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'elsewhere.yaml': telemetry('t', 'payments', sel('      app: bogus\n')),
      'templated.yaml': telemetry('t2', 'default', sel('      app: {{ .Values.app }}\n')),
      'deploy.yaml': pod('tpl', 'default', '    {{- include "labels" . | nindent 4 }}\n').replace('namespace: default', 'namespace: default'),
    });
  });
});

describe('telemetry-selector-conflict', () => {
  const ID = 'telemetry-selector-conflict';
  it('flags Telemetries selecting the same pod, on each selector (dupe-1/2, overlap-1/2)', () => {
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'ok.yaml': telemetry('maps-correctly-no-conflicts', 'default', sel('      app: productpage\n')),
      'd1.yaml': telemetry('dupe-1', 'default', sel('      app: reviews\n', '# ^^^^^^^^ "dupe-2"\n')),
      'd2.yaml': telemetry('dupe-2', 'default', sel('      app: reviews\n', '# ^^^^^^^^ Pod "reviews"\n')),
      'o1.yaml': telemetry('overlap-1', 'default', sel('      app: ratings-app\n', '# ^^^^^^^^ "overlap-2"\n')),
      'o2.yaml': telemetry('overlap-2', 'default', sel('      myapp: ratings-myapp\n', '# ^^^^^^^^ "overlap-1"\n')),
      'same.yaml': telemetry('maps-correctly-no-conflicts', 'default', sel('      app: productpage\n')),
    });
  });
});

describe('telemetry-multiple-default', () => {
  const ID = 'telemetry-multiple-default';
  it('flags each selector-less Telemetry of a namespace with several, on the name (has-conflict-1/2)', () => {
    expectWorkspace(ID, {
      'ns1.yaml': telemetry('no-selector', 'ns1', '') + '---' + telemetry('has-selector', 'ns1', sel('      app: foo\n')),
      'ns2.yaml': (telemetry('has-conflict-1', 'ns2', '') + '---' + telemetry('has-conflict-2', 'ns2', ''))
        .replace('  name: has-conflict-1\n', '  name: has-conflict-1\n#       ^^^^^^^^^^^^^^ "has-conflict-2"\n')
        .replace('  name: has-conflict-2\n', '  name: has-conflict-2\n#       ^^^^^^^^^^^^^^ namespace ns2\n'),
    });
  });

  it('counts `selector: {}` as a selector like istioctl, and not Telemetries attached by targetRefs', () => {
    expectWorkspace(ID, {
      'a.yaml': telemetry('default', 'shop', ''),
      'b.yaml': telemetry('empty', 'shop', '  selector: {}\n'),
      'c.yaml': telemetry('gateway', 'shop', '  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: shop-gw\n'),
    });
  });
});

describe('telemetry-access-log-no-provider', () => {
  const ID = 'telemetry-access-log-no-provider';
  const logging = (name: string, ns: string, entries: string) => telemetry(name, ns, `  accessLogging:\n${entries}`);
  it('flags an entry without providers, as an info naming meshConfig while it is unknown (telemetry-invalid-provider.yaml)', () => {
    const out = expectWorkspace(ID, {
      'a.yaml': logging('mesh-default', 'istio-system', '    - providers:\n      - name: envoy\n    - filter:\n#     ^^^^^^ meshConfig.defaultProviders.accessLogging\n        expression: "response.code >= 400"\n'),
    });
    assert.equal(out.get('a.yaml')![0].severity, 'info');
  });

  it('skips disabled entries and entries with providers (telemetry-disable-provider.yaml), and templated ones', () => {
    expectWorkspace(ID, {
      'a.yaml': logging('mesh-default', 'istio-system', '    - providers:\n        - name: envoy\n'),
      'b.yaml': logging('mesh-default', 'foo', '    - disabled: true\n'),
      'c.yaml': logging('helm', 'bar', '    - providers:\n      {{- toYaml .Values.providers | nindent 6 }}\n'),
    });
  });
  // telemetry.ProviderAnalyzer reads meshConfig.DefaultProviders.AccessLogging (nil: no default); istiod reads
  // the mesh from the istio ConfigMap (pilot/pkg/bootstrap/mesh.go getMeshConfigMapName, mesh.ApplyMeshConfig).
  const entry = '    - filter:\n#     ^^^^^^ meshConfig sets no default\n        expression: "response.code >= 400"\n';
  it('is a warning when the mesh ConfigMap in the workspace sets no default provider', () => {
    const out = expectWorkspace(ID, {
      'a.yaml': logging('mesh-default', 'istio-system', entry),
      'mesh.yaml': meshConfigMapDoc(['enableAutoMtls: true']),
    });
    assert.equal(out.get('a.yaml')![0].severity, 'warning');
  });

  it('stays silent when the mesh ConfigMap or Helm values name a default provider', () => {
    const quiet = entry.replace(/#.*\n/, '');
    expectWorkspace(ID, {
      'a.yaml': logging('mesh-default', 'istio-system', quiet),
      'mesh.yaml': meshConfigMapDoc(['defaultProviders:', '  accessLogging:', '  - envoy']),
    });
    expectWorkspace(ID, {
      'a.yaml': logging('mesh-default', 'istio-system', quiet),
      'values.yaml': 'meshConfig:\n  defaultProviders:\n    accessLogging: [envoy]\n',
    });
  });
});
