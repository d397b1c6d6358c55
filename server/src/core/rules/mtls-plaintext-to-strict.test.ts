import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceFix, expectWorkspace as expectAll, onDestinationRule } from '../../test-support/ws-tester';
import { dedent, lintWorkspace } from '../../test-support/rule-tester';
import { Analyzer } from '../engine';
import { ALL_RULES } from '../registry';
import { defaultConfig } from '../config';
import { destinationRule, peerAuthentication } from '../mtls/test-fixtures';

const ID = 'mtls-plaintext-to-strict';
/** The DestinationRule-side findings (the policy-side notes have their own test). */
const expectWorkspace = (id: string, files: Record<string, string>, config = {}) => expectAll(id, files, config, onDestinationRule);

const pa = (ns: string, mode: string, extra = '') => peerAuthentication({ namespace: ns, mode, spec: extra });
const dr = (host: string, policy: string, ns = 'shop') => destinationRule({ name: 'cart', namespace: ns, host, policy });

const DISABLE = `
  trafficPolicy:
    tls:
      mode: DISABLE
#           ^^^^^^^ sends plaintext
`;

describe(ID, () => {
  it('flags DISABLE toward a namespace made STRICT in another file, naming the policy and its file', () => {
    const out = expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart.shop.svc.cluster.local', DISABLE) });
    // The deciding policy is a related location (issue 15: both sides of a cross-file conflict).
    const [related] = out.get('dr.yaml')![0].related!;
    assert.match(related.message, /namespace-wide PeerAuthentication "default" in shop \(ns\.yaml\)/);
    assert.equal(related.uri, 'ns.yaml');
    assert.match(out.get('dr.yaml')![0].message, /503/);
  });

  it('resolves short hosts in the DR namespace, and missing namespaces to the configured default', () => {
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart', DISABLE) });
    const noNs = dr('cart', DISABLE).replace('  namespace: shop\n', '');
    expectWorkspace(ID, { 'ns.yaml': pa('default', 'STRICT'), 'dr.yaml': noNs });
    expectWorkspace(ID, { 'ns.yaml': pa('team', 'STRICT'), 'dr.yaml': noNs }, { defaultNamespace: 'team' });
  });

  it('follows precedence: namespace beats mesh, UNSET inherits, no policy is PERMISSIVE', () => {
    const plain = dr('cart', DISABLE.replace(/\n#.*\n/, '\n'));
    expectWorkspace(ID, { 'mesh.yaml': pa('istio-system', 'STRICT'), 'dr.yaml': dr('cart', DISABLE) });
    expectWorkspace(ID, { 'mesh.yaml': pa('istio-system', 'STRICT'), 'ns.yaml': pa('shop', 'PERMISSIVE'), 'dr.yaml': plain });
    expectWorkspace(ID, { 'mesh.yaml': pa('istio-system', 'STRICT'), 'ns.yaml': pa('shop', 'UNSET'), 'dr.yaml': dr('cart', DISABLE) });
    expectWorkspace(ID, { 'dr.yaml': plain });
    // A custom root namespace.
    expectWorkspace(ID, { 'mesh.yaml': pa('mesh-root', 'STRICT'), 'dr.yaml': plain });
    expectWorkspace(ID, { 'mesh.yaml': pa('mesh-root', 'STRICT'), 'dr.yaml': dr('cart', DISABLE) }, { rootNamespace: 'mesh-root' });
  });

  const workloads = `
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - name: grpc
    port: 9090
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart-v1
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: cart
        version: v1
    spec:
      containers:
      - name: cart
        ports:
        - containerPort: 8080
        - containerPort: 9090
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: cart-http-exception
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  mtls:
    mode: STRICT
  portLevelMtls:
    8080:
      mode: PERMISSIVE
`;

  it('honours workload port-level exceptions by container port, through the Service targetPort', () => {
    const portLevel = (port: number, marker: string) => `
  trafficPolicy:
    portLevelSettings:
    - port:
        number: ${port}
      tls:
        mode: DISABLE
${marker}`;
    expectWorkspace(ID, { 'app.yaml': workloads, 'dr.yaml': dr('cart', portLevel(80, '')) });
    const out = expectWorkspace(ID, { 'app.yaml': workloads, 'dr.yaml': dr('cart', portLevel(9090, '#             ^^^^^^^ port 9090')) });
    assert.match(out.get('dr.yaml')![0].detail ?? '', /for port 9090/);
    // Top-level DISABLE covers every Service port: 9090 is STRICT.
    const top = expectWorkspace(ID, { 'app.yaml': workloads, 'dr.yaml': dr('cart', DISABLE) });
    assert.match(top.get('dr.yaml')![0].related![0].message, /Deployment "cart-v1", port 9090/);
  });

  it('ignores top-level settings for ports a port-level block overrides', () => {
    const policy = `
  trafficPolicy:
    tls:
      mode: DISABLE
    portLevelSettings:
    - port:
        number: 9090
      tls:
        mode: ISTIO_MUTUAL
`;
    expectWorkspace(ID, { 'app.yaml': workloads, 'dr.yaml': dr('cart', policy) });
  });

  it('checks subsets against the pods their labels select', () => {
    const exempt = `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: legacy
  namespace: shop
spec:
  selector:
    matchLabels:
      version: legacy
  mtls:
    mode: PERMISSIVE
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart-legacy
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: cart, version: legacy}
    spec:
      containers:
      - name: cart
`;
    const subsets = (marker: string) => `
  subsets:
  - name: legacy
    labels:
      version: legacy
    trafficPolicy:
      tls:
        mode: DISABLE
  - name: v1
    labels:
      version: v1
    trafficPolicy:
      tls:
        mode: DISABLE
${marker}`;
    const out = expectWorkspace(ID, { 'app.yaml': workloads + exempt, 'dr.yaml': dr('cart', subsets('#             ^^^^^^^ subset v1')) });
    assert.match(out.get('dr.yaml')![0].related![0].message, /Deployment "cart-v1"/);
  });

  it('treats a tls block without mode as DISABLE and reports on the tls key', () => {
    const implicit = `
  trafficPolicy:
    tls:
#   ^^^ tls without mode is DISABLE
      sni: cart.shop.svc.cluster.local
`;
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart', implicit) });
  });

  it('stays silent for destinations without a sidecar', () => {
    const ns = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: disabled
`;
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'n.yaml': ns, 'dr.yaml': dr('cart', DISABLE.replace(/\n#.*\n/, '\n')) });
    const noSidecar = workloads.replace('        version: v1\n', '        version: v1\n        sidecar.istio.io/inject: "false"\n');
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'app.yaml': noSidecar.replace(/  portLevelMtls:[\s\S]*$/, ''), 'dr.yaml': dr('cart', DISABLE.replace(/\n#.*\n/, '\n')) });
  });

  it('stays silent for ports the sidecar does not intercept', () => {
    const excluded = workloads.replace('        version: v1\n', '        version: v1\n      annotations:\n        traffic.sidecar.istio.io/excludeInboundPorts: "9090"\n');
    const port9090 = '  trafficPolicy:\n    portLevelSettings:\n    - port:\n        number: 9090\n      tls:\n        mode: DISABLE\n';
    expectWorkspace(ID, { 'app.yaml': excluded, 'dr.yaml': dr('cart', port9090) });
    const included = workloads.replace('        version: v1\n', '        version: v1\n      annotations:\n        traffic.sidecar.istio.io/includeInboundPorts: "8080"\n');
    expectWorkspace(ID, { 'app.yaml': included, 'dr.yaml': dr('cart', port9090) });
  });

  it('resolves wildcard hosts to the namespaces they cover, and ignores external hosts', () => {
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('"*.local"', DISABLE, 'tools') });
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('"*.shop.svc.cluster.local"', DISABLE, 'tools') });
    const plain = DISABLE.replace(/\n#.*\n/, '\n');
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('"*.other.svc.cluster.local"', plain, 'tools') });
    expectWorkspace(ID, { 'mesh.yaml': pa('istio-system', 'STRICT'), 'dr.yaml': dr('api.example.com', plain) });
    expectWorkspace(ID, { 'mesh.yaml': pa('istio-system', 'STRICT'), 'dr.yaml': dr('example.com', plain) });
  });

  it('lets a more specific DestinationRule take over from a wildcard one', () => {
    const plain = DISABLE.replace(/\n#.*\n/, '\n');
    const override = dr('"*.shop.svc.cluster.local"', '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n');
    // The mesh-wide rule in the root namespace loses to the Service namespace's own rule.
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'mesh-dr.yaml': dr('"*.local"', plain, 'istio-system'), 'shop-dr.yaml': override });
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'mesh-dr.yaml': dr('"*.local"', DISABLE, 'istio-system') });
    // In its own namespace the more specific host wins for its clients.
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'a.yaml': dr('"*.local"', plain, 'tools'), 'b.yaml': override.replace('namespace: shop', 'namespace: tools') });
    // A rule for one Service does not cover the rest of the namespace.
    const one = dr('cart.shop.svc.cluster.local', '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n', 'tools');
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'a.yaml': dr('"*.local"', DISABLE, 'tools'), 'b.yaml': one });
  });

  // Class 7. pilot/pkg/model/config.go ResolveShortnameToFQDN expands only names without a dot:
  // `cart.shop` is a literal host that matches no Service, so no request meets the STRICT server.
  it('never resolves svc.ns hosts: Istio takes them literally (dr-host-unmatched reports them)', () => {
    const plain = DISABLE.replace(/\n#.*\n/, '\n');
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart.shop', plain, 'tools') });
    expectWorkspace(ID, { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart.shop.svc', plain, 'tools') });
  });

  it('stays silent when the files cannot tell: competing policies, templated values', () => {
    const plain = DISABLE.replace(/\n#.*\n/, '\n');
    const second = pa('shop', 'PERMISSIVE').replace('name: default', 'name: other');
    expectWorkspace(ID, { 'a.yaml': pa('shop', 'STRICT'), 'b.yaml': second, 'dr.yaml': dr('cart', plain) });
    expectWorkspace(ID, { 'a.yaml': pa('shop', '{{ .Values.mode }}'), 'dr.yaml': dr('cart', plain) });
    expectWorkspace(ID, { 'a.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart', plain.replace('DISABLE', '{{ .Values.tls }}')) });
  });

  it('removes the tls block (and a trafficPolicy it leaves empty) as the preferred fix', () => {
    const files = { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart', DISABLE) };
    // The blank line before trafficPolicy belongs to the source and stays.
    assert.equal(applyWorkspaceFix(ID, files, 'dr.yaml', 'Remove this tls block'), dedent(dr('cart', '\n')));
    const withLb = dr('cart', '  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n    tls:\n      mode: DISABLE\n    connectionPool: {}\n');
    assert.equal(
      applyWorkspaceFix(ID, { ...files, 'dr.yaml': withLb }, 'dr.yaml', 'Remove this tls block'),
      dedent(dr('cart', '  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n    connectionPool: {}\n')),
    );
  });

  it('removes a port-level entry left with nothing but its port', () => {
    const policy = '  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n    portLevelSettings:\n    - port:\n        number: 9090\n      tls:\n        mode: DISABLE\n';
    const fixed = applyWorkspaceFix(ID, { 'app.yaml': workloads, 'dr.yaml': dr('cart', policy) }, 'dr.yaml', 'Remove');
    assert.equal(fixed, dedent(dr('cart', '  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n')));
  });

  it('sets ISTIO_MUTUAL keeping quotes, or adds the missing mode', () => {
    const files = { 'ns.yaml': pa('shop', 'STRICT'), 'dr.yaml': dr('cart', "  trafficPolicy:\n    tls: {mode: 'DISABLE'}\n") };
    assert.equal(applyWorkspaceFix(ID, files, 'dr.yaml', 'ISTIO_MUTUAL'), dedent(dr('cart', "  trafficPolicy:\n    tls: {mode: 'ISTIO_MUTUAL'}\n")));
    const implicit = { ...files, 'dr.yaml': dr('cart', '  trafficPolicy:\n    tls:\n      sni: cart.local\n') };
    assert.equal(applyWorkspaceFix(ID, implicit, 'dr.yaml', 'ISTIO_MUTUAL'), dedent(dr('cart', '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n      sni: cart.local\n')));
  });

  it('offers no removal when the level above would still send plaintext', () => {
    const policy = '  trafficPolicy:\n    tls:\n      mode: DISABLE\n  subsets:\n  - name: v1\n    labels: {version: v1}\n    trafficPolicy:\n      tls:\n        mode: DISABLE\n';
    const found = lintWorkspace({ 'ns.yaml': dedent(pa('shop', 'STRICT')), 'dr.yaml': dedent(dr('cart', policy)) }).get('dr.yaml')!.filter((f) => f.rule === ID);
    assert.equal(found.length, 2);
    const [top, subset] = found.map((f) => f.fixes.map((x) => `${x.preferred ? '*' : ''}${x.title.split(' ')[0]} ${x.title.split(' ')[1]}`));
    assert.deepEqual(top, ['*Remove this', 'Set tls.mode']);
    assert.deepEqual(subset, ['*Set tls.mode'], 'removing the subset tls would inherit the top-level DISABLE');
  });

  it('re-checks DestinationRules in other files when a PeerAuthentication changes', () => {
    const a = new Analyzer({ rules: ALL_RULES });
    const config = defaultConfig();
    const drFile = a.analyzeFile('dr.yaml', dedent(dr('cart', DISABLE.replace(/\n#.*\n/, '\n'))), config);
    const count = (paMode: string) => {
      const paFile = a.analyzeFile('pa.yaml', dedent(pa('shop', paMode)), config);
      return a.analyzeWorkspace([paFile, drFile], config).get('dr.yaml')!.filter((f) => f.rule === ID).length;
    };
    assert.equal(count('PERMISSIVE'), 0);
    assert.equal(count('STRICT'), 1);
    assert.equal(count('PERMISSIVE'), 0);
  });
});
