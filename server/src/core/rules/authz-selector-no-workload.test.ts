// istioctl auth.AuthorizationPoliciesAnalyzer analyzeNoMatchingWorkloads (authz/authorizationpolicies.go):
// IST0127 when no in-mesh pod (util.PodInMesh, PodInAmbientMode) matches the selector, in the policy's
// namespace or, in the root namespace, anywhere. Cases of testdata/authorizationpolicies.yaml.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceFix, expectWorkspace } from '../../test-support/ws-tester';
import { pod } from '../traffic/test-fixtures';

const ID = 'authz-selector-no-workload';

const policy = (name: string, ns: string, selector: string, marker = '') => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
${marker}  namespace: ${ns}
spec:
${selector}  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/sleep"]
`;
const sel = (labels: string, marker = '') => `  selector:\n${marker}    matchLabels:\n${labels}`;
const onSelector = '# ^^^^^^^^\n';
const httpbin = {
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: httpbin\n  labels:\n    istio-injection: "enabled"\n',
  'pods.yaml': pod('httpbin-55bf89f8c9-wzfrh', 'httpbin', '    app: httpbin\n    version: v1\n') + '---' + pod('sleep-55bf89f8c9-wzfrh', 'test-ambient', '    app: sleep\n    version: v1\n'),
};

describe(ID, () => {
  it('flags selectors without a matching workload, on the selector (authorizationpolicies.yaml)', () => {
    expectWorkspace(ID, {
      ...httpbin,
      'ok.yaml': policy('httpbin', 'httpbin', sel('      app: httpbin\n      version: v1\n')) + '---' + policy('httpbin-namespace-wide', 'httpbin', '') + '---' + policy('meshwide-httpbin', 'istio-system', ''),
      'mesh.yaml': policy('meshwide-httpbin-v1', 'istio-system', sel('      version: bogus-version\n', '# ^^^^^^^^ mesh-wide\n')),
      'nopods.yaml': policy('httpbin-nopods', 'httpbin', sel('      app: bogus-label\n      version: v1\n', '# ^^^^^^^^ {app=bogus-label, version=v1}\n')),
      'ambient.yaml': policy('no-workload', 'test-ambient', sel('      app: httpbin\n      version: v1\n', onSelector)) + '---' + policy('valid-policy', 'test-ambient', sel('      app: sleep\n      version: v1\n')),
    });
  });

  it('points at a mistyped value with a did-you-mean fix', () => {
    const files = { ...httpbin, 'p.yaml': policy('p', 'httpbin', sel('      app: httpbim\n#          ^^^^^^^\n      version: v1\n')) };
    expectWorkspace(ID, files);
    assert.match(applyWorkspaceFix(ID, files, 'p.yaml', 'httpbin'), /app: httpbin\n/);
  });

  it('flags policies whose workloads all run without a sidecar', () => {
    const legacy = pod('legacy', 'httpbin', '    app: legacy\n    sidecar.istio.io/inject: "false"\n');
    expectWorkspace(ID, {
      'pods.yaml': legacy,
      'p.yaml': policy('legacy', 'httpbin', sel('      app: legacy\n', '# ^^^^^^^^ Pod "legacy"\n')) + '---' + policy('ns-wide', 'httpbin', '', '#       ^^^^^^^\n'),
    });
  });

  it('says nothing without workloads in the namespace, for root selectors no workload has the keys of, or targetRef policies', () => {
    expectWorkspace(ID, {
      ...httpbin,
      'a.yaml': policy('httpbin-empty-namespace-wide', 'httpbin-empty', '') + '---' + policy('x', 'elsewhere', sel('      app: bogus\n')),
      'b.yaml': policy('ingress', 'istio-system', sel('      istio: ingressgateway\n')),
      'c.yaml': policy('waypoint', 'httpbin', '  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n'),
      'd.yaml': policy('tpl', 'httpbin', sel('      app: "{{ .Values.app }}"\n')),
    });
  });
});
