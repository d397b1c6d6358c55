/**
 * The mTLS verdicts held against istio/istio, one case per behaviour of issue 14; each test
 * names the function in Istio's source that decides it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace as expectAll, onDestinationRule } from '../../test-support/ws-tester';
import { defaultConfig } from '../config';
import { buildIndex, Analyzer } from '../engine';
import { ALL_RULES } from '../registry';
import { dedent, lintWorkspace } from '../../test-support/rule-tester';
import { destinationRule, legacyApp, namespaceManifest, peerAuthentication, tlsPolicy } from './test-fixtures';
import { MtlsWorld } from './world';

const expectWorkspace = (id: string, files: Record<string, string>) => expectAll(id, files, {}, onDestinationRule);
const pa = (ns: string, mode: string, spec = '', name = 'default') => peerAuthentication({ namespace: ns, mode, spec, name });
const dr = (name: string, ns: string, host: string, policy: string) => destinationRule({ name, namespace: ns, host, policy });
const DISABLE = tlsPolicy('      mode: DISABLE\n');
const MUTUAL = tlsPolicy('      mode: ISTIO_MUTUAL\n');

/** Every error-level mTLS finding of the workspace, as `file rule`. */
function errors(files: Record<string, string>): string[] {
  const out = lintWorkspace(files);
  return [...out].flatMap(([uri, fs]) => fs.filter((f) => f.severity === 'error').map((f) => `${uri} ${f.rule}: ${f.message}`));
}

const deployment = (ns: string, meta: string, nsLabels = '') => `${nsLabels ? `${namespaceManifest(ns, [nsLabels])}---` : ''}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: ${ns}
spec:
  template:
    metadata:
${meta}    spec:
      containers:
      - name: cart
        image: cart
`;

