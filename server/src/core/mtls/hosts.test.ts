import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveHost } from './hosts';

const known = new Set(['shop', 'payments']);
const r = (host: string, ns = 'shop') => resolveHost(host, ns, known);

describe('resolveHost', () => {
  it('expands short names in the DestinationRule namespace', () => {
    assert.deepEqual(r('cart'), [{ namespace: 'shop', service: 'cart' }]);
    assert.deepEqual(r('cart', 'other'), [{ namespace: 'other', service: 'cart' }]);
  });

  it('reads fully qualified Service names and namespace wildcards', () => {
    assert.deepEqual(r('ledger.payments.svc.cluster.local'), [{ namespace: 'payments', service: 'ledger' }]);
    assert.deepEqual(r('Ledger.Payments.svc.cluster.local.'), [{ namespace: 'payments', service: 'ledger' }]);
    assert.deepEqual(r('*.payments.svc.cluster.local'), [{ namespace: 'payments' }]);
  });

  it('spreads mesh-wide wildcards over the known namespaces', () => {
    const all = [{ namespace: 'payments' }, { namespace: 'shop' }];
    for (const h of ['*', '*.local', '*.cluster.local', '*.svc.cluster.local']) assert.deepEqual(r(h), all, h);
  });

  it('resolves svc.ns and svc.ns.svc only for known namespaces, marked literal', () => {
    assert.deepEqual(r('ledger.payments'), [{ namespace: 'payments', service: 'ledger', literal: true }]);
    assert.deepEqual(r('ledger.payments.svc'), [{ namespace: 'payments', service: 'ledger', literal: true }]);
    assert.deepEqual(r('example.com'), []);
  });

  it('resolves nothing for external hosts, IPs, other cluster domains and templates', () => {
    for (const h of ['api.example.com', '10.0.0.1', 'cart.shop.svc.corp.local', 'a.b.shop.svc.cluster.local', '\u2591\u2591\u2591', '', 'UPPER_CASE']) {
      assert.deepEqual(r(h), [], h);
    }
  });
});
