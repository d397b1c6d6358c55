import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, lint } from '../../test-support/rule-tester';

const ID = 'mtls-removed-policy-api';

/** The fixed text must be clean for every rule (it is what users apply next). */
function clean(text: string): void {
  assert.deepEqual(lint(text).map((f) => `${f.rule}: ${f.message}`), []);
}

describe(ID, () => {
  it('converts a namespace Policy with peers mtls {} to STRICT, exact but for review: it starts enforcing', () => {
    const src = `
apiVersion: authentication.istio.io/v1alpha1
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ removed in Istio 1.6
kind: Policy
metadata:
  name: default
  namespace: bookinfo
  labels: {team: payments}  # kept
spec:
  peers:
  - mtls: {}
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'error');
    // The old API has enforced nothing since Istio 1.6: enforcing it now changes traffic.
    assert.equal(f.fixes[0].safe, false);
    const fixed = applyFix(ID, src);
    assert.equal(
      fixed,
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: bookinfo\n  labels: {team: payments}  # kept\n' +
        'spec:\n  mtls:\n    mode: STRICT\n',
    );
    clean(fixed);
  });

  it('converts a MeshPolicy into a PeerAuthentication in the configured root namespace, keeping quotes', () => {
    const src = `
apiVersion: "authentication.istio.io/v1alpha1"
kind: 'MeshPolicy'
metadata:
  name: default
spec:
  peers:
  - mtls:
      mode: PERMISSIVE
`;
    expectFindings(ID, src.replace('kind:', '#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ root namespace (mesh-root)\nkind:'), { rootNamespace: 'mesh-root' });
    const fixed = applyFix(ID, src, undefined, { rootNamespace: 'mesh-root' });
    assert.equal(
      fixed,
      "apiVersion: \"security.istio.io/v1\"\nkind: 'PeerAuthentication'\nmetadata:\n  name: default\n  namespace: mesh-root\nspec:\n  mtls:\n    mode: PERMISSIVE\n",
    );
    clean(fixed);
    // A MeshPolicy asking for STRICT: the safe conversion keeps the mesh as it runs today
    // (PERMISSIVE: the MeshPolicy had no effect); STRICT at once is for review (mtls-mesh-wide-strict).
    const flowMeta = `apiVersion: authentication.istio.io/v1alpha1\nkind: MeshPolicy\nmetadata: {name: default}\nspec: {peers: [{mtls: {}}]}`;
    const [g] = lint(flowMeta).filter((f) => f.rule === ID);
    assert.deepEqual(g.fixes.map((f) => f.safe), [true, false]);
    assert.equal(
      applyFix(ID, flowMeta),
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec:\n  mtls:\n    mode: PERMISSIVE',
    );
    assert.equal(
      applyFix(ID, flowMeta, 'enforcing mesh-wide STRICT'),
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec:\n  mtls:\n    mode: STRICT',
    );
  });

  it('turns each labelled target into its own policy, appended after the document (exact)', () => {
    const src = `
apiVersion: authentication.istio.io/v1alpha1
kind: Policy
metadata:
  name: workloads
  namespace: shop
spec:
  targets:
  - name: cart
    labels:
      app: cart
  - name: orders
    labels: {app: orders, tier: backend}
  peers:
  - mtls:
      mode: STRICT
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
`;
    const [f] = expectFindings(ID, src.replace('kind: Policy', '#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ removed\nkind: Policy'));
    // The old API has enforced nothing since Istio 1.6: enforcing it now changes traffic.
    assert.equal(f.fixes[0].safe, false);
    assert.match(f.fixes[0].title, /2 policies/);
    const fixed = applyFix(ID, src);
    assert.equal(
      fixed,
      [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: workloads',
        '  namespace: shop',
        'spec:',
        '  selector:',
        '    matchLabels:',
        '      app: cart',
        '  mtls:',
        '    mode: STRICT',
        '---',
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: workloads-orders',
        '  namespace: shop',
        'spec:',
        '  selector:',
        '    matchLabels:',
        '      app: orders',
        '      tier: backend',
        '  mtls:',
        '    mode: STRICT',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: cart, namespace: shop}',
        '',
      ].join('\n'),
    );
    clean(fixed);
  });

  it('marks inexact conversions unsafe and says why', () => {
    const byName = `apiVersion: authentication.istio.io/v1alpha1\nkind: Policy\nmetadata:\n  name: ratings\n  namespace: shop\nspec:\n  targets:\n  - name: ratings\n    ports:\n    - number: 9080\n  peers:\n  - mtls: {}\n`;
    const [f] = lint(byName).filter((x) => x.rule === ID);
    assert.equal(f.fixes[0].safe, false);
    assert.match(f.fixes[0].title, /app: ratings/);
    assert.match(f.fixes[0].title, /Service ports/);
    assert.ok(applyFix(ID, byName).endsWith('spec:\n  selector:\n    matchLabels:\n      app: ratings\n  portLevelMtls:\n    9080:\n      mode: STRICT\n'));
    const noPeers = `apiVersion: authentication.istio.io/v1alpha1\nkind: Policy\nmetadata: {name: default, namespace: legacy}\nspec:\n  targets:\n  - name: a\n    labels: {app: a}\n`;
    const [g] = lint(noPeers).filter((x) => x.rule === ID);
    assert.equal(g.fixes[0].safe, false);
    assert.match(g.fixes[0].title, /plaintext/);
    assert.ok(applyFix(ID, noPeers).includes('  mtls:\n    mode: DISABLE\n'));
  });

  it('offers no fix when JWT origins are present or the peers cannot be mapped', () => {
    const [f] = expectFindings(
      ID,
      `
apiVersion: authentication.istio.io/v1alpha1
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ RequestAuthentication
kind: Policy
metadata: {name: jwt, namespace: shop}
spec:
  origins:
  - jwt:
      issuer: https://accounts.example.com
  principalBinding: USE_ORIGIN
`,
    );
    assert.deepEqual(f.fixes, []);
    const [g] = lint(`apiVersion: authentication.istio.io/v1alpha1\nkind: Policy\nmetadata: {name: p}\nspec:\n  peers:\n  - jwt: {issuer: x}\n`).filter((x) => x.rule === ID);
    assert.deepEqual(g.fixes, []);
  });
});
