import type { WorkspaceRule } from '../rule';
import { WORKLOAD_KINDS } from '../kinds';
import { describeDecision } from '../mtls/describe';
import { policyRelated } from '../mtls/dr-conflicts';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { SYSTEM_NAMESPACES } from '../mtls/injection';
import { documents, indented, peerAuthenticationDoc, resource } from '../mtls/docs-manifests';

const deployment = (ns: string, podExtra: string[], specExtra: string[] = []) =>
  documents(
    peerAuthenticationDoc({ namespace: ns, mode: 'STRICT' }),
    resource(
      'batch/v1',
      'CronJob',
      'nightly-report',
      ns,
      indented(0, [
        '  schedule: "0 2 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata:',
        ...podExtra,
        '        spec:',
        ...specExtra,
        '          restartPolicy: OnFailure',
        '          containers:',
        '          - name: report',
        '            image: example.com/report:1.4',
      ]),
    ),
  );

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-sidecarless-workload-in-strict',
    family: 'mtls',
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS],
    messages: {
      sidecarless: "Inject a sidecar or keep its scope PERMISSIVE: {kind} \"{name}\" has none, and STRICT services refuse its plaintext",
    },
    docs: {
      summary: 'A workload that gets no sidecar (injection disabled, hostNetwork) lives where the mTLS mode is STRICT.',
      why: [
        'A pod without a sidecar speaks plaintext. Where the mTLS mode is STRICT, every meshed service refuses it, so the',
        'workload cannot call its neighbours (connection resets, timeouts in jobs that used to work), and the STRICT policy',
        'gives it no protection since no sidecar enforces it. Typical cases: Jobs and CronJobs with',
        '`sidecar.istio.io/inject: "false"`, host-network DaemonSets, workloads in a Namespace labelled',
        '`istio-injection=disabled`.',
        '',
        'Injection is read as Istio does: `hostNetwork: true` is never injected; `istio-injection=disabled` on the Namespace',
        'wins; then the pod label `sidecar.istio.io/inject`, which beats the annotation of the same name. A Namespace manifest',
        'without injection labels is not taken as "no sidecar" (labels are often set with `kubectl label`), and ambient-mode',
        'pods count as meshed. A workload with its own PERMISSIVE PeerAuthentication is not reported: that is the intended',
        'exception. Workloads in the root namespace and in `kube-system`, `kube-public` and `kube-node-lease` are never',
        'injected by design and are not reported either.',
        '',
        'Let Istio inject the workload (on Istio 1.28+ native sidecars let Jobs complete), or keep it in a PERMISSIVE scope.',
      ].join('\n'),
      bad: deployment('reports', ['          labels:', '            app: nightly-report', '            sidecar.istio.io/inject: "false"']),
      good: deployment('reports', ['          labels:', '            app: nightly-report']),
      link: 'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const world = MtlsWorld.of(ws);
    for (const w of world.workloads) {
      // Kubernetes' and Istio's own namespaces are never injected by design (istiod, CNI, node agents).
      if (w.value.namespace === world.config.rootNamespace || SYSTEM_NAMESPACES.has(w.value.namespace)) continue;
      const status = world.sidecar(w.value);
      if (status.state !== 'none') continue;
      const decision = world.workloadMode(w.value);
      if (decision.mode !== 'STRICT') continue;
      const at = status.at ?? w.value.anchor;
      ctx.report(w.doc, {
        start: at.start,
        end: at.end,
        messageId: 'sidecarless',
        data: { kind: w.value.kind, name: w.value.name ?? 'unnamed', reason: status.reason, decision: describeDecision(decision, world.config.rootNamespace) },
        related: policyRelated(decision, world.config.rootNamespace),
      });
    }
  },
};