describe('mTLS verdicts as Istio computes them', () => {
  // Class 1. PeerAuthentication is enforced by the destination's sidecar (pilot/pkg/networking/core
  // listener building for sidecars; authn policies become inbound filter chains of the sidecar):
  // the API server and istiod run no sidecar, so a STRICT mesh never refuses plaintext there.
  it("istio.io's kube-apiserver DestinationRule is no error under a STRICT mesh", () => {
    const kube = dr('api-server', 'istio-system', 'kubernetes.default.svc.cluster.local', DISABLE);
    assert.deepEqual(errors({ 'mesh.yaml': dedent(pa('istio-system', 'STRICT')), 'dr.yaml': dedent(kube) }), []);
    const inDefault = dr('api-server', 'default', 'kubernetes', DISABLE);
    assert.deepEqual(errors({ 'ns.yaml': dedent(pa('default', 'STRICT')), 'dr.yaml': dedent(inDefault) }), []);
  });

  it('the classic expose-istiod DestinationRule (TLS off on 15012/15017) is no error', () => {
    const ports = (...ps: number[]) => `  trafficPolicy:\n    portLevelSettings:\n${ps.map((p) => `    - port:\n        number: ${p}\n      tls:\n        mode: DISABLE\n`).join('')}`;
    const istiod = dr('istiod', 'istio-system', 'istiod.istio-system.svc.cluster.local', ports(15012, 15017, 443));
    const service = `
apiVersion: v1
kind: Service
metadata:
  name: istiod
  namespace: istio-system
spec:
  selector:
    app: istiod
  ports:
  - name: grpc-xds
    port: 15012
  - name: https-webhook
    port: 443
    targetPort: 15017
`;
    assert.deepEqual(errors({ 'mesh.yaml': dedent(pa('istio-system', 'STRICT')), 'istiod.yaml': dedent(istiod), 'svc.yaml': dedent(service) }), []);
    const revisioned = dr('istiod', 'istio-system', 'istiod-1-22.istio-system.svc.cluster.local', DISABLE);
    assert.deepEqual(errors({ 'mesh.yaml': dedent(pa('istio-system', 'STRICT')), 'istiod.yaml': dedent(revisioned) }), []);
  });

  // Class 1, unknown sidecar state: the files say nothing about injection, so the message says so.
  it('says when it cannot tell whether the destination has a sidecar', () => {
    const out = lintWorkspace({ 'ns.yaml': dedent(pa('shop', 'STRICT')), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', DISABLE)) });
    const f = out.get('dr.yaml')!.find((x) => x.rule === 'mtls-plaintext-to-strict');
    assert.match(f!.message, /\(if injected\)/);
  });

  // Class 9. The injection webhooks (manifests/charts/istio-control/istio-discovery/templates/
  // mutatingwebhook.yaml) select pods by namespace and pod *labels*; pkg/kube/inject injectRequired
  // reads the annotation only once a webhook called it. An annotation "true" alone injects nothing.
  it('does not take the sidecar.istio.io/inject annotation alone as injection', () => {
    const annotated = deployment('shop', '      labels:\n        app: cart\n      annotations:\n        sidecar.istio.io/inject: "true"\n');
    const world = worldOf({ 'app.yaml': annotated });
    const w = world.workloads[0].value;
    assert.equal(world.sidecar(w).state, 'unknown');
    assert.match(world.sidecar(w).reason, /webhooks select by labels/);
    const labelled = deployment('shop', '      labels:\n        app: cart\n        sidecar.istio.io/inject: "true"\n');
    assert.equal(worldOf({ 'app.yaml': labelled }).sidecar(worldOf({ 'app.yaml': labelled }).workloads[0].value).state, 'sidecar');
    const inEnabled = deployment('shop', '      labels:\n        app: cart\n      annotations:\n        sidecar.istio.io/inject: "true"\n', 'istio-injection: enabled');
    const world2 = worldOf({ 'app.yaml': inEnabled });
    assert.equal(world2.sidecar(world2.workloads[0].value).state, 'sidecar', 'the namespace label injects');
    const optOut = inEnabled.replace('inject: "true"', 'inject: "false"');
    const world3 = worldOf({ 'app.yaml': optOut });
    assert.equal(world3.sidecar(world3.workloads[0].value).state, 'none', 'injectRequired honours "false" once called');
  });

  // Class 3. pilot/pkg/model/push_context.go destinationRule + setDestinationRules: a private
  // (exportTo ".") rule of the Service's namespace is not seen by clients elsewhere; they fall
  // through to the root namespace's exported rule.
  it("reports the root rule that clients outside a private rule's namespace fall through to", () => {
    const rootDr = `${dr('mesh', 'istio-system', '"*.local"', '')}  trafficPolicy:\n    tls:\n      mode: DISABLE\n#           ^^^^^^^\n`;
    const privateDr = dr('cart', 'shop', 'cart', `  exportTo: ["."]\n${MUTUAL}`);
    expectWorkspace('mtls-plaintext-to-strict', { 'ns.yaml': pa('shop', 'STRICT'), 'root.yaml': rootDr, 'shop.yaml': privateDr });
    const publicDr = dr('cart', 'shop', '"*.shop.svc.cluster.local"', MUTUAL);
    expectWorkspace('mtls-plaintext-to-strict', { 'ns.yaml': pa('shop', 'STRICT'), 'root.yaml': rootDr.replace(/#.*\n$/, ''), 'shop.yaml': publicDr });
  });

  // Class 3, root namespace clients: destinationRule reads rootNamespaceLocal (the root's private
  // rules) first, so the ingress gateway uses a private root rule even where the Service's namespace has one.
  it('reports a private root-namespace rule: the ingress gateway in the root namespace reads it first', () => {
    const rootDr = `${dr('gw', 'istio-system', '"*.local"', '  exportTo: ["."]\n')}  trafficPolicy:\n    tls:\n      mode: DISABLE\n#           ^^^^^^^\n`;
    const publicDr = dr('cart', 'shop', '"*.shop.svc.cluster.local"', MUTUAL);
    expectWorkspace('mtls-plaintext-to-strict', { 'ns.yaml': pa('shop', 'STRICT'), 'root.yaml': rootDr, 'shop.yaml': publicDr });
  });

  // Class 3: getExportedDestinationRuleFromNamespace picks the most specific host first, then
  // drops it when not exported to the client: exportTo naming another namespace hides it.
  it('follows exportTo naming namespaces', () => {
    const rule = (exportTo: string) => `${dr('cart', 'tools', 'cart.shop.svc.cluster.local', `  exportTo: [${exportTo}]\n`)}  trafficPolicy:\n    tls:\n      mode: DISABLE\n`;
    // setDestinationRules indexes it for its own namespace only with ".", "*" or its own name; a
    // client in "web" reads web's rules, then shop's, then the root's: nobody uses this one.
    expectWorkspace('mtls-plaintext-to-strict', { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': rule('"web"') });
    expectWorkspace('mtls-plaintext-to-strict', { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': `${rule('"tools"')}#           ^^^^^^^\n` });
  });

  // Class 2. pilot/pkg/networking/core/cluster_tls.go applyHBONETransportSocketMatches: with HBONE
  // sending on (ambient installs), a DISABLE or ISTIO_MUTUAL tls block still tunnels over HBONE to
  // ambient endpoints; pilot/pkg/serviceregistry/ambient/authorization.go treats PeerAuthentication
  // DISABLE like PERMISSIVE (isMtlsModeDisable). Neither error applies to ambient destinations.
  it('gives ambient destinations their own advice, never the sidecar errors', () => {
    const ns = namespaceManifest('shop', ['istio.io/dataplane-mode: ambient']);
    assert.deepEqual(errors({ 'ns.yaml': dedent(ns), 'pa.yaml': dedent(pa('shop', 'STRICT')), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', DISABLE)) }), []);
    assert.deepEqual(errors({ 'ns.yaml': dedent(ns), 'pa.yaml': dedent(pa('shop', 'DISABLE')), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', MUTUAL)) }), []);
    const out = lintWorkspace({ 'ns.yaml': dedent(ns), 'pa.yaml': dedent(pa('shop', 'STRICT')), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', DISABLE)) });
    const info = out.get('dr.yaml')!.find((f) => f.rule === 'mtls-plaintext-to-strict');
    assert.equal(info?.severity, 'info');
    assert.match(info!.message, /HBONE/);
  });

  // The injection webhooks select by injection labels only (manifests/charts/istio-control/
  // istio-discovery/templates/mutatingwebhook.yaml has no dataplane-mode selector), and istio-cni
  // skips pods that carry a sidecar (cni/pkg/util/podutil.go, the sidecar.istio.io/status
  // annotation): a namespace labelled both ambient and istio-injection=enabled runs sidecars.
  it('treats a namespace labelled for ambient and for injection as sidecar-injected', () => {
    const ns = namespaceManifest('shop', ['istio.io/dataplane-mode: ambient', 'istio-injection: enabled']);
    const found = errors({ 'ns.yaml': dedent(ns), 'pa.yaml': dedent(pa('shop', 'STRICT')), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', DISABLE)) });
    assert.ok(found.some((e) => e.startsWith('dr.yaml mtls-plaintext-to-strict')), found.join(', '));
  });
});

function worldOf(files: Record<string, string>): MtlsWorld {
  const a = new Analyzer({ rules: ALL_RULES });
  const config = defaultConfig();
  return new MtlsWorld(buildIndex(Object.entries(files).map(([u, t]) => a.analyzeFile(u, dedent(t), config)), config));
}

describe('port-level settings replace the top level (class 10)', () => {
  // pilot/pkg/networking/util/util.go GetPortLevelTrafficPolicy: "port level policies do not
  // inherit": an entry for a port without tls leaves that port with no tls (auto mTLS).
  const svc = `
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  ports:
  - port: 80
  - port: 9090
`;
  const policy = (entry: string) => `  trafficPolicy:\n    tls:\n      mode: DISABLE\n    portLevelSettings:\n    - port:\n        number: 9090\n${entry}`;
  it('a port entry without tls is not covered by the top-level DISABLE', () => {
    const files = (entry: string) => ({ 'ns.yaml': dedent(pa('shop', 'STRICT')), 'svc.yaml': dedent(svc), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', policy(entry))) });
    const world = (entry: string) => worldOf(files(entry));
    const reach = (entry: string) => {
      const w = world(entry);
      const d = w.destinationRules[0].value;
      return w.reaches(d, d.tls.find((t) => t.level === 'top')!).map((r) => r.servicePort);
    };
    assert.deepEqual(reach('      loadBalancer:\n        simple: LEAST_REQUEST\n'), [80]);
  });

  it('removing tls from a port entry that keeps other settings says auto mTLS takes over', () => {
    const entry = '      loadBalancer:\n        simple: LEAST_REQUEST\n      tls:\n        mode: DISABLE\n';
    const out = lintWorkspace({ 'ns.yaml': dedent(pa('shop', 'STRICT')), 'svc.yaml': dedent(svc), 'dr.yaml': dedent(dr('cart', 'shop', 'cart', policy(entry))) });
    const port = out.get('dr.yaml')!.filter((f) => f.rule === 'mtls-plaintext-to-strict').find((f) => (f.detail ?? '').includes('port 9090'));
    assert.match(port!.fixes[0].title, /auto mTLS then sends Istio mTLS/);
  });
});

describe('fixes never force ISTIO_MUTUAL toward sidecar-less destinations', () => {
  // cluster_tls.go buildUpstreamTLSSettings applies a written ISTIO_MUTUAL to every endpoint of
  // the host: an uninjected pod behind the same wildcard would refuse it.
  it('offers no "Set ISTIO_MUTUAL" when the block also reaches a pod without a sidecar', () => {
    const apps = legacyApp;
    const wildcard = dr('all', 'shop', '"*.shop.svc.cluster.local"', DISABLE);
    const fixes = (inject: string) =>
      lintWorkspace({ 'ns.yaml': dedent(pa('shop', 'STRICT')), 'app.yaml': dedent(apps(inject)), 'dr.yaml': dedent(wildcard) })
        .get('dr.yaml')!
        .filter((f) => f.rule === 'mtls-plaintext-to-strict' && f.severity === 'error')
        .flatMap((f) => f.fixes.map((x) => x.title));
    // The namespace-wide reach meets STRICT; the legacy pod has no sidecar.
    assert.ok(!fixes('false').some((t) => t.includes('ISTIO_MUTUAL')), fixes('false').join(' | '));
    assert.ok(fixes('true').some((t) => t.includes('ISTIO_MUTUAL')) || fixes('true').some((t) => t.includes('Remove')));
  });
});

// Class 8. getTLSModeFromWorkloadEntry (pilot/pkg/serviceregistry/serviceentry/conversion.go):
// a WorkloadEntry with a serviceAccount gets tlsMode "istio" (a VM running a sidecar) unless the
// security.istio.io/tlsMode label says otherwise; without one it is plaintext (no sidecar).
// PeerAuthentication applies to it by its labels, so a DISABLE DestinationRule toward its
// ServiceEntry host meets the STRICT sidecar.
describe('class 8: WorkloadEntries behind a ServiceEntry', () => {
  const serviceEntry = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: db, namespace: vms}
spec:
  hosts: [db.vm.internal]
  location: MESH_INTERNAL
  ports: [{number: 5432, name: tcp, protocol: TCP}]
  resolution: STATIC
  workloadSelector:
    labels: {app: db}
`;
  const entry = (extra: string) => `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: db-vm-1, namespace: vms}
spec:
  address: 10.0.0.7
  labels: {app: db${extra}}
`;
  const files = (we: string, sa = '  serviceAccount: db\n') => ({
    'pa.yaml': pa('vms', 'STRICT'),
    'se.yaml': `${serviceEntry}---${we}${sa}`,
    'dr.yaml': dr('db', 'vms', 'db.vm.internal', DISABLE),
  });

  it('a VM with a serviceAccount enforces STRICT: a DISABLE DestinationRule toward its host is an error', () => {
    const found = errors(files(entry('')));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^dr\.yaml mtls-plaintext-to-strict: .*db\.vm\.internal/);
  });

  it('without a serviceAccount (or labelled tlsMode disabled) the entry has no sidecar: no error', () => {
    assert.deepEqual(errors(files(entry(''), '')), []);
    assert.deepEqual(errors(files(entry(', security.istio.io/tlsMode: disabled'))), []);
  });

  it('the world lists the entry as a sidecar destination with the namespace STRICT', () => {
    const a = new Analyzer({ rules: ALL_RULES });
    const config = defaultConfig();
    const world = new MtlsWorld(buildIndex(Object.entries(files(entry(''))).map(([u, t]) => a.analyzeFile(u, t, config)), config));
    const d = world.destinationRules[0].value;
    const [r] = world.reaches(d, d.tls[0]);
    assert.equal(r.entry?.value.name, 'db-vm-1');
    assert.equal(r.sidecar.state, 'sidecar');
    assert.equal(r.decision.mode, 'STRICT');
  });

  // Item 4 of issue 14: AuthenticationPolicies' workload selection (pilot/pkg/model/authentication.go
  // GetPeerAuthenticationsForWorkload matches selectors against the pod's labels): when the
  // files do not hold the pods, every selector policy that may select them and decides otherwise
  // makes the mode unknown; one naming another application by its app label is taken not to.
  it('answers unknown when selector policies may select pods whose labels are not in the files', () => {
    const sel = (labels: string) => `  selector:\n    matchLabels:\n${labels}`;
    const files = (policies: Record<string, string>) => ({ 'ns.yaml': pa('shop', 'STRICT'), ...policies, 'dr.yaml': dr('reviews', 'shop', 'reviews', DISABLE) });
    const tier = pa('shop', 'PERMISSIVE', sel('      tier: backend\n'), 'tier');
    const version = pa('shop', 'DISABLE', sel('      version: v1\n'), 'v1');
    assert.deepEqual(errors(files({ 'tier.yaml': tier })), []);
    assert.deepEqual(errors(files({ 'tier.yaml': tier, 'v1.yaml': version })), []);
    const a = new Analyzer({ rules: ALL_RULES });
    const config = defaultConfig();
    const all = files({ 'tier.yaml': tier, 'v1.yaml': version });
    const world = new MtlsWorld(buildIndex(Object.entries(all).map(([u, t]) => a.analyzeFile(u, dedent(t), config)), config));
    const d = world.destinationRules[0];
    const [reach] = world.reaches(d.value, d.value.tls[0]);
    assert.equal(reach.decision.mode, undefined);
    assert.match(reach.decision.unknown!, /^2 selector policies may select these pods/);
    // Another application's policy (app: ratings) leaves the namespace STRICT: plaintext is refused.
    const other = pa('shop', 'PERMISSIVE', sel('      app: ratings\n'), 'ratings');
    assert.equal(errors(files({ 'ratings.yaml': other })).filter((e) => e.includes('mtls-plaintext-to-strict')).length, 1);
  });
});

