/**
 * False alarms cost trust: a workspace in the middle of a textbook mTLS migration must
 * produce no finding at all, from any rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dedent, lintWorkspace } from '../../test-support/rule-tester';

const MIGRATION: Record<string, string> = {
  'mesh/peer-authentication.yaml': `
    # Step 1: the mesh stays PERMISSIVE while namespaces move to STRICT one by one.
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata:
      name: default
      namespace: istio-system
    spec:
      mtls:
        mode: PERMISSIVE
  `,
  'namespaces.yaml': `
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels:
        istio-injection: enabled
    ---
    apiVersion: v1
    kind: Namespace
    metadata:
      name: payments
      labels:
        istio.io/rev: stable
    ---
    apiVersion: v1
    kind: Namespace
    metadata:
      name: legacy
  `,
  'shop/peer-authentication.yaml': `
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata:
      name: default
      namespace: shop
    spec:
      mtls:
        mode: STRICT
  `,
  'payments/peer-authentication.yaml': `
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata:
      name: default
      namespace: payments
    spec:
      mtls:
        mode: STRICT
    ---
    # The metrics port is scraped by a Prometheus without a sidecar: a port exception.
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata:
      name: ledger-metrics
      namespace: payments
    spec:
      selector:
        matchLabels:
          app: ledger
      mtls:
        mode: STRICT
      portLevelMtls:
        9102:
          mode: PERMISSIVE
  `,
  'payments/ledger.yaml': `
    apiVersion: v1
    kind: Service
    metadata:
      name: ledger
      namespace: payments
    spec:
      selector:
        app: ledger
      ports:
      - name: http
        port: 80
        targetPort: http
      - name: metrics
        port: 9102
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ledger-v1
      namespace: payments
    spec:
      selector:
        matchLabels: {app: ledger, version: v1}
      template:
        metadata:
          labels: {app: ledger, version: v1}
        spec:
          containers:
          - name: ledger
            image: example.com/ledger:1.0
            ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9102
            readinessProbe:
              httpGet:
                path: /ready
                port: http
            livenessProbe:
              tcpSocket:
                port: 8080
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata:
      name: ledger
      namespace: payments
    spec:
      host: ledger.payments.svc.cluster.local
      trafficPolicy:
        tls:
          mode: ISTIO_MUTUAL
      subsets:
      - name: v1
        labels:
          version: v1
  `,
  'shop/cart.yaml': `
    apiVersion: v1
    kind: Service
    metadata:
      name: cart
      namespace: shop
    spec:
      selector:
        app: cart
      ports:
      - name: http
        port: 80
        targetPort: 8080
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: cart
      namespace: shop
    spec:
      selector:
        matchLabels: {app: cart}
      template:
        metadata:
          labels: {app: cart}
        spec:
          containers:
          - name: cart
            image: example.com/cart:2.0
            ports:
            - containerPort: 8080
            livenessProbe:
              httpGet:
                path: /healthz
                port: 8080
    ---
    # No tls block: auto mTLS picks Istio mTLS for sidecars.
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata:
      name: cart
      namespace: shop
    spec:
      host: cart
      trafficPolicy:
        loadBalancer:
          simple: LEAST_REQUEST
  `,
  'legacy/apps.yaml': `
    # legacy is still PERMISSIVE (mesh default): plaintext clients and servers still work here.
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: cleanup
      namespace: legacy
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            metadata:
              labels:
                sidecar.istio.io/inject: "false"
            spec:
              restartPolicy: OnFailure
              containers:
              - name: cleanup
                image: example.com/cleanup:1
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata:
      name: legacy-db
      namespace: legacy
    spec:
      host: legacy-db.legacy.svc.cluster.local
      trafficPolicy:
        tls:
          mode: DISABLE
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata:
      name: external-api
      namespace: legacy
    spec:
      host: api.partner.example.com
      trafficPolicy:
        tls:
          mode: SIMPLE
  `,
};

const files = Object.fromEntries(Object.entries(MIGRATION).map(([uri, src]) => [uri, dedent(src)]));

describe('a textbook mTLS migration in progress', () => {
  it('produces no finding from any rule', () => {
    const out = lintWorkspace(files);
    const all = [...out.values()].flat().map((f) => `${f.uri}: ${f.rule}: ${f.message}`);
    assert.deepEqual(all, []);
  });

  it('still catches the classic mistake when it is introduced', () => {
    const broken = { ...files, 'legacy/apps.yaml': files['legacy/apps.yaml'].replace('legacy-db.legacy.svc.cluster.local', 'ledger.payments.svc.cluster.local') };
    const found = [...lintWorkspace(broken).values()].flat();
    // The error on the DestinationRule, and on the STRICT policy a note listing what it breaks.
    assert.deepEqual(found.map((f) => `${f.uri} ${f.rule} ${f.severity}`).sort(), ['legacy/apps.yaml mtls-plaintext-to-strict error', 'payments/peer-authentication.yaml mtls-plaintext-to-strict info']);
    const [note] = found.filter((f) => f.severity === 'info');
    assert.match(note.message, /^STRICT here refuses plaintext from 1 DestinationRule: "legacy-db" \(apps\.yaml\)/);
    assert.equal(note.related?.[0].uri, 'legacy/apps.yaml');
    for (const f of found) assert.ok(f.message.length <= 160, f.message);
  });
});
