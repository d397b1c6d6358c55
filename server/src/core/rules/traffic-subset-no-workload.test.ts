// istioctl destinationrule.SubsetSelectPodAnalyzer (destinationrule/subset.go), IST0173; endpoints
// of a subset are the Service's pods carrying the subset labels.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { destinationRule, pod, service } from '../traffic/test-fixtures';

const ID = 'traffic-subset-no-workload';
const svc = service('reviews', 'default', [9080]);
const v1 = pod('reviews-v1', 'default', '    app: reviews\n    version: v1\n');

describe(ID, () => {
  it('flags a subset whose labels no pod of the Service carries, on the subset name', () => {
    expectWorkspace(ID, {
      'svc.yaml': svc,
      'pods.yaml': v1,
      'dr.yaml': destinationRule('reviews', 'default', 'reviews', ['v1', 'v2']).replace('  - name: v2\n', '  - name: v2\n#         ^^ {version=v2}\n'),
    });
  });

  it('does not count pods of other Services or namespaces', () => {
    expectWorkspace(ID, {
      'svc.yaml': svc,
      'pods.yaml': v1 + '---' + pod('ratings-v2', 'default', '    app: ratings\n    version: v2\n') + '---' + pod('reviews-v2', 'other', '    app: reviews\n    version: v2\n'),
      'dr.yaml': destinationRule('reviews', 'default', 'reviews', ['v2']).replace('  - name: v2\n', '  - name: v2\n#         ^^\n'),
    });
  });

  it('stays silent without the pods of the Service, for topology labels, and for external hosts', () => {
    expectWorkspace(ID, { 'svc.yaml': svc, 'dr.yaml': destinationRule('reviews', 'default', 'reviews', ['v9']) });
    const topo = destinationRule('reviews', 'default', 'reviews', []).replace('  subsets:\n', '  subsets:\n  - name: zone-a\n    labels:\n      topology.kubernetes.io/zone: a\n');
    expectWorkspace(ID, { 'svc.yaml': svc, 'pods.yaml': v1, 'dr.yaml': topo });
    expectWorkspace(ID, { 'pods.yaml': v1, 'dr.yaml': destinationRule('ext', 'default', 'api.example.org', ['v1']) });
  });
});
