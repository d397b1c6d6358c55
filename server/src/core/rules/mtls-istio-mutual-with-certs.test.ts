import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings, lint } from '../../test-support/rule-tester';
import { applyFixes } from '../index';

const ID = 'mtls-istio-mutual-with-certs';

describe(ID, () => {
  it('flags every ignored field next to ISTIO_MUTUAL and removes each one safely', () => {
    const src = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
      clientCertificate: /etc/certs/cert-chain.pem
#     ^^^^^^^^^^^^^^^^^ Remove clientCertificate
      privateKey: /etc/certs/key.pem
#     ^^^^^^^^^^ (trafficPolicy)
      caCertificates: /etc/certs/root-cert.pem
#     ^^^^^^^^^^^^^^
      sni: reviews.example.com
      subjectAltNames: [spiffe://cluster.local/ns/default/sa/reviews]
      insecureSkipVerify: true
#     ^^^^^^^^^^^^^^^^^^
`;
    const found = expectFindings(ID, src);
    assert.ok(found.every((f) => f.severity === 'warning' && f.fixes[0].safe));
    assert.ok(!applyFix(ID, src).includes('clientCertificate'));
    // Fix-all removes every field and keeps what Istio honours (sni, subjectAltNames).
    const text = src.replace(/^#.*\n/gm, '').replace(/^\n/, '');
    const all = applyFixes(text, lint(text).filter((f) => f.rule === ID).map((f) => f.fixes[0])).text;
    assert.equal(
      all,
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n' +
        '      sni: reviews.example.com\n      subjectAltNames: [spiffe://cluster.local/ns/default/sa/reviews]\n',
    );
  });

  it('checks subsets and port-level settings, flow style included (v1beta1, v1alpha3)', () => {
    for (const v of ['v1beta1', 'v1alpha3']) {
      expectFindings(
        ID,
        `
apiVersion: networking.istio.io/${v}
kind: DestinationRule
metadata: {name: r}
spec:
  host: r
  subsets:
  - name: v2
    labels: {version: v2}
    trafficPolicy:
      portLevelSettings:
      - port: {number: 9080}
        tls: {mode: ISTIO_MUTUAL, credentialName: my-cert}
#                                 ^^^^^^^^^^^^^^ subset v2, port 9080
`,
      );
    }
  });

  it('stays silent for other modes, templated modes and plain ISTIO_MUTUAL', () => {
    expectNoFindings(
      ID,
      `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a}
spec:
  host: a
  trafficPolicy:
    tls: {mode: MUTUAL, credentialName: a-cert}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b}
spec:
  host: b
  trafficPolicy:
    tls:
      mode: {{ .Values.mode }}
      caCertificates: /etc/ca.pem
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: c}
spec:
  host: c
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
      sni: c.example.com
`,
    );
  });
});
