// istioctl sidecar.SelectorAnalyzer (sidecar/selector.go): IST0101 "selector" for a Sidecar whose
// workloadSelector matches no pod of its own namespace (cases of testdata/sidecar-selector.yaml:
// maps-to-nonexistent, maps-to-different-ns; maps-correctly-no-conflicts is clean).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceFix, expectWorkspace } from '../../test-support/ws-tester';
import { pod, sidecarWith } from '../traffic/test-fixtures';

const ID = 'traffic-sidecar-selector-no-workload';

const sidecar = (name: string, ns: string, labels: string) => sidecarWith(name, ns, `  workloadSelector:\n    labels:\n${labels}`);
const pods =
  pod('productpage', 'default', '    app: productpage\n') +
  '---' +
  pod('productpage-other', 'other', '    app: productpage\n') +
  '---' +
  pod('reviews', 'default', '    app: reviews\n') +
  '---' +
  pod('ratings', 'default', '    app: ratings-app\n    myapp: ratings-myapp\n');

describe(ID, () => {
  it('flags selectors matching no pod of the namespace, on the workloadSelector key (sidecar-selector.yaml)', () => {
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'a.yaml': sidecar('maps-correctly-no-conflicts', 'default', '      app: productpage\n'),
      'b.yaml': sidecar('maps-to-nonexistent', 'default', '      app: bogus\n').replace('  workloadSelector:\n', '  workloadSelector:\n# ^^^^^^^^^^^^^^^^ {app=bogus}\n'),
      'c.yaml': sidecar('maps-to-different-ns', 'other', '      app: reviews\n').replace('  workloadSelector:\n', '  workloadSelector:\n# ^^^^^^^^^^^^^^^^ no workload of other\n'),
      'd.yaml': sidecar('overlap', 'default', '      myapp: ratings-myapp\n'),
    });
  });

  it('points at a mistyped value with a did-you-mean fix', () => {
    const files = { 'pods.yaml': pods, 'a.yaml': sidecar('pp', 'default', '      app: productpag\n#          ^^^^^^^^^^ did you mean productpage?\n') };
    expectWorkspace(ID, files);
    assert.match(applyWorkspaceFix(ID, files, 'a.yaml', 'productpage'), /app: productpage\n/);
  });

  it('says nothing without workloads in the namespace, for templated selectors or pods whose labels are partly known', () => {
    expectWorkspace(ID, { 'pods.yaml': pods, 'a.yaml': sidecar('x', 'payments', '      app: bogus\n') });
    expectWorkspace(ID, { 'pods.yaml': pods, 'a.yaml': sidecar('x', 'default', '      app: "{{ .Values.app }}"\n') });
    expectWorkspace(ID, { 'pods.yaml': pod('p', 'web', '    "{{ .Values.k }}": v\n'), 'a.yaml': sidecar('x', 'web', '      app: bogus\n') });
  });
});
