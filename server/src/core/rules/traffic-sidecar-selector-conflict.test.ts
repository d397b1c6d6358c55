// istioctl sidecar.SelectorAnalyzer (sidecar/selector.go): IST0110 for pods several selector
// Sidecars select (cases of testdata/sidecar-selector.yaml), IST0111 for several defaults.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { pod } from '../traffic/test-fixtures';

const sidecar = (name: string, ns: string, selector: string) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${selector}  egress:
  - hosts:
    - "./*"
`;
const sel = (labels: string, marker = '') => `  workloadSelector:\n${marker}    labels:\n${labels}`;
const pods = pod('pod1', 'default', '    app: app1\n    tier: backend\n') + '---' + pod('pod2', 'other', '    app: app2\n');

describe('traffic-sidecar-selector-conflict', () => {
  const ID = 'traffic-sidecar-selector-conflict';
  it('flags Sidecars selecting the same pod, on each selector', () => {
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'a.yaml': sidecar('by-app', 'default', sel('      app: app1\n', '# ^^^^^^^^^^^^^^^^ "by-tier"\n')),
      'b.yaml': sidecar('by-tier', 'default', sel('      tier: backend\n', '# ^^^^^^^^^^^^^^^^ Pod "pod1"\n')),
    });
  });

  it('ignores other namespaces, disjoint selectors and one resource in two files', () => {
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'a.yaml': sidecar('by-app', 'default', sel('      app: app1\n')),
      'b.yaml': sidecar('by-app2', 'other', sel('      app: app1\n')),
      'c.yaml': sidecar('by-app', 'default', sel('      app: app1\n')),
      'd.yaml': sidecar('none', 'default', sel('      app: nothing\n')),
    });
  });
});

describe('traffic-sidecar-multiple-default', () => {
  const ID = 'traffic-sidecar-multiple-default';
  it('flags every selector-less Sidecar of a namespace that has several, on the name', () => {
    expectWorkspace(ID, {
      'a.yaml': sidecar('default', 'shop', '').replace('  name: default\n', '  name: default\n#       ^^^^^^^ "egress"\n'),
      'b.yaml': sidecar('egress', 'shop', sel('')).replace('  name: egress\n', '  name: egress\n#       ^^^^^^ namespace shop\n'),
      'c.yaml': sidecar('default', 'web', '') + '---' + sidecar('default', 'web', ''),
      'd.yaml': sidecar('narrow', 'shop', sel('      app: cart\n')),
    });
  });
});
