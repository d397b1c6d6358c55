// Behaviour of istioctl's virtualservice.DestinationHostAnalyzer (pkg/config/analysis/analyzers/
// virtualservice/destinationhosts.go, util.GetDestinationHost / InitServiceEntryHostMap), with the
// cases of its testdata/virtualservice_destinationhosts.yaml rewritten.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace, applyWorkspaceFix } from '../../test-support/ws-tester';
import { service, serviceEntry, virtualService } from '../traffic/test-fixtures';

const ID = 'traffic-destination-host-not-found';
const svc = service('ratings', 'shop', [9080]);

describe(ID, () => {
  it('flags a short name that no Service of the namespace declares, on the host value', () => {
    const out = expectWorkspace(ID, {
      'svc.yaml': svc,
      'vs.yaml': virtualService('ratings', 'shop', '        host: ratings-typo\n#             ^^^^^^^^^^^^ ratings-typo.shop.svc.cluster.local\n'),
    });
    assert.ok(out.get('vs.yaml')![0].message.length <= 160);
  });

  it('accepts short names, FQDNs and cross-namespace FQDNs of existing Services', () => {
    expectWorkspace(ID, {
      'svc.yaml': svc,
      'a.yaml': virtualService('a', 'shop', '        host: ratings\n'),
      'b.yaml': virtualService('b', 'shop', '        host: ratings.shop.svc.cluster.local\n'),
      'c.yaml': virtualService('c', 'istio-system', '        host: ratings.shop.svc.cluster.local\n'),
    });
  });

  it('flags a mirror host too', () => {
    const vs = virtualService('m', 'shop', '        host: ratings\n    mirror:\n      host: ratings-shadow\n#           ^^^^^^^^^^^^^^\n');
    expectWorkspace(ID, { 'svc.yaml': svc, 'vs.yaml': vs });
  });

  it('resolves ServiceEntry hosts, wildcards, and honours exportTo', () => {
    const ses = [
      serviceEntry('ext', 'shop', ['api.example.org']),
      serviceEntry('eu', 'shop', ['*.eu.example.com']),
      serviceEntry('local', 'other', ['local.example.com'], '  exportTo: ["."]\n'),
      serviceEntry('exported', 'other', ['shared.example.com'], '  exportTo: ["shop"]\n'),
    ].join('---');
    expectWorkspace(ID, {
      'se.yaml': ses,
      'a.yaml': virtualService('a', 'shop', '        host: api.example.org\n'),
      'b.yaml': virtualService('b', 'shop', '        host: reviews.eu.example.com\n'),
      'c.yaml': virtualService('c', 'shop', '        host: "*.eu.example.com"\n'),
      'd.yaml': virtualService('d', 'shop', '        host: local.example.com\n#             ^^^^^^^^^^^^^^^^^ is visible here\n'),
      'e.yaml': virtualService('e', 'shop', '        host: shared.example.com\n'),
    });
  });

  it('honours the exportTo annotation of Services and the exportTo of the VirtualService', () => {
    const hidden = service('details', 'shop', [9080], 'networking.istio.io/exportTo: team-a');
    const local = service('hello', 'hello', [9080], 'networking.istio.io/exportTo: "team-a,team-b,."');
    expectWorkspace(ID, {
      'svc.yaml': hidden + '---' + local,
      'a.yaml': virtualService('a', 'istio-system', '        host: details.shop.svc.cluster.local\n#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n'),
      'b.yaml': virtualService('b', 'team-a', '        host: details.shop.svc.cluster.local\n'),
      'c.yaml': virtualService('c', 'team-b', '        host: hello.hello.svc.cluster.local\n'),
      'd.yaml': virtualService('d', 'hello', '        host: hello.hello.svc.cluster.local\n'),
      'e.yaml': virtualService('e', 'hello', '        host: hello.hello.svc.cluster.local\n#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n', '  exportTo: [elsewhere]\n'),
    });
  });

  it('takes a host with a dot literally and offers the FQDN for review', () => {
    const files = { 'svc.yaml': svc, 'vs.yaml': virtualService('a', 'web', '        host: ratings.shop\n#             ^^^^^^^^^^^^ literally\n') };
    expectWorkspace(ID, files);
    assert.match(applyWorkspaceFix(ID, files, 'vs.yaml', 'Use'), /host: ratings\.shop\.svc\.cluster\.local/);
  });

  it('stays silent where the workspace does not hold the target namespace', () => {
    expectWorkspace(ID, {
      'svc.yaml': svc,
      'a.yaml': virtualService('a', 'payments', '        host: ledger\n'),
      'b.yaml': virtualService('b', 'shop', '        host: ledger.payments.svc.cluster.local\n'),
      'c.yaml': virtualService('c', 'shop', '        host: api.example.org\n'),
    });
  });

  it('skips empty and templated destinations', () => {
    expectWorkspace(ID, {
      'svc.yaml': svc,
      'vs.yaml': virtualService('a', 'shop', '        host: "{{ .Values.host }}"\n').replace('    - destination:', '    - {}\n    - destination:'),
    });
  });
});
