import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings } from '../../test-support/rule-tester';

const ID = 'mtls-mutual-missing-certs';

const DR = (tls: string, version = 'v1') => `
apiVersion: networking.istio.io/${version}
kind: DestinationRule
metadata:
  name: payments
spec:
  host: payments.example.com
  trafficPolicy:
    tls:
${tls}`;

describe(ID, () => {
  it('flags MUTUAL without client certificate at the mode value', () => {
    const [f] = expectFindings(ID, DR(`      mode: MUTUAL\n#           ^^^^^^ no clientCertificate and privateKey\n      caCertificates: /etc/ca.pem\n`));
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.fixes, []);
    expectFindings(ID, DR(`      mode: MUTUAL\n#           ^^^^^^ no privateKey\n      clientCertificate: /etc/cert.pem\n      privateKey: ""\n`, 'v1beta1'));
  });

  it('flags credentialName mixed with certificate files, with an unsafe fix keeping the credential', () => {
    const src = DR(
      `      mode: SIMPLE\n      credentialName: payments-ca\n#     ^^^^^^^^^^^^^^ caCertificates, caCrl\n      caCertificates: /etc/ca.pem\n      caCrl: /etc/crl.pem\n      sni: payments.example.com\n`,
    );
    const [f] = expectFindings(ID, src);
    assert.equal(f.fixes[0].safe, false);
    assert.ok(applyFix(ID, src).endsWith('      mode: SIMPLE\n      credentialName: payments-ca\n      sni: payments.example.com\n'));
  });

  it('flags insecureSkipVerify with verification settings (SIMPLE counts credentialName, MUTUAL does not)', () => {
    const simple = DR(`      mode: SIMPLE\n      insecureSkipVerify: true\n#     ^^^^^^^^^^^^^^^^^^ credentialName\n      credentialName: ca\n`);
    expectFindings(ID, simple);
    assert.ok(applyFix(ID, simple).endsWith('      mode: SIMPLE\n      credentialName: ca\n'));
    expectNoFindings(ID, DR(`      mode: MUTUAL\n      insecureSkipVerify: true\n      credentialName: client-and-ca\n`));
    expectFindings(
      ID,
      DR(`      mode: MUTUAL\n      insecureSkipVerify: true\n#     ^^^^^^^^^^^^^^^^^^ subjectAltNames\n      credentialName: c\n      subjectAltNames: [payments.example.com]\n`),
    );
  });

  it('checks subset and port-level tls in flow style', () => {
    expectFindings(
      ID,
      `
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: p}
spec:
  host: p.example.com
  subsets:
  - name: legacy
    trafficPolicy:
      portLevelSettings:
      - port: {number: 8443}
        tls: {mode: MUTUAL, caCertificates: /etc/ca.pem}
#                   ^^^^^^ subset legacy, port 8443
`,
    );
  });

  it('accepts complete settings, templated values and other modes', () => {
    expectNoFindings(ID, DR(`      mode: MUTUAL\n      clientCertificate: /etc/cert.pem\n      privateKey: /etc/key.pem\n      caCertificates: /etc/ca.pem\n`));
    expectNoFindings(ID, DR(`      mode: MUTUAL\n      credentialName: payments-client\n      insecureSkipVerify: false\n      caCertificates: ""\n`));
    expectNoFindings(ID, DR(`      mode: MUTUAL\n      clientCertificate: {{ .Values.cert }}\n      privateKey: {{ .Values.key }}\n`));
    expectNoFindings(ID, DR(`      mode: ISTIO_MUTUAL\n`));
    expectNoFindings(ID, DR(`      mode: SIMPLE\n      insecureSkipVerify: true\n`));
  });
});
