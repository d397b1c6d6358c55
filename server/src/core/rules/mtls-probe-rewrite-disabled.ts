import type { WorkspaceRule } from '../rule';
import { WORKLOAD_KINDS } from '../kinds';
import { describeDecision } from '../mtls/describe';
import type { ProbeFact, WorkloadFact } from '../mtls/facts';
import type { Decision } from '../mtls/model';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { inboundCaptured } from '../mtls/injection';
import { documents, indented, peerAuthenticationDoc, resource } from '../mtls/docs-manifests';

const manifest = (annotations: string[]) =>
  documents(
    peerAuthenticationDoc({ namespace: 'shop', mode: 'STRICT' }),
    resource(
      'apps/v1',
      'Deployment',
      'cart',
      'shop',
      indented(0, [
        '  selector:',
        '    matchLabels:',
        '      app: cart',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app: cart',
        ...annotations,
        '    spec:',
        '      containers:',
        '      - name: cart',
        '        image: example.com/cart:2.1',
        '        ports:',
        '        - containerPort: 8080',
        '        readinessProbe:',
        '          httpGet:',
        '            path: /healthz',
        '            port: 8080',
      ]),
    ),
  );

/** The container port a probe targets: a number, a named container port, or null (unknown). */
function probePort(w: WorkloadFact, probe: ProbeFact): number | null {
  if (typeof probe.port === 'number') return probe.port;
  const containers = w.containers.filter((c) => c.name === probe.container);
  for (const c of containers) for (const p of c.ports) if (p.name === probe.port) return p.port;
  return null;
}

const isFalse = (v: string) => ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v);

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-probe-rewrite-disabled',
    family: 'mtls',
    severity: 'error',
    kinds: [...WORKLOAD_KINDS],
    messages: {
      probes: "Remove this annotation: STRICT refuses the kubelet's plaintext probes once rewriting is off ({kinds})",
    },
    details: {
      probes: 'Failing: {probes}. With sidecar.istio.io/rewriteAppHTTPProbers off, the kubelet probes the application port directly in plaintext, which the mode {decision} refuses.',
    },
    docs: {
      summary: 'sidecar.istio.io/rewriteAppHTTPProbers: "false" with HTTP or gRPC probes on a workload whose mTLS mode is STRICT.',
      why: [
        'The kubelet has no mesh certificate: its probes are plaintext. By default Istio rewrites HTTP and gRPC probes so they',
        'go through the sidecar\'s own health port; the annotation `sidecar.istio.io/rewriteAppHTTPProbers: "false"` turns that',
        'off. Under STRICT the sidecar then refuses the kubelet: **readiness probes fail** (the pod never receives traffic) and',
        '**liveness probes fail** (the container is restarted in a loop). TCP probes still pass because the sidecar accepts',
        'the connection; exec probes run inside the container and are not affected.',
        '',
        'Port-level exceptions count: a probe on a port with a PERMISSIVE exception, or on a port the sidecar does not',
        'intercept (`traffic.sidecar.istio.io/excludeInboundPorts`), is fine. **Fix** (safe): remove the',
        'annotation; Istio\'s default (rewrite) applies again.',
      ].join('\n'),
      bad: manifest(['      annotations:', '        sidecar.istio.io/rewriteAppHTTPProbers: "false"']),
      good: manifest([]),
      link: 'https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/',
    },
    fix: 'safe',
  },
  check(ws, ctx) {
    const world = MtlsWorld.of(ws);
    const root = world.config.rootNamespace;
    for (const w of world.workloads) {
      const rp = w.value.rewriteProbes;
      if (!rp || !isFalse(rp.at.value)) continue;
      const state = world.sidecar(w.value).state;
      if (state === 'none' || state === 'ambient') continue;
      const failing: Array<{ probe: ProbeFact; decision: Decision }> = [];
      for (const probe of w.value.probes) {
        if (probe.handler !== 'httpGet' && probe.handler !== 'grpc') continue;
        const port = probePort(w.value, probe);
        if (port !== null && !inboundCaptured(w.value, port)) continue; // the kubelet reaches the app directly
        const decision = world.model.workload({ namespace: w.value.namespace, labels: w.value.labels, port, partial: w.value.labelsPartial });
        if (decision.mode === 'STRICT') failing.push({ probe, decision });
      }
      if (!failing.length) continue;
      const probes = failing.map(({ probe }) => `${probe.probe} (${probe.handler}${probe.container ? ` in ${probe.container}` : ''})`).join(', ');
      ctx.report(w.doc, {
        start: rp.at.start,
        end: rp.at.end,
        messageId: 'probes',
        data: { probes, kinds: [...new Set(failing.map(({ probe }) => probe.probe))].join(', '), decision: describeDecision(failing[0].decision, root) },
        fixes: rp.remove ? [{ title: 'Remove sidecar.istio.io/rewriteAppHTTPProbers so Istio rewrites the probes (its default)', safe: true, edits: [rp.remove] }] : [],
      });
    }
  },
};
