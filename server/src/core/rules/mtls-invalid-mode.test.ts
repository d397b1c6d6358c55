import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings, lint, parseMarked } from '../../test-support/rule-tester';
import { guessMode } from '../mtls/read';

const ID = 'mtls-invalid-mode';

describe(ID, () => {
  it('flags a lower-case PeerAuthentication mode and offers capitals for review: the rejected resource then starts to apply (v1 and v1beta1)', () => {
    for (const v of ['v1', 'v1beta1']) {
      const src = `
apiVersion: security.istio.io/${v}
kind: PeerAuthentication
metadata:
  name: default
  namespace: foo
spec:
  mtls:
    mode: strict
#         ^^^^^^ case-sensitive
`;
      const [f] = expectFindings(ID, src);
      assert.equal(f.severity, 'error');
      assert.equal(f.fixes[0].safe, false);
      assert.equal(applyFix(ID, src), parseMarked(src).text.replace('mode: strict', 'mode: STRICT'));
    }
  });

  it('flags typos with an unsafe guess and keeps the quotes', () => {
    const src = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: foo}
spec:
  mtls:
    mode: "STRCT"
#         ^^^^^^^ "STRCT" is not a PeerAuthentication mode
`;
    const [f] = expectFindings(ID, src);
    assert.equal(f.fixes[0].safe, false);
    assert.match(f.fixes[0].title, /guess/);
    assert.ok(applyFix(ID, src).includes('mode: "STRICT"'));
  });

  it('maps ENABLED to STRICT, never to the look-alike DISABLE', () => {
    assert.deepEqual(guessMode('ENABLED', 'pa'), { mode: 'STRICT', caseOnly: false });
    assert.deepEqual(guessMode('disabled', 'pa'), { mode: 'DISABLE', caseOnly: false });
    assert.deepEqual(guessMode('istio-mutual', 'dr'), { mode: 'ISTIO_MUTUAL', caseOnly: false });
    assert.deepEqual(guessMode('Istio_Mutual', 'dr'), { mode: 'ISTIO_MUTUAL', caseOnly: true });
    assert.deepEqual(guessMode('PERMISIVE', 'pa'), { mode: 'PERMISSIVE', caseOnly: false });
    assert.equal(guessMode('ROUND_ROBIN', 'dr'), undefined);
  });

  it('explains a DestinationRule mode used in a PeerAuthentication and the reverse', () => {
    expectFindings(
      ID,
      `
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: p, namespace: foo}
spec:
  selector:
    matchLabels: {app: reviews}
  mtls: {mode: ISTIO_MUTUAL}
#              ^^^^^^^^^^^^ is a DestinationRule TLS mode
  portLevelMtls:
    8080:
      mode: Permissive
#           ^^^^^^^^^^ Write PERMISSIVE
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r, namespace: foo}
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: STRICT
#           ^^^^^^ is a PeerAuthentication mode
`,
    );
  });

  it('checks DestinationRule modes at top level, per port, per subset and per subset port', () => {
    const src = `
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews.prod.svc.cluster.local
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings:
    - port: {number: 9080}
      tls:
        mode: istio_mutual
#             ^^^^^^^^^^^^ port 9080
  subsets:
  - name: v1
    labels: {version: v1}
    trafficPolicy:
      tls:
        mode: SIMPEL
#             ^^^^^^ subset v1
      portLevelSettings:
      - port:
          number: 443
        tls:
          mode: 'mutual'
#               ^^^^^^^^ subset v1, port 443
`;
    const found = expectFindings(ID, src);
    assert.deepEqual(found.map((f) => f.fixes[0]?.safe), [false, false, false]);
    assert.ok(applyFix(ID, src).includes('mode: ISTIO_MUTUAL\n  subsets'));
  });

  it('accepts every valid mode, null modes, templated modes and documents of other kinds', () => {
    expectNoFindings(
      ID,
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default}
spec:
  mtls: {mode: UNSET}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: w}
spec:
  selector: {matchLabels: {app: a}}
  mtls:
    mode:
  portLevelMtls:
    80: {mode: DISABLE}
    81: {mode: PERMISSIVE}
    82: {mode: STRICT}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: d}
spec:
  host: a
  trafficPolicy:
    tls:
      mode: {{ .Values.tlsMode }}
  subsets:
  - name: a
    trafficPolicy: {tls: {mode: DISABLE}}
  - name: b
    trafficPolicy: {tls: {mode: SIMPLE, sni: a.example.com}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: g}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ['*']
    tls: {mode: PASSTHROUGH}
`,
    );
  });

  it('flags a mode written where the mapping belongs, with a fix that keeps block style', () => {
    const src = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls: STRICT  # all workloads
#       ^^^^^^ must be a mapping
`;
    assert.equal(expectFindings(ID, src)[0].fixes[0].safe, false);
    assert.equal(
      applyFix(ID, src),
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  mtls:\n    mode: STRICT  # all workloads\n',
    );
    const flow = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: d}
spec: {host: a, trafficPolicy: {tls: ISTIO_MUTUAL}}
#                                    ^^^^^^^^^^^^ tls: {mode: ISTIO_MUTUAL}
`;
    expectFindings(ID, flow);
    assert.ok(applyFix(ID, flow).includes('trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}'));
  });

  it('warns about a DestinationRule tls block without a mode (it tls without mode is DISABLE)', () => {
    const [f] = expectFindings(
      ID,
      `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ext}
spec:
  host: api.example.com
  trafficPolicy:
    tls:
#   ^^^ tls without mode is DISABLE
      sni: api.example.com
`,
    );
    assert.equal(f.severity, 'warning');
    expectNoFindings(ID, `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: a\n  trafficPolicy:\n    tls:\n`);
  });

  it('reports list or mapping modes, never crashes on wrong types, and keeps multi-document offsets', () => {
    const src = `
apiVersion: v1
kind: Service
metadata: {name: s}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: x}
spec:
  mtls:
    mode: [STRICT]
#         ^^^^^^^^ not a list or mapping
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: y}
spec: "oops"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: y}
spec:
  host: a
  trafficPolicy: [1, 2]
  subsets: {a: b}
`;
    expectFindings(ID, src);
    assert.equal(lint(parseMarked(src).text).filter((f) => f.rule === 'internal-error').length, 0);
  });
});

describe(`${ID} edge cases`, () => {
  it('keeps CRLF line endings in the block fix and follows aliases', () => {
    const crlf = 'apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: a\r\nspec:\r\n  mtls: PERMISSIVE\r\n';
    assert.equal(applyFix(ID, crlf), 'apiVersion: security.istio.io/v1\r\nkind: PeerAuthentication\r\nmetadata:\r\n  name: a\r\nspec:\r\n  mtls:\r\n    mode: PERMISSIVE\r\n');
    expectFindings(
      ID,
      `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: d}
spec:
  host: a
  trafficPolicy:
    tls: &tls
      mode: Istio_Mutual
#           ^^^^^^^^^^^^ Write ISTIO_MUTUAL
  subsets:
  - name: v1
    trafficPolicy: {tls: *tls}
`,
    );
  });

  it('calls a list under mtls a missing mapping', () => {
    expectFindings(ID, `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a}\nspec:\n  mtls: [STRICT]\n#       ^^^^^^^^ must be a mapping\n`);
  });
});
