import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'mtls-empty-selector';

describe(ID, () => {
  it('flags empty matchLabels and removes the selector safely', () => {
    const src = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: legacy
  namespace: foo
spec:
  selector:
# ^^^^^^^^ every workload in namespace foo
    matchLabels: {}
  mtls:
    mode: DISABLE
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'warning');
    assert.equal(f.fixes[0].safe, true);
    assert.equal(
      applyFix(ID, src),
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: legacy\n  namespace: foo\nspec:\n  mtls:\n    mode: DISABLE\n',
    );
  });

  it('flags `selector: {}`, `selector:` and null matchLabels; says mesh-wide in the root namespace', () => {
    expectFindings(
      ID,
      `
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: a, namespace: istio-system}
spec:
  selector: {}
# ^^^^^^^^ every workload in the mesh
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: b}
spec:
  mtls: {mode: STRICT}
  selector:
# ^^^^^^^^ namespace default
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: c, namespace: "{{ .Release.Namespace }}"}
spec:
  selector:
# ^^^^^^^^ every workload in its namespace
    matchLabels:
`,
    );
  });

  it('removes a flow-style empty selector with its comma', () => {
    const src = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a, namespace: foo}\nspec: {selector: {matchLabels: {}}, mtls: {mode: STRICT}}\n`;
    assert.ok(applyFix(ID, src).endsWith('spec: {mtls: {mode: STRICT}}\n'));
    const last = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a, namespace: foo}\nspec: {mtls: {mode: STRICT}, selector: {}}\n`;
    assert.ok(applyFix(ID, last).endsWith('spec: {mtls: {mode: STRICT}}\n'));
  });

  it('flags labels written directly under selector and nests them (unsafe)', () => {
    const src = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews
  namespace: foo
spec:
  selector:
# ^^^^^^^^ selector.app
    app: reviews
    version: v1  # canary
  mtls:
    mode: STRICT
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.fixes[0].safe, false);
    assert.ok(
      applyFix(ID, src).includes('  selector:\n    matchLabels:\n      app: reviews\n      version: v1  # canary\n  mtls:\n'),
    );
    const flow = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a, namespace: foo}\nspec: {selector: {app: a}}\n`;
    assert.ok(applyFix(ID, flow).includes('spec: {selector: {matchLabels: {app: a}}}'));
  });

  it('stays silent for real selectors, no selector, templated labels, and when portLevelMtls makes it an error', () => {
    expectNoFindings(
      ID,
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: a, namespace: foo}
spec:
  selector:
    matchLabels:
      app: reviews
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: foo}
spec:
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: t, namespace: foo}
spec:
  selector:
    matchLabels:
      {{- include "chart.selectorLabels" . | nindent 6 }}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: foo}
spec:
  selector: {}
  portLevelMtls:
    8080: {mode: DISABLE}
`,
    );
  });
});

describe(`${ID} with CRLF`, () => {
  it('removes whole CRLF lines', () => {
    const src = 'apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: a\r\n  namespace: foo\r\nspec:\r\n  selector:\r\n    matchLabels: {}\r\n  mtls:\r\n    mode: STRICT\r\n';
    assert.equal(applyFix(ID, src), 'apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: a\r\n  namespace: foo\r\nspec:\r\n  mtls:\r\n    mode: STRICT\r\n');
  });
});

describe(`${ID} misspelt matchLabels`, () => {
  it('renames a misspelt matchLabels key instead of nesting it', () => {
    const src = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: a, namespace: foo}
spec:
  selector:
# ^^^^^^^^ selector.matchlabels
    matchlabels:
      app: reviews
  mtls: {mode: STRICT}
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.fixes[0].safe, false);
    assert.ok(applyFix(ID, src).includes('  selector:\n    matchLabels:\n      app: reviews\n'));
  });
});
