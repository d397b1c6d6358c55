import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../engine';
import { defaultConfig } from '../config';
import { ALL_RULES } from '../registry';
import { dedent } from '../../test-support/rule-tester';
import { mtlsHover } from './hover';
import { destinationRule, peerAuthentication, tlsPolicy } from './test-fixtures';

function hoverAt(files: Record<string, string>, uri: string, needle: string, nth = 0) {
  const a = new Analyzer({ rules: ALL_RULES, hoverProviders: [mtlsHover] });
  const config = defaultConfig();
  const texts = Object.fromEntries(Object.entries(files).map(([u, t]) => [u, dedent(t)]));
  const analyses = Object.entries(texts).map(([u, t]) => a.analyzeFile(u, t, config));
  const text = texts[uri];
  let at = text.indexOf(needle);
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} in ${uri}`);
  const h = a.hover(uri, text, at + 1, analyses, config);
  return h && { ...h, text: text.slice(h.start, h.end) };
}

const pa = (ns: string, mode: string, extra = '', name = 'default') => peerAuthentication({ name, namespace: ns, mode, spec: extra });
const dr = destinationRule({ name: 'cart', namespace: 'shop', host: 'cart', policy: tlsPolicy('      mode: DISABLE\n') });
const deploy = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: cart
        sidecar.istio.io/inject: "false"
    spec:
      containers:
      - name: cart
        ports:
        - containerPort: 8080
`;

describe('mTLS hover', () => {
  it('on a namespace policy whose mode is UNSET: the mesh policy decides, named with its file', () => {
    const h = hoverAt({ 'mesh.yaml': pa('istio-system', 'STRICT'), 'ns.yaml': pa('shop', 'UNSET') }, 'ns.yaml', 'UNSET')!;
    assert.equal(h.text, 'UNSET');
    assert.match(h.markdown, /Namespace-wide policy/);
    assert.match(h.markdown, /STRICT, set by the mesh-wide PeerAuthentication "default" in istio-system \(mesh\.yaml\)/);
    assert.match(h.markdown, /does not decide/);
  });

  it('on the mesh policy: lists namespaces that decide for themselves', () => {
    const h = hoverAt({ 'mesh.yaml': pa('istio-system', 'PERMISSIVE'), 'ns.yaml': pa('shop', 'STRICT') }, 'mesh.yaml', 'PERMISSIVE')!;
    assert.match(h.markdown, /Mesh-wide policy/);
    assert.match(h.markdown, /`shop` \(STRICT\)/);
  });

  it('on a port-level mode: the port decision; on a root-namespace selector policy: ignored', () => {
    const wl = pa('shop', 'STRICT', '  selector:\n    matchLabels:\n      app: cart\n  portLevelMtls:\n    8080:\n      mode: PERMISSIVE\n', 'cart');
    const h = hoverAt({ 'a.yaml': wl, 'd.yaml': deploy }, 'a.yaml', 'PERMISSIVE')!;
    assert.match(h.markdown, /Workload policy\*\* for pods labelled \{app=cart\} in `shop`, port 8080/);
    assert.match(h.markdown, /PERMISSIVE, set for port 8080/);
    assert.match(h.markdown, /Selects: Deployment "cart"/);
    assert.doesNotMatch(h.markdown, /does not decide/);
    const ignored = hoverAt({ 'a.yaml': wl.replace('namespace: shop', 'namespace: istio-system') }, 'a.yaml', 'STRICT')!;
    assert.match(ignored.markdown, /Ignored by Istio/);
  });

  it('on a DestinationRule tls.mode: each destination, the deciding policy and the verdict', () => {
    const h = hoverAt({ 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr }, 'dr.yaml', 'DISABLE')!;
    assert.equal(h.text, 'DISABLE');
    assert.match(h.markdown, /plaintext; overrides auto mTLS/);
    assert.match(h.markdown, /cart\.shop\.svc\.cluster\.local: STRICT, set by the namespace-wide PeerAuthentication "default" in shop \(ns\.yaml\) → \*\*refused\*\*/);
  });

  it('on a workload name: sidecar state and mode, with a warning when sidecar-less under STRICT', () => {
    const h = hoverAt({ 'ns.yaml': pa('shop', 'STRICT'), 'd.yaml': deploy }, 'd.yaml', 'cart')!;
    assert.equal(h.text, 'cart');
    assert.match(h.markdown, /Sidecar: none, because its pod label sidecar\.istio\.io\/inject is "false"/);
    assert.match(h.markdown, /cannot call STRICT services/);
  });

  it('uses the hovered document as currently typed, and says nothing elsewhere', () => {
    const h = hoverAt({ 'ns.yaml': pa('shop', 'DISABLE'), 'dr.yaml': dr.replace('DISABLE', 'ISTIO_MUTUAL') }, 'dr.yaml', 'ISTIO_MUTUAL')!;
    assert.match(h.markdown, /DISABLE.*\*\*refused\*\* \(handshake fails\)/);
    assert.equal(hoverAt({ 'dr.yaml': dr }, 'dr.yaml', 'trafficPolicy'), undefined);
  });

  // Honest about what decides and what the files cannot tell (issue 14 acceptance).
  it('says when the sidecar is unknown, when a policy is rejected, and gives the migration order', () => {
    const h = hoverAt({ 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr }, 'dr.yaml', 'DISABLE');
    assert.match(h!.markdown, /sidecar unknown \(the files do not say whether it is injected\)/);
    assert.match(h!.markdown, /Migration order: change this rule while the server is still PERMISSIVE/);
    const bad = pa('shop', 'STRICT', '  portLevelMtls:\n    8080:\n      mode: DISABLE\n', 'bad');
    assert.match(hoverAt({ 'bad.yaml': bad }, 'bad.yaml', 'STRICT')!.markdown, /Rejected by the API server/);
    const policy = hoverAt({ 'ns.yaml': pa('shop', 'STRICT') }, 'ns.yaml', 'STRICT')!.markdown;
    assert.match(policy, /Root namespace `istio-system` \(meshConfig.rootNamespace\): Istio's default/);
  });

  // Issue 14, class 6: the hover names the meshConfig source that decided (ApplyMeshConfig over DefaultMeshConfig).
  it('names the meshConfig source of the root namespace and of auto mTLS, and disagreements', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |-\n    rootNamespace: mesh-root\n    enableAutoMtls: false\n';
    const h = hoverAt({ 'ns.yaml': pa('shop', 'STRICT'), 'cm.yaml': cm, 'values.yaml': 'meshConfig:\n  rootNamespace: other\n' }, 'ns.yaml', 'STRICT')!.markdown;
    assert.match(h, /Root namespace `mesh-root` \(meshConfig.rootNamespace\): meshConfig in the ConfigMap istio-system\/istio \(cm.yaml\) \(what istiod reads\)/);
    assert.match(h, /disagree on rootNamespace: .*Helm values in values.yaml says other/);
    assert.match(h, /Auto mTLS is off \(meshConfig.enableAutoMtls: false, meshConfig in the ConfigMap/);
  });
});
