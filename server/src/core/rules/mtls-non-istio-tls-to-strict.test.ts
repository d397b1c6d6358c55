import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace, applyWorkspaceFix } from '../../test-support/ws-tester';
import { dedent } from '../../test-support/rule-tester';
import { destinationRule, peerAuthentication, tlsPolicy } from '../mtls/test-fixtures';

const ID = 'mtls-non-istio-tls-to-strict';

const pa = (ns: string, mode: string) => peerAuthentication({ namespace: ns, mode, apiVersion: 'security.istio.io/v1beta1' });
const dr = (host: string, tls: string) =>
  destinationRule({ name: 'inventory', namespace: 'orders', host, policy: tlsPolicy(tls), apiVersion: 'networking.istio.io/v1beta1' });

describe(ID, () => {
  it('flags SIMPLE and MUTUAL toward a STRICT host', () => {
    const out = expectWorkspace(ID, {
      'pa.yaml': pa('orders', 'STRICT'),
      'dr.yaml': dr('inventory', '      mode: SIMPLE\n#           ^^^^^^ Use ISTIO_MUTUAL in the mesh\n'),
    });
    assert.equal(out.get('dr.yaml')![0].severity, 'warning');
    expectWorkspace(ID, {
      'pa.yaml': pa('orders', 'STRICT'),
      'dr.yaml': dr('inventory', '      mode: MUTUAL\n#           ^^^^^^ tls.mode MUTUAL\n      credentialName: inventory-client\n'),
    });
  });

  it('stays silent for PERMISSIVE hosts, ISTIO_MUTUAL, and hosts outside the mesh', () => {
    expectWorkspace(ID, { 'pa.yaml': pa('orders', 'PERMISSIVE'), 'dr.yaml': dr('inventory', '      mode: SIMPLE\n') });
    expectWorkspace(ID, { 'pa.yaml': pa('orders', 'STRICT'), 'dr.yaml': dr('inventory', '      mode: ISTIO_MUTUAL\n') });
    expectWorkspace(ID, { 'pa.yaml': pa('istio-system', 'STRICT'), 'dr.yaml': dr('api.stripe.com', '      mode: SIMPLE\n') });
  });

  it('fixes to ISTIO_MUTUAL, keeping the quotes', () => {
    const files = { 'pa.yaml': pa('orders', 'STRICT'), 'dr.yaml': dr('inventory', '      mode: "MUTUAL"\n      credentialName: c\n') };
    assert.equal(applyWorkspaceFix(ID, files, 'dr.yaml', 'ISTIO_MUTUAL'), dedent(dr('inventory', '      mode: "ISTIO_MUTUAL"\n      credentialName: c\n')));
  });
});
