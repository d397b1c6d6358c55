// istioctl serviceentry.ConflictingServiceEntryProtocolAnalyzer (serviceentry/conflictingserviceentries.go),
// IST0177, cases of testdata/serviceentry-conflicting-protocol.yaml, serviceentry-no-conflict-protocol.yaml
// and serviceentry-conflicting-exportto.yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { serviceEntry } from '../traffic/test-fixtures';

const ID = 'traffic-serviceentry-protocol-conflict';
const se = (name: string, ns: string, host: string, port: string, extra = '') => serviceEntry(name, ns, [host], `  ports:\n${port}  resolution: DNS\n${extra}`);

describe(ID, () => {
  it('flags HTTPS and HTTP for example.com:13835 in two ServiceEntries, on each protocol', () => {
    expectWorkspace(ID, {
      'a.yaml': se('se-https', 'default', 'example.com', '  - name: https-13835\n    number: 13835\n    protocol: HTTPS\n#             ^^^^^ HTTP in ServiceEntry default/se-http\n'),
      'b.yaml':
        se('se-http', 'default', 'example.com', '  - name: http-13835\n    number: 13835\n    protocol: HTTP\n#             ^^^^ HTTPS in\n') +
        '---' +
        se('se-no-conflict', 'default', 'other.com', '  - name: https-443\n    number: 443\n    protocol: HTTPS\n'),
    });
  });

  it('compares case-insensitively, treats an unset protocol as its own, and sees exportTo "*" from every namespace', () => {
    expectWorkspace(ID, {
      'a.yaml': se('lower', 'ns1', 'example.com', '  - name: https\n    number: 443\n    protocol: https\n') + '---' + se('upper', 'ns1', 'example.com', '  - name: https\n    number: 443\n    protocol: HTTPS\n'),
    });
    expectWorkspace(ID, {
      'a.yaml': se('unset', 'ns1', 'db.example.com', '  - name: db\n    number: 5432\n#           ^^^^ unset here, TCP\n', '  exportTo:\n  - "."\n'),
      'b.yaml': se('tcp', 'ns2', 'db.example.com', '  - name: db\n    number: 5432\n    protocol: TCP\n#             ^^^\n'),
    });
  });

  it('stays silent for the same protocol and for ServiceEntries exported to different namespaces', () => {
    expectWorkspace(ID, {
      'a.yaml': se('se-https-only', 'default', 'example.com', '  - name: https-443\n    number: 443\n    protocol: HTTPS\n') + '---' + se('se-https-only-2', 'default', 'example.com', '  - name: https-443-2\n    number: 443\n    protocol: HTTPS\n'),
    });
    expectWorkspace(ID, {
      'a.yaml': se('se-ns1', 'ns1', 'example.com', '  - name: http-8080\n    number: 8080\n    protocol: HTTP\n', '  exportTo:\n  - "."\n'),
      'b.yaml': se('se-ns2', 'ns2', 'example.com', '  - name: https-8080\n    number: 8080\n    protocol: HTTPS\n', '  exportTo:\n  - "."\n'),
    });
  });
});
