// Source identities come from the peer certificate: pilot/pkg/security/authz/model/generator.go
// (srcPrincipalGenerator, srcNamespaceGenerator -> principalAuthenticated), so a plaintext
// request matches no positive identity and every negated one. Modes from the mTLS model.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { peerAuthentication } from '../mtls/test-fixtures';

const ID = 'mtls-authz-needs-mtls';
const policy = (action: string, rules: string, extra = '', ns = 'legacy') => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: gate
  namespace: ${ns}
spec:
${extra}  action: ${action}
  rules:
${rules}`;
const deployment = (name: string, ns: string, labels: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    metadata:
      labels:
${labels}    spec:
      containers:
      - name: app
        image: example.com/app:1
`;
const principals = '  - from:\n    - source:\n        principals: ["cluster.local/ns/web/sa/frontend"]\n';
const disable = peerAuthentication({ namespace: 'legacy', mode: 'DISABLE' });

describe(ID, () => {
  it('flags ALLOW on principals where the namespace mode is DISABLE, naming the deciding policy', () => {
    const out = expectWorkspace(ID, {
      'pa.yaml': disable,
      'ap.yaml': policy('ALLOW', principals + '#       ^^^^^^^^^^ DISABLE, set by "default" in legacy\n'),
    });
    assert.ok(out.get('ap.yaml')![0].message.length <= 160);
  });

  it('flags DENY with notPrincipals / notNamespaces and when notValues on source.namespace', () => {
    expectWorkspace(ID, {
      'pa.yaml': disable,
      'ap.yaml': policy(
        'DENY',
        '  - from:\n    - source:\n        notNamespaces: [web]\n#       ^^^^^^^^^^^^^ denies every request\n  - when:\n    - key: source.namespace\n#          ^^^^^^^^^^^^^^^^\n      notValues: [web]\n',
      ),
    });
  });

  it('stays silent for DENY on principals, ALLOW rules that do not need an identity, and AUDIT', () => {
    expectWorkspace(ID, {
      'pa.yaml': disable,
      'a.yaml': policy('DENY', principals),
      'b.yaml': policy('ALLOW', '  - from:\n    - source:\n        principals: ["a"]\n    - source:\n        ipBlocks: ["10.0.0.0/8"]\n'),
      'c.yaml': policy('AUDIT', principals),
    });
  });

  it('stays silent where mTLS is on, and follows workload-level policies', () => {
    expectWorkspace(ID, { 'pa.yaml': peerAuthentication({ namespace: 'legacy', mode: 'STRICT' }), 'ap.yaml': policy('ALLOW', principals) });
    const exception = peerAuthentication({ namespace: 'legacy', name: 'billing-plain', mode: 'DISABLE', spec: '  selector:\n    matchLabels:\n      app: billing\n' });
    expectWorkspace(ID, {
      'pa.yaml': peerAuthentication({ namespace: 'legacy', mode: 'STRICT' }) + '---' + exception,
      'deploy.yaml': deployment('billing', 'legacy', '        app: billing\n') + '---' + deployment('ledger', 'legacy', '        app: ledger\n'),
      'a.yaml': policy('ALLOW', principals + '#       ^^^^^^^^^^ Deployment "billing"\n', '  selector:\n    matchLabels:\n      app: billing\n'),
      'b.yaml': policy('ALLOW', principals, '  selector:\n    matchLabels:\n      app: ledger\n'),
    });
  });

  it('reports at info level under PERMISSIVE when a sidecar-less client exists', () => {
    const job = deployment('batch', 'jobs', '        sidecar.istio.io/inject: "false"\n');
    const out = expectWorkspace(ID, { 'job.yaml': job, 'ap.yaml': policy('ALLOW', principals + '#       ^^^^^^^^^^ Deployment "batch"\n') });
    assert.equal(out.get('ap.yaml')![0].severity, 'info');
    expectWorkspace(ID, { 'ap.yaml': policy('ALLOW', principals) });
  });

  it('skips targetRef policies and ambient namespaces', () => {
    expectWorkspace(ID, { 'pa.yaml': disable, 'ap.yaml': policy('ALLOW', principals, '  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n') });
    const ambient = '\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels:\n    istio.io/dataplane-mode: ambient\n';
    expectWorkspace(ID, { 'pa.yaml': disable, 'ns.yaml': ambient, 'ap.yaml': policy('ALLOW', principals) });
  });
});
