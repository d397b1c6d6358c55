// istioctl gateway.ConflictingGatewayAnalyzer (gateway/conflictinggateway.go): same selector (or
// selectors matching one pod), same port, a host both declare with the same bind
// (pilot/pkg/model/gateway.go CheckDuplicates). Cases of testdata/conflicting-gateways*.yaml,
// gateway-different-port.yaml and analyze-list-type.yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { gatewayWith, pod } from '../traffic/test-fixtures';

const ID = 'gateway-conflict';

const gw = (name: string, selector: string, servers: string, ns = 'default') => gatewayWith(name, ns, selector, servers);
const server = (port: number | string, host: string, marker = '', extra = '') => `  - port:
      number: ${port}
      name: p${port}
      protocol: HTTP
${extra}    hosts:
    - "${host}"
${marker}`;
const ingress = '    istio: ingressgateway\n';

describe(ID, () => {
  it('flags both Gateways with the same selector, port and host, on the host (conflicting-gateways.yaml)', () => {
    expectWorkspace(ID, {
      'beta.yaml': gw('beta', ingress, server(80, 'foo.bar', '#     ^^^^^^^^^ Gateway "alpha"\n')),
      'alpha.yaml': gw('alpha', ingress, server(80, 'foo.bar', '#     ^^^^^^^^^ Gateway "beta"\n')),
    });
  });

  it('ignores other ports, other hosts, servers without a port and other binds (gateway-different-port, conflicting-gateways-invalid-port)', () => {
    expectWorkspace(ID, {
      'a.yaml': gw('beta', ingress, server(443, 'foo.bar') + server(80, 'bar.bar') + server('', 'x.bar') + server(8080, 'y.bar', '', '    bind: 10.0.0.1\n')),
      'b.yaml': gw('alpha', ingress, server(80, 'foo.bar') + server('', 'x.bar') + server(8080, 'y.bar', '', '    bind: 10.0.0.2\n')),
    });
  });

  it('compares the servers on the shared port only (conflicting-gateways-multiple-ports.yaml)', () => {
    expectWorkspace(ID, {
      'beta.yaml': gw('beta', ingress, server(80, 'foo.bar') + server(90, 'foo.bar', '#     ^^^^^^^^^\n')),
      'alpha.yaml': gw('alpha', ingress, server(70, 'foo.bar') + server(90, 'foo.bar', '#     ^^^^^^^^^\n')),
    });
  });

  it('finds different selectors that match one workload, in any namespace (conflicting-gateways-subSelector.yaml)', () => {
    const pods = pod('my-ingressgateway-1', 'istio-system', '    istio: ingressgateway\n    app: istio-ingressgateway\n    cusKey: cusValue\n');
    expectWorkspace(ID, {
      'pods.yaml': pods,
      'beta.yaml': gw('beta', '    istio: ingressgateway\n    app: istio-ingressgateway\n    cusKey: cusValue\n', server(80, 'foo.bar', '#     ^^^^^^^^^ Gateway "web/alpha"\n')),
      'alpha.yaml': gw('alpha', '    istio: ingressgateway\n    cusKey: cusValue\n', server(80, 'foo.bar', '#     ^^^^^^^^^ Gateway "default/beta"\n'), 'web'),
    });
    // Without a pod carrying both selectors, nothing tells that they pick the same pods.
    expectWorkspace(ID, {
      'beta.yaml': gw('beta', '    istio: ingressgateway\n    app: istio-ingressgateway\n', server(80, 'foo.bar')),
      'alpha.yaml': gw('alpha', ingress, server(80, 'foo.bar')),
    });
  });

  it('takes one Gateway in two files as one resource, and skips templated selectors', () => {
    expectWorkspace(ID, {
      'a.yaml': gw('alpha', ingress, server(80, 'foo.bar')),
      'b.yaml': gw('alpha', ingress, server(80, 'foo.bar')),
      'c.yaml': gw('gamma', '    istio: "{{ .Values.gateway }}"\n', server(80, 'foo.bar')),
    });
  });
});
