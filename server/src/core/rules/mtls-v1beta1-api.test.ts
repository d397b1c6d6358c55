import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'mtls-v1beta1-api';

describe(ID, () => {
  it('flags security.istio.io/v1beta1 at the apiVersion value and fixes only that value', () => {
    const src = `
apiVersion: security.istio.io/v1beta1
#           ^^^^^^^^^^^^^^^^^^^^^^^^^ PeerAuthentication is served as v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls:
    mode: STRICT
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'info');
    assert.equal(f.fixes[0].safe, true);
    assert.equal(applyFix(ID, src), 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  mtls:\n    mode: STRICT\n');
  });

  it('keeps the quoting style and covers the other security kinds in multi-document files', () => {
    const src = `
apiVersion: "security.istio.io/v1beta1"
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^ AuthorizationPolicy
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: foo}
spec: {}
---
apiVersion: 'security.istio.io/v1beta1'
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^ RequestAuthentication
kind: RequestAuthentication
metadata: {name: jwt, namespace: foo}
spec:
  jwtRules:
  - issuer: https://accounts.example.com
`;
    expectFindings(ID, src);
    assert.ok(applyFix(ID, src).startsWith('apiVersion: "security.istio.io/v1"\n'));
  });

  it('stays silent for v1 and for other groups', () => {
    expectNoFindings(ID, `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a}\nspec: {mtls: {mode: STRICT}}\n`);
    expectNoFindings(ID, `apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: {name: a}\nspec: {host: a}\n`);
  });
});
