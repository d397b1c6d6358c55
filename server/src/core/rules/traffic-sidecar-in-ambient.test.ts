// istioctl sidecar.SelectorAnalyzer (sidecar/selector.go): IST0167 IneffectivePolicy for a Sidecar in a
// namespace util.NamespaceInAmbientMode accepts, or selecting ambient pods (testdata/sidecar-default-selector.yaml:
// ns-ambient/namespace-scoped and pod-scoped flagged, ns-not-ambient and ns-not-ambient-rev clean).
// Pods are ambient as istio-cni enrols them (cni/pkg/util/enablement_selector.go Matches).
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { pod, sidecarWith } from '../traffic/test-fixtures';

const ID = 'traffic-sidecar-in-ambient';

const ns = (name: string, labels: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels}`;
const sidecar = (name: string, namespace: string, selector = '', marker = '') => sidecarWith(name, namespace, selector, marker);
const ambient = '    istio.io/dataplane-mode: ambient\n';
const byApp = (app: string, marker = '') => `  workloadSelector:\n${marker}    labels:\n      app: ${app}\n`;

describe(ID, () => {
  it('flags Sidecars of an ambient namespace: namespace-wide on the name, selecting on the selector (sidecar-default-selector.yaml)', () => {
    expectWorkspace(ID, {
      'ns.yaml': ns('ns-ambient', ambient),
      'pods.yaml': pod('random-pod-ambient', 'ns-ambient', '    app: ambient\n'),
      'a.yaml': sidecar('namespace-scoped', 'ns-ambient', '', '#       ^^^^^^^^^^^^^^^^ ns-ambient\n'),
      'b.yaml': sidecar('pod-scoped', 'ns-ambient', byApp('ambient', '# ^^^^^^^^^^^^^^^^ Pod "random-pod-ambient"\n')),
    });
  });

  it('does not take namespaces also labelled for injection as ambient (ns-not-ambient, ns-not-ambient-rev)', () => {
    expectWorkspace(ID, {
      'ns.yaml': ns('ns-not-ambient', ambient + '    istio-injection: enabled\n') + '---' + ns('ns-not-ambient-rev', ambient + '    istio.io/rev: canary\n'),
      'a.yaml': sidecar('namespace-not-ambient', 'ns-not-ambient') + '---' + sidecar('namespace-not-ambient', 'ns-not-ambient-rev'),
    });
  });

  it('reads the pods: a pod label enrols or opts out, a sidecar or the host network keeps a pod out', () => {
    expectWorkspace(ID, {
      'ns.yaml': ns('shop', '    team: shop\n') + '---' + ns('mixed', ambient),
      'pods.yaml': [
        pod('cart', 'shop', '    app: cart\n' + ambient),
        pod('legacy', 'mixed', '    app: legacy\n    istio.io/dataplane-mode: none\n'),
        pod('injected', 'mixed', '    app: injected\n    sidecar.istio.io/inject: "true"\n'),
        pod('node-agent', 'mixed', '    app: node-agent\n').replace('spec:\n', 'spec:\n  hostNetwork: true\n'),
      ].join('---'),
      'a.yaml': sidecar('cart', 'shop', byApp('cart', '# ^^^^^^^^^^^^^^^^\n')),
      // A namespace-wide Sidecar where a pod asks for a sidecar still configures that pod.
      'b.yaml': sidecar('default', 'mixed') + '---' + sidecar('legacy', 'mixed', byApp('legacy')) + '---' + sidecar('injected', 'mixed', byApp('injected')) + '---' + sidecar('agent', 'mixed', byApp('node-agent')),
    });
  });

  it('says nothing without a Namespace manifest or a selected workload', () => {
    expectWorkspace(ID, { 'a.yaml': sidecar('default', 'shop') + '---' + sidecar('x', 'shop', byApp('cart')) });
    expectWorkspace(ID, { 'ns.yaml': ns('shop', ambient), 'a.yaml': sidecar('x', 'shop', byApp('cart')) });
  });
});
