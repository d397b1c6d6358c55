// istioctl service.PortNameAnalyzer, ExternalName branch (IST0150): a port named exactly "tcp" or
// without a known protocol.
import { describe, it } from 'node:test';
import { expectFindings } from '../../test-support/rule-tester';

const ID = 'traffic-externalname-port-name';
const svc = (ports: string) => `
apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  type: ExternalName
  externalName: db.example.com
  ports:
${ports}`;

describe(ID, () => {
  it('flags "tcp" and names without a protocol, on the name', () => {
    expectFindings(ID, svc('  - name: tcp\n#         ^^^\n    port: 5432\n  - name: postgres\n#         ^^^^^^^^\n    port: 5433\n'));
  });

  it('accepts named protocols, tcp-prefixed names, and non-ExternalName Services', () => {
    expectFindings(ID, svc('  - name: tls-db\n    port: 5432\n  - name: tcp-db\n    port: 5433\n  - name: https\n    port: 443\n'));
    expectFindings(ID, svc('  - name: tcp\n    port: 5432\n').replace('  type: ExternalName\n', ''));
  });
});
