import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings, lint, parseMarked } from '../../test-support/rule-tester';

const ID = 'mtls-port-level-without-selector';

describe(ID, () => {
  // Issue 14: the fix follows the rule's advice. Narrowing a namespace STRICT to one workload
  // would unprotect every other workload, so the namespace policy stays and the port
  // exceptions move to a new workload policy.
  it('flags portLevelMtls on a namespace-wide policy and moves the ports to a new workload policy', () => {
    const src = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: foo
spec:
  mtls:
    mode: STRICT
  portLevelMtls:
# ^^^^^^^^^^^^^ no selector
    8080:
      mode: DISABLE
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'error');
    assert.equal(f.fixes[0].safe, false);
    assert.match(f.fixes[0].title, /<workload-label>/);
    assert.equal(
      applyFix(ID, src),
      [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: foo',
        'spec:',
        '  mtls:',
        '    mode: STRICT',
        '---',
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default-ports',
        '  namespace: foo',
        'spec:',
        '  selector:',
        '    matchLabels:',
        '      app: <workload-label>',
        '  portLevelMtls:',
        '    8080:',
        '      mode: DISABLE',
        '',
      ].join('\n'),
    );
  });

  it('replaces an empty selector in place, with four-space indentation (v1beta1)', () => {
    const src = `
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata:
    name: legacy
spec:
    selector:
        matchLabels: {}
    portLevelMtls:
#   ^^^^^^^^^^^^^ an empty selector
        9000: {mode: PERMISSIVE}
`;
    expectFindings(ID, src);
    assert.equal(
      applyFix(ID, src),
      'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n    name: legacy\nspec:\n    selector:\n        matchLabels:\n            app: <workload-label>\n    portLevelMtls:\n        9000: {mode: PERMISSIVE}\n',
    );
  });

  it('handles flow style and keeps the other documents of the file', () => {
    const src = `
apiVersion: v1
kind: Namespace
metadata: {name: foo}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: foo}
spec: {selector: {}, portLevelMtls: {8080: {mode: DISABLE}}}
#                    ^^^^^^^^^^^^^ empty selector
`;
    expectFindings(ID, src);
    assert.ok(applyFix(ID, src).endsWith('spec: {selector: {matchLabels: {app: <workload-label>}}, portLevelMtls: {8080: {mode: DISABLE}}}\n'));
    const noSelector = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec: {portLevelMtls: {8080: {mode: DISABLE}}}\n`;
    assert.ok(applyFix(ID, noSelector).includes('spec: {selector: {matchLabels: {app: <workload-label>}}, portLevelMtls:'));
  });

  it('the filled-in fix result is accepted by every rule', () => {
    const src = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: p\n  namespace: foo\nspec:\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n`;
    const fixed = applyFix(ID, src).replace('<workload-label>', 'legacy');
    assert.deepEqual(lint(fixed).map((f) => f.rule), []);
  });

  it('stays silent for workload policies, empty or null portLevelMtls, and templated selectors', () => {
    expectNoFindings(
      ID,
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: w, namespace: foo}
spec:
  selector:
    matchLabels:
      app: legacy
  portLevelMtls:
    8080: {mode: DISABLE}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: n, namespace: foo}
spec:
  portLevelMtls: {}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: m, namespace: foo}
spec:
  portLevelMtls:
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: t, namespace: foo}
spec:
  selector:
    matchLabels:
      {{- include "chart.selectorLabels" . | nindent 6 }}
  portLevelMtls:
    8080: {mode: DISABLE}
`,
    );
  });

  it('does not double-report with mtls-empty-selector', () => {
    const { text } = parseMarked(`apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  selector: {}\n  portLevelMtls:\n    80: {mode: DISABLE}\n`);
    assert.deepEqual(lint(text).map((f) => f.rule), [ID]);
  });
});

describe(`${ID} with CRLF`, () => {
  it('inserts the selector with CRLF line endings', () => {
    const src = 'apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: a\r\nspec:\r\n  portLevelMtls:\r\n    8080: {mode: DISABLE}\r\n';
    assert.equal(
      applyFix(ID, src),
      'apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: a\r\nspec:\r\n  selector:\r\n    matchLabels:\r\n      app: <workload-label>\r\n  portLevelMtls:\r\n    8080: {mode: DISABLE}\r\n',
    );
  });
});

describe(`${ID} in Helm templates`, () => {
  // Fuzz seed 2009274820: the split fix copied the masked document text, writing the mask
  // character over {{ .Values.x }}. Fixes that would copy masked text are dropped (makeFinding).
  const head = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: bookinfo\nspec:\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n';
  for (const tail of ['    8080: # {{ .Values.x }}\n      mode: PERMISSIVE\n', '    8080:\n      mode: PERMISSIVE # {{ .Values.x }}\n', '    {{ .Values.port }}:\n      mode: PERMISSIVE\n']) {
    it(`reports but offers no fix that would lose the directive: ${JSON.stringify(tail.trim().slice(0, 40))}`, () => {
      const found = lint(head + tail).filter((f) => f.rule === ID);
      assert.equal(found.length, 1);
      assert.deepEqual(found[0].fixes, []);
    });
  }

  it('still offers the fix when the moved block holds no directive', () => {
    const found = lint(`${head}    8080:\n      mode: PERMISSIVE\n# {{ .Values.footer }}\n`).filter((f) => f.rule === ID);
    assert.equal(found[0].fixes.length, 1);
  });
});
