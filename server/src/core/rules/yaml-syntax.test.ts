import { describe, it } from 'node:test';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const VS = (regexLine: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: r
spec:
  hosts: [r]
  http:
  - match:
    - uri:
${regexLine}
`;

describe('yaml-syntax', () => {
  it('flags an invalid double-quoted escape at the backslash', () => {
    expectFindings('yaml-syntax', VS(`        regex: "/v\\d+"\n#                 ^^ "\\d" is an invalid escape in double quotes`));
  });

  it('accepts the same regex single-quoted or with a doubled backslash', () => {
    expectNoFindings('yaml-syntax', VS(`        regex: '/v\\d+'`));
    expectNoFindings('yaml-syntax', VS(`        regex: "/v\\\\d+"`));
  });

  it('flags a duplicate key', () => {
    expectFindings(
      'yaml-syntax',
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: a
metadata:
^^^^^^^^ Duplicate key
  name: b
`,
    );
  });

  it('reports errors in every document of a multi-document file', () => {
    expectFindings(
      'yaml-syntax',
      `
apiVersion: v1
kind: Service
metadata:
  name: a
  name: b
# ^^^^ Duplicate key
---
apiVersion: v1
kind: Service
metadata:
  labels: {}
  labels: {}
# ^^^^^^ Duplicate key
`,
    );
  });

  it('ignores documents of kinds no rule reads', () => {
    expectNoFindings('yaml-syntax', `apiVersion: v1\nkind: ConfigMap\ndata: {a: [1, 2\n`);
  });
});
