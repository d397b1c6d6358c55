// istioctl gateway.CertificateAnalyzer (gateway/certificate.go): analyzeDuplicateCertificate pairs a
// Gateway with those whose selector contains its own (selectorSubset; an empty selector pairs with
// all), in every namespace (features.ScopeGatewayToNamespace off), and compares TLS servers with
// haveSameCertificate. Cases of testdata/gateway-duplicate-certificate.yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { gatewayWith } from '../traffic/test-fixtures';

const ID = 'gateway-duplicate-certificate';

const gw = (name: string, ns: string, selector: string, tls: string, marker = '') =>
  gatewayWith(name, ns, selector, `  - port:\n      number: 443\n      name: https\n      protocol: HTTPS\n${tls ? `    tls:\n      mode: SIMPLE\n${tls}${marker}` : ''}    hosts:\n    - "${name}.example.com"\n`);
const ingress = '    istio: ingressgateway\n';
const internal = '    istio: ingressgateway\n    type: internal\n';
const cred = (name: string) => `      credentialName: "${name}"\n`;

describe(ID, () => {
  it('flags both Gateways with the same selector and credentialName, on the credential (test-01)', () => {
    expectWorkspace(ID, {
      'a.yaml': gw('gateway-01-test-01', 'istio-system', ingress, cred('test-01-wildcard-cert'), '#                     ^^^^^^^^^^^^^^^^^^^^^^^ Gateway "gateway-02-test-01"\n'),
      'b.yaml': gw('gateway-02-test-01', 'istio-system', ingress, cred('test-01-wildcard-cert'), '#                     ^^^^^^^^^^^^^^^^^^^^^^^ Gateway "gateway-01-test-01"\n'),
    });
  });

  it('flags only the Gateway whose selector is contained in the other one, across namespaces (test-02, test-03)', () => {
    expectWorkspace(ID, {
      'a.yaml': gw('gateway-01-test-02', 'istio-system', ingress, cred('test-02-wildcard-cert'), '#                     ^^^^^^^^^^^^^^^^^^^^^^^\n'),
      'b.yaml': gw('gateway-02-test-02', 'istio-system', internal, cred('test-02-wildcard-cert')),
      'c.yaml': gw('gateway-01-test-03', 'default', ingress, cred('test-03-wildcard-cert'), '#                     ^^^^^^^^^^^^^^^^^^^^^^^ Gateway "istio-system/gateway-02-test-03"\n'),
      'd.yaml': gw('gateway-02-test-03', 'istio-system', internal, cred('test-03-wildcard-cert')),
    });
  });

  it('ignores different certificates, servers without TLS and one Gateway in two files (test-04 to test-06)', () => {
    expectWorkspace(ID, {
      'a.yaml': gw('gateway-01-test-04', 'istio-system', ingress, cred('01-test-04-wildcard-cert')),
      'b.yaml': gw('gateway-02-test-04', 'istio-system', ingress, cred('02-test-04-wildcard-cert')),
      'c.yaml': gw('gateway-03-test-06', 'default', ingress, '') + '---' + gw('gateway-04-test-06', 'default', ingress, ''),
      'd.yaml': gw('gateway-01-test-04', 'istio-system', ingress, cred('01-test-04-wildcard-cert')),
    });
  });

  it('compares certificate files when neither server names a credential', () => {
    const files = (cert: string, key: string, marker = '') => `      serverCertificate: /etc/certs/${cert}\n${marker}      privateKey: /etc/certs/${key}\n`;
    expectWorkspace(ID, {
      'a.yaml': gw('one', 'istio-system', ingress, files('tls.crt', 'tls.key', '#                        ^^^^^^^^^^^^^^^^^^\n')),
      'b.yaml': gw('two', 'istio-system', ingress, files('tls.crt', 'tls.key', '#                        ^^^^^^^^^^^^^^^^^^\n')),
      'c.yaml': gw('three', 'istio-system', internal, files('tls.crt', 'other.key')),
      'd.yaml': gw('four', 'istio-system', internal, cred('tls') + files('tls.crt', 'tls.key')),
    });
  });
});
