/**
 * Issue 14, class 6: meshConfig read from the workspace. The values and their precedence follow
 * Istio's code, named in each test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, buildIndex } from '../engine';
import { defaultConfig, mergeConfig, type Config } from '../config';
import { ALL_RULES } from '../registry';
import { dedent } from '../../test-support/rule-tester';
import { meshSettings } from './mesh-settings';
import { MtlsWorld } from './world';

function settings(files: Record<string, string>, config: Config = defaultConfig()) {
  const a = new Analyzer({ rules: ALL_RULES });
  const index = buildIndex(Object.entries(files).map(([u, t]) => a.analyzeFile(u, dedent(t), config)), config);
  return { mesh: meshSettings(index, config), world: new MtlsWorld(index, config) };
}

const configMap = (mesh: string, name = 'istio', namespace = 'istio-system') => `
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: ${name}
    namespace: ${namespace}
  data:
    mesh: |-
${mesh
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
  `;

const operator = (spec: string) => `
  apiVersion: install.istio.io/v1alpha1
  kind: IstioOperator
  metadata:
    name: control-plane
    namespace: istio-system
  spec:
${spec}`;

describe('meshConfig from the workspace', () => {
  // DefaultMeshConfig (pkg/config/mesh/mesh.go): RootNamespace istio-system, EnableAutoMtls true.
  it("uses Istio's defaults when nothing says otherwise", () => {
    const { mesh } = settings({ 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' });
    assert.equal(mesh.rootNamespace.value, 'istio-system');
    assert.equal(mesh.enableAutoMtls.value, true);
    assert.equal(mesh.rootNamespace.from, "Istio's default");
  });

  // initMeshConfiguration reads the `istio` (or `istio-<revision>`, getMeshConfigMapName) ConfigMap's
  // `mesh` key; ApplyMeshConfig lays that YAML over DefaultMeshConfig, so an omitted field keeps the default.
  it('reads rootNamespace and enableAutoMtls from the istio ConfigMap', () => {
    const { mesh, world } = settings({ 'cm.yaml': configMap('rootNamespace: mesh-root\nenableAutoMtls: false\ntrustDomain: cluster.local') });
    assert.equal(mesh.rootNamespace.value, 'mesh-root');
    assert.equal(mesh.enableAutoMtls.value, false);
    assert.match(mesh.rootNamespace.from, /ConfigMap istio-system\/istio \(cm\.yaml\)/);
    assert.equal(world.config.rootNamespace, 'mesh-root');
    const rev = settings({ 'cm.yaml': configMap('enableAutoMtls: false', 'istio-canary') }).mesh;
    assert.equal(rev.enableAutoMtls.value, false);
    const omitted = settings({ 'cm.yaml': configMap('trustDomain: cluster.local') }).mesh;
    assert.equal(omitted.enableAutoMtls.value, true);
    assert.equal(settings({ 'cm.yaml': configMap('enableAutoMtls: false', 'other') }).mesh.enableAutoMtls.value, true);
  });

  // translateIstioOperatorToHelm (operator/pkg/render/manifest.go) merges spec.meshConfig over
  // spec.values.meshConfig (values.Map.MergeFrom): the top-level field wins.
  it('reads an IstioOperator, spec.meshConfig over spec.values.meshConfig', () => {
    const iop = operator('    meshConfig:\n      enableAutoMtls: false\n    values:\n      meshConfig:\n        enableAutoMtls: true\n        rootNamespace: mesh-root\n');
    const { mesh } = settings({ 'iop.yaml': iop });
    assert.equal(mesh.enableAutoMtls.value, false);
    assert.equal(mesh.rootNamespace.value, 'mesh-root');
    assert.match(mesh.enableAutoMtls.from, /IstioOperator istio-system\/control-plane/);
  });

  // The istiod chart's configmap.yaml renders `rootNamespace: meshConfig.rootNamespace | default
  // global.istioNamespace`, then mergeOverwrite's .Values.meshConfig over it.
  it('reads Helm values: meshConfig, with global.istioNamespace as the root namespace fallback', () => {
    const values = 'global:\n  istioNamespace: mesh-system\nmeshConfig:\n  enableAutoMtls: false\n';
    const { mesh } = settings({ 'values.yaml': values });
    assert.equal(mesh.rootNamespace.value, 'mesh-system');
    assert.equal(mesh.enableAutoMtls.value, false);
    assert.match(mesh.enableAutoMtls.from, /Helm values in values\.yaml/);
    const both = settings({ 'values.yaml': 'global:\n  istioNamespace: mesh-system\nmeshConfig:\n  rootNamespace: mesh-root\n' }).mesh;
    assert.equal(both.rootNamespace.value, 'mesh-root');
    // A YAML file that is neither a resource nor Istio values gives nothing.
    assert.equal(settings({ 'ci.yaml': 'name: build\non: push\n' }).mesh.rootNamespace.from, "Istio's default");
  });

  it('lets the user setting decide, and the ConfigMap istiod reads decide between disagreeing sources', () => {
    const user = mergeConfig(defaultConfig(), { rootNamespace: 'from-flag' }, new Set(), '--root-namespace').config;
    const mine = settings({ 'cm.yaml': configMap('rootNamespace: mesh-root') }, user);
    assert.equal(mine.mesh.rootNamespace.value, 'from-flag');
    assert.equal(mine.mesh.rootNamespace.from, 'your settings (--root-namespace)');
    assert.equal(mine.mesh.rootNamespace.sources.length, 1);
    const split = settings({ 'cm.yaml': configMap('enableAutoMtls: true'), 'values.yaml': 'meshConfig:\n  enableAutoMtls: false\n' }).mesh;
    assert.equal(split.enableAutoMtls.value, true);
    assert.match(split.enableAutoMtls.disputed!, /ConfigMap istio-system\/istio \(cm\.yaml\) says true; Helm values in values\.yaml says false/);
    const noMap = settings({ 'iop.yaml': operator('    meshConfig:\n      rootNamespace: a\n'), 'values.yaml': 'meshConfig:\n  rootNamespace: b\n' }).mesh;
    assert.equal(noMap.rootNamespace.value, 'istio-system');
    assert.ok(noMap.rootNamespace.disputed);
  });

  it('says when the mesh YAML cannot be read, and ignores quoted booleans (protojson refuses them)', () => {
    const broken = settings({ 'cm.yaml': configMap('enableAutoMtls: [') }).mesh;
    assert.equal(broken.enableAutoMtls.value, true);
    assert.equal(broken.unreadable.length, 1);
    assert.equal(settings({ 'cm.yaml': configMap('enableAutoMtls: "false"') }).mesh.enableAutoMtls.value, true);
  });

  it('moves mesh-wide policies to the root namespace the workspace names', () => {
    const pa = `
  apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata:
    name: default
    namespace: mesh-root
  spec:
    mtls:
      mode: STRICT
  `;
    const { world } = settings({ 'cm.yaml': configMap('rootNamespace: mesh-root'), 'pa.yaml': pa });
    assert.equal(world.model.namespace('shop').mode, 'STRICT');
    assert.equal(world.model.namespace('shop').level, 'mesh');
  });
});
