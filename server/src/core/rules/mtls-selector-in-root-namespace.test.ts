import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { expectWorkspace } from '../../test-support/ws-tester';
import { meshConfigMapDoc } from '../mtls/docs-manifests';

const ID = 'mtls-selector-in-root-namespace';

const PA = (ns: string, selector: string, version = 'v1') => `
apiVersion: security.istio.io/${version}
kind: PeerAuthentication
metadata:
  name: ratings
${ns}spec:
${selector}  mtls:
    mode: STRICT
`;

describe(ID, () => {
  it('flags a selector policy in istio-system (v1 and v1beta1)', () => {
    for (const v of ['v1', 'v1beta1']) {
      const [f] = expectFindings(ID, PA('  namespace: istio-system\n', '  selector:\n# ^^^^^^^^ "istio-system"\n    matchLabels: {app: ratings}\n', v));
      assert.equal(f.severity, 'warning');
      assert.deepEqual(f.fixes, []);
    }
  });

  it('follows config.rootNamespace and defaultNamespace', () => {
    const src = PA('  namespace: mesh-root\n', '  selector:\n# ^^^^^^^^ "mesh-root"\n    matchLabels: {app: ratings}\n');
    expectFindings(ID, src, { rootNamespace: 'mesh-root' });
    expectNoFindings(ID, src);
    const noNs = PA('', '  selector:\n# ^^^^^^^^ "istio-system"\n    matchLabels: {app: ratings}\n');
    expectFindings(ID, noNs, { defaultNamespace: 'istio-system' });
    expectNoFindings(ID, noNs);
  });

  it('stays silent for mesh-wide policies, empty selectors, other namespaces and templated namespaces', () => {
    expectNoFindings(ID, PA('  namespace: istio-system\n', ''));
    expectNoFindings(ID, PA('  namespace: istio-system\n', '  selector: {}\n'));
    expectNoFindings(ID, PA('  namespace: bookinfo\n', '  selector:\n    matchLabels: {app: ratings}\n'));
    expectNoFindings(ID, PA('  namespace: {{ .Release.Namespace }}\n', '  selector:\n    matchLabels: {app: ratings}\n'));
  });

  it('reports in the right document of a multi-document file', () => {
    expectFindings(
      ID,
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: x, namespace: istio-system}
spec: {selector: {matchLabels: {app: x}}, mtls: {mode: STRICT}}
#      ^^^^^^^^ No effect
`,
    );
  });
});

describe(`${ID} with meshConfig in the workspace`, () => {
  // pilot/pkg/model/authentication.go: root-namespace policies are the mesh defaults, and the
  // root namespace is meshConfig.rootNamespace as istiod reads it (mesh.ApplyMeshConfig over the
  // istio ConfigMap's data.mesh; pilot/pkg/bootstrap/mesh.go getMeshConfigMapName).
  const mesh = meshConfigMapDoc(['rootNamespace: mesh-root']);
  it('uses the root namespace the mesh ConfigMap sets, and says who decided', () => {
    const out = expectWorkspace(ID, {
      'mesh.yaml': mesh,
      'pa.yaml': PA('  namespace: mesh-root\n', '  selector:\n# ^^^^^^^^ the ConfigMap istio-system/istio\n    matchLabels: {app: ratings}\n'),
      'other.yaml': PA('  namespace: istio-system\n', '  selector:\n    matchLabels: {app: ratings}\n'),
    });
    assert.match(out.get('pa.yaml')![0].message, /"mesh-root"/);
  });

  it('lets the user setting win over the workspace', () => {
    expectWorkspace(
      ID,
      { 'mesh.yaml': mesh, 'pa.yaml': PA('  namespace: istio-system\n', '  selector:\n# ^^^^^^^^ your settings\n    matchLabels: {app: ratings}\n') },
      { rootNamespace: 'istio-system', rootNamespaceFrom: '--root-namespace' },
    );
  });
});
