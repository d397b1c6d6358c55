import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, dedent, expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { applyWorkspaceFix, expectWorkspace } from '../../test-support/ws-tester';
import { peerAuthentication } from '../mtls/test-fixtures';

const ID = 'mtls-mesh-wide-strict';

const mesh = (mode: string, extra = '', apiVersion = 'security.istio.io/v1') => peerAuthentication({ namespace: 'istio-system', mode, spec: extra, apiVersion });

const deployment = (ns: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
`;

describe(ID, () => {
  it('flags STRICT in the root namespace without selector, on the mode value', () => {
    expectFindings(ID, `${mesh('STRICT')}#         ^^^^^^ cuts off every client without a sidecar\n`);
    expectFindings(ID, `${mesh('"STRICT"', '  selector: {}\n')}#         ^^^^^^^^ namespace by namespace\n`);
  });

  it('ignores PERMISSIVE, selector policies, other namespaces, and follows config.rootNamespace', () => {
    expectNoFindings(ID, mesh('PERMISSIVE'));
    expectNoFindings(ID, mesh('STRICT', '  selector:\n    matchLabels:\n      app: gateway\n'));
    expectNoFindings(ID, mesh('STRICT').replace('istio-system', 'shop'));
    expectNoFindings(ID, mesh('STRICT'), { rootNamespace: 'mesh-root' });
    expectFindings(ID, `${mesh('STRICT').replace('istio-system', 'mesh-root')}#         ^^^^^^\n`, { rootNamespace: 'mesh-root' });
  });

  it('fix 1 switches the mesh to PERMISSIVE keeping the quotes', () => {
    assert.equal(applyFix(ID, mesh("'STRICT'"), 'Set the mesh-wide mode to PERMISSIVE'), dedent(mesh("'PERMISSIVE'")));
  });

  it('fix 2 adds namespace STRICT policies for the namespaces of the workspace', () => {
    const shopPolicy = mesh('PERMISSIVE').replace('istio-system', 'payments');
    const files = {
      'mesh.yaml': mesh('STRICT'),
      'shop.yaml': deployment('shop'),
      'web.yaml': deployment('web'),
      // Has its own namespace policy already: left alone.
      'payments.yaml': shopPolicy,
      'kube.yaml': deployment('kube-system'),
    };
    expectWorkspace(ID, { ...files, 'mesh.yaml': `${mesh('STRICT')}#         ^^^^^^\n` });
    const fixed = applyWorkspaceFix(ID, files, 'mesh.yaml', 'add STRICT policies for shop, web');
    const ns = (name: string) => `---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: ${name}\nspec:\n  mtls:\n    mode: STRICT\n`;
    assert.equal(fixed, dedent(mesh('PERMISSIVE')) + ns('shop') + ns('web'));
  });

  it('fix 2 keeps the api version, indentation and line endings, and inserts before the next document', () => {
    const src = 'apiVersion: security.istio.io/v1beta1\r\nkind: PeerAuthentication\r\nmetadata:\r\n    name: default\r\n    namespace: istio-system\r\nspec:\r\n    mtls:\r\n        mode: STRICT\r\n---\r\n' + dedent(deployment('shop')).replace(/\n/g, '\r\n');
    const fixed = applyFix(ID, src, 'add STRICT policies for shop');
    const added = '---\r\napiVersion: security.istio.io/v1beta1\r\nkind: PeerAuthentication\r\nmetadata:\r\n    name: default\r\n    namespace: shop\r\nspec:\r\n    mtls:\r\n        mode: STRICT\r\n';
    assert.equal(fixed, src.replace('mode: STRICT\r\n---', `mode: PERMISSIVE\r\n${added}---`));
  });

  it('fix 2 starts a new line when the file does not end with one', () => {
    const src = dedent(deployment('shop')) + '---\n' + dedent(mesh('STRICT')).trimEnd();
    const fixed = applyFix(ID, src, 'add STRICT policies');
    assert.ok(fixed.endsWith('mode: PERMISSIVE\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n'), fixed);
  });
});
