// istioctl virtualservice.DestinationHostAnalyzer checkServiceEntryPorts (destinationhosts.go):
// a port the host lacks is IST0101 "host:port"; no port where the host has several is IST0112.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { service, serviceEntry, virtualService } from '../traffic/test-fixtures';

const ID = 'traffic-destination-port';
const one = service('reviews', 'shop', [42]);
const two = service('reviews-2port', 'shop', [80, 443]);

describe(ID, () => {
  it('flags a port the Service lacks, on the number', () => {
    expectWorkspace(ID, {
      'svc.yaml': one,
      'vs.yaml': virtualService('a', 'shop', '        host: reviews\n        port:\n          number: 999\n#                 ^^^ has no port 999\n'),
    });
  });

  it('requires a port for a multi-port host, on the host', () => {
    expectWorkspace(ID, {
      'svc.yaml': two,
      'vs.yaml': virtualService('a', 'shop', '        host: reviews-2port\n#             ^^^^^^^^^^^^^ several ports (80, 443)\n'),
    });
  });

  it('accepts a valid port, a single-port host without one, and unknown hosts', () => {
    expectWorkspace(ID, {
      'svc.yaml': one + '---' + two,
      'a.yaml': virtualService('a', 'shop', '        host: reviews-2port\n        port:\n          number: 80\n'),
      'b.yaml': virtualService('b', 'shop', '        host: reviews\n'),
      'c.yaml': virtualService('c', 'shop', '        host: nowhere\n        port:\n          number: 1\n'),
    });
  });

  it('checks ServiceEntry ports and mirrors', () => {
    const se = serviceEntry('ext', 'shop', ['api.example.org'], '  ports:\n  - number: 443\n    name: https\n    protocol: HTTPS\n  - number: 80\n    name: http\n    protocol: HTTP\n');
    expectWorkspace(ID, {
      'se.yaml': se,
      'vs.yaml': virtualService('a', 'shop', '        host: api.example.org\n        port:\n          number: 443\n    mirror:\n      host: api.example.org\n#           ^^^^^^^^^^^^^^^\n'),
    });
  });

  it('stays silent when the port list is templated', () => {
    const templated = one.replace('  - name: http-42\n    port: 42\n', '  {{- toYaml .Values.ports | nindent 2 }}\n');
    expectWorkspace(ID, { 'svc.yaml': templated, 'vs.yaml': virtualService('a', 'shop', '        host: reviews\n        port:\n          number: 999\n') });
  });
});
