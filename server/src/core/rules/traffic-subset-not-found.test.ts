// istioctl virtualservice.DestinationRuleAnalyzer (destinationrules.go): a route or mirror subset
// that no DestinationRule for the host defines; cases of testdata/virtualservice_destinationrules.yaml.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace, applyWorkspaceFix } from '../../test-support/ws-tester';
import { destinationRule, service, virtualService } from '../traffic/test-fixtures';

const ID = 'traffic-subset-not-found';
const dr = destinationRule('reviews', 'default', 'reviews', ['v1', 'v2']);

describe(ID, () => {
  it('flags an undefined subset on the subset value, with a did-you-mean fix', () => {
    const files = { 'dr.yaml': dr, 'vs.yaml': virtualService('a', 'default', '        host: reviews\n        subset: V2\n#               ^^ did you mean "v2"\n') };
    expectWorkspace(ID, files);
    assert.match(applyWorkspaceFix(ID, files, 'vs.yaml', 'Change to'), /subset: v2\n/);
  });

  it('offers no fix when two subsets are equally close or none is close', () => {
    const files = { 'dr.yaml': dr, 'vs.yaml': virtualService('a', 'default', '        host: reviews\n        subset: v3\n#               ^^ "v1", "v2"\n') };
    const out = expectWorkspace(ID, files);
    assert.equal(out.get('vs.yaml')![0].fixes.length, 0);
  });

  it('matches FQDN and short hosts across namespaces, and mirrors', () => {
    expectWorkspace(ID, {
      'dr.yaml': dr,
      'a.yaml': virtualService('a', 'default', '        host: reviews.default.svc.cluster.local\n        subset: v2\n'),
      'b.yaml': virtualService('b', 'web', '        host: reviews.default.svc.cluster.local\n        subset: v1\n'),
      'c.yaml': virtualService('c', 'default', '        host: reviews\n        subset: v1\n    mirror:\n      host: reviews\n      subset: v9\n#             ^^\n'),
    });
  });

  it('honours the DestinationRule exportTo and prefers an exact host over a wildcard', () => {
    const local = destinationRule('local', 'default', 'reviews', ['v1'], '  exportTo: ["."]\n');
    const wildcard = destinationRule('wide', 'default', '"*.default.svc.cluster.local"', ['v1', 'canary']);
    expectWorkspace(ID, {
      'dr.yaml': local + '---' + wildcard,
      'a.yaml': virtualService('a', 'web', '        host: reviews.default.svc.cluster.local\n        subset: canary\n'),
      'b.yaml': virtualService('b', 'default', '        host: reviews\n        subset: canary\n#               ^^^^^^\n'),
    });
  });

  it('reports a missing DestinationRule only where the workspace keeps DestinationRules for those namespaces', () => {
    expectWorkspace(ID, {
      'dr.yaml': dr,
      'svc.yaml': service('ratings', 'default', [9080]),
      'a.yaml': virtualService('a', 'default', '        host: ratings\n        subset: v1\n#               ^^ No DestinationRule\n'),
      'c.yaml': virtualService('c', 'default', '        host: ratings-typo\n        subset: v1\n'),
      'b.yaml': virtualService('b', 'payments', '        host: ledger\n        subset: v1\n'),
    });
    expectWorkspace(ID, { 'vs.yaml': virtualService('a', 'default', '        host: ratings\n        subset: v1\n') });
  });
});
