import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceFix, expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule } from '../mtls/test-fixtures';

const ID = 'dr-host-unmatched';
const svc = (name: string, ns: string) => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  ports:
  - port: 9080
`;
const LB = '  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n';
const dr = (host: string, marks = '') => destinationRule({ name: 'r', namespace: 'frontend', host, policy: `${marks}${LB}` });

describe(ID, () => {
  // pilot/pkg/model/config.go ResolveShortnameToFQDN: only a host without a dot is expanded
  // (with the rule's namespace and the cluster domain); every other host is literal, and
  // Kubernetes Services are registered under their full name only.
  it('flags svc.ns and svc.ns.svc hosts, offering the full name for review', () => {
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('reviews.prod', '#       ^^^^^^^^^^^^ Write "reviews.prod.svc.cluster.local"\n') });
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('reviews.prod.svc', '#       ^^^^^^^^^^^^^^^^\n') });
    const fixed = applyWorkspaceFix(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('reviews.prod') }, 'dr.yaml', 'Write');
    assert.match(fixed, /host: reviews\.prod\.svc\.cluster\.local\n/);
  });

  it('flags a full or short name that no Service of a namespace in the workspace has', () => {
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('ratings.prod.svc.cluster.local', '#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ matches no Service of namespace prod\n') });
    expectWorkspace(ID, { 'svc.yaml': svc('web', 'frontend'), 'dr.yaml': dr('reviews', '#       ^^^^^^^\n') });
  });

  it("stays silent when the namespace's Services are not in the workspace, for ServiceEntry hosts, wildcards and matches", () => {
    expectWorkspace(ID, { 'dr.yaml': dr('reviews.prod') });
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('reviews.prod.svc.cluster.local') });
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('"*.prod.svc.cluster.local"') });
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'dr.yaml': dr('api.example.com') });
    const se = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: se\n  namespace: frontend\nspec:\n  hosts:\n  - ratings.prod.svc.cluster.local\n';
    expectWorkspace(ID, { 'svc.yaml': svc('reviews', 'prod'), 'se.yaml': se, 'dr.yaml': dr('ratings.prod.svc.cluster.local') });
  });
});
