// istioctl auth.AuthorizationPoliciesAnalyzer analyzeNamespaceNotFound (authz/authorizationpolicies.go):
// IST0101 "namespace" for each source.namespaces / notNamespaces entry that namespaceMatch finds in no
// Namespace ("*", "*suffix", "prefix*", exact). Cases of testdata/authorizationpolicies.yaml
// (httpbin-bogus-ns, httpbin-bogus-not-ns). The proxy's matching (pilot/pkg/security/authz/model/generator.go
// srcNamespaceGenerator) is case-sensitive and takes every `*` as a wildcard.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceFix, expectWorkspace } from '../../test-support/ws-tester';

const ID = 'authz-namespace-not-found';

const ns = (name: string) => `\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const policy = (name: string, field: string, values: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: httpbin
spec:
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/sleep"]
    - source:
        ${field}:
${values}`;
const namespaces = { 'ns.yaml': [ns('httpbin'), ns('prod-httpbin'), ns('httpbin-test')].join('---') };
const entries = (field: string) => `          - "prod-*"
          - "*-test"
          - "*-bogus"
#           ^^^^^^^^^ ${field === 'namespaces' ? 'matches no request' : 'excludes nothing'}
          - "bogus-*"
#           ^^^^^^^^^
          - "*"
          - "httpbin"
`;

describe(ID, () => {
  it('flags entries matching no namespace, on the entry (httpbin-bogus-ns, httpbin-bogus-not-ns)', () => {
    expectWorkspace(ID, { ...namespaces, 'a.yaml': policy('httpbin-bogus-ns', 'namespaces', entries('namespaces')), 'b.yaml': policy('httpbin-bogus-not-ns', 'notNamespaces', entries('notNamespaces')) });
  });

  it('knows namespaces from resources placed in them, built-in ones and the root namespace; compares case-sensitively', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sleep\n  namespace: sleep\nspec:\n  containers:\n  - name: sleep\n    image: curl\n';
    expectWorkspace(ID, {
      ...namespaces,
      'pod.yaml': pod,
      'a.yaml': policy('p', 'namespaces', '          - sleep\n          - prod-*t*bin\n          - default\n          - kube-system\n          - istio-system\n          - Httpbin\n#           ^^^^^^^\n'),
    });
  });

  it('offers the close namespace as a fix', () => {
    const files = { ...namespaces, 'a.yaml': policy('p', 'namespaces', '          - htpbin\n#           ^^^^^^ did you mean httpbin?\n') };
    expectWorkspace(ID, files);
    assert.match(applyWorkspaceFix(ID, files, 'a.yaml', 'httpbin'), /- httpbin\n/);
  });

  it('says nothing when the workspace declares no Namespace', () => {
    expectWorkspace(ID, { 'a.yaml': policy('p', 'namespaces', '          - bogus\n') });
  });
});
