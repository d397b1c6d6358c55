/**
 * With meshConfig.enableAutoMtls false, buildUpstreamTLSSettings (pilot/pkg/networking/core/
 * cluster_tls.go) returns no TLS for a cluster whose DestinationRule sets none: every client
 * sidecar sends plaintext, whatever the destination's mode (cluster_traffic_policy.go passes
 * mesh.GetEnableAutoMtls() as autoMTLSEnabled). A STRICT destination then refuses every client
 * unless a DestinationRule asks for ISTIO_MUTUAL. Ambient destinations are reached over HBONE
 * (mTLS) by sidecars (sendHbone) and ztunnel alike, so they are left out.
 */
import type { RelatedInput, WorkspaceRule } from '../rule';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { decisionRange } from '../mtls/dr-conflicts';
import type { Decision } from '../mtls/model';
import { sidecarStatus } from '../mtls/injection';
import { describeMeshSource } from '../mtls/mesh-settings';
import { destinationRuleDoc, documents, meshConfigMapDoc, peerAuthenticationDoc, tlsPolicyDoc } from '../mtls/docs-manifests';

const example = (drMode: string) =>
  documents(
    meshConfigMapDoc(['enableAutoMtls: false']),
    peerAuthenticationDoc({ namespace: 'payments', mode: 'STRICT' }),
    ...(drMode ? [destinationRuleDoc({ name: 'payments', namespace: 'payments', host: '"*.payments.svc.cluster.local"', policy: tlsPolicyDoc(drMode) })] : []),
  );

/** Mesh-wide wildcard hosts: a root-namespace rule for one of them covers namespaces the workspace does not show. */
const MESH_WIDE = new Set(['*', '*.local', '*.cluster.local', '*.svc.cluster.local']);

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-strict-without-auto-mtls',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication'],
    messages: {
      strict: 'Add an ISTIO_MUTUAL DestinationRule: auto mTLS is off (meshConfig), so clients send plaintext to this STRICT {where} and get 503 UF',
    },
    details: {
      strict:
        'meshConfig.enableAutoMtls is false ({source}). Without auto mTLS a client sidecar uses TLS only when a DestinationRule sets it, ' +
        'so it sends plaintext to {scope}, which this STRICT refuses (503 with flag UF, or a reset for TCP).',
    },
    docs: {
      summary: 'A STRICT PeerAuthentication in a mesh whose meshConfig turns auto mTLS off, with no DestinationRule asking for ISTIO_MUTUAL.',
      why: [
        'With `meshConfig.enableAutoMtls: false` (read from the `istio` ConfigMap, an IstioOperator or Helm values in the',
        'workspace), a client sidecar no longer chooses mTLS by itself: it uses TLS only where a DestinationRule says so',
        "(Istio's `buildUpstreamTLSSettings`). Every other request leaves in plaintext, and a STRICT destination refuses it:",
        '**503 with flag `UF`** for HTTP, connection resets for TCP.',
        '',
        'Add a DestinationRule with `tls.mode: ISTIO_MUTUAL` for the Services behind the STRICT policy (or a mesh-wide one for',
        '`*.local` in the root namespace), or turn auto mTLS back on. The rule stays silent when the workspace\'s meshConfig',
        'sources disagree on `enableAutoMtls`, and for ambient namespaces (sidecars and ztunnel reach them over HBONE, mTLS).',
      ].join('\n'),
      bad: example(''),
      good: example('ISTIO_MUTUAL'),
      link: 'https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const world = MtlsWorld.of(ws);
    const auto = world.mesh.enableAutoMtls;
    if (auto.value || auto.disputed || !auto.sources.length) return;
    const root = world.config.rootNamespace;
    // Namespaces an ISTIO_MUTUAL DestinationRule reaches; a root-namespace wildcard rule reaches them all.
    const mutual = new Set<string>();
    let meshMutual = false;
    for (const dr of world.destinationRules) {
      for (const tls of dr.value.tls) {
        if (tls.mode !== 'ISTIO_MUTUAL') continue;
        for (const r of world.reaches(dr.value, tls)) mutual.add(r.namespace);
        if (dr.value.namespace === root && tls.port === undefined && tls.subset === undefined && MESH_WIDE.has((dr.value.host ?? '').trim().toLowerCase())) meshMutual = true;
      }
    }
    if (meshMutual) return;
    const source = auto.sources.find((s) => s.field.value === false)!;
    const related: RelatedInput[] = [{ at: source.entry.doc, ...source.field.at, message: `enableAutoMtls: false (${describeMeshSource(source.entry)})` }];
    const report = (d: Decision, scope: string, where: string) => {
      const range = decisionRange(d);
      if (!range || !d.policy) return;
      ctx.report(d.policy.doc, { ...range, messageId: 'strict', data: { where, scope, source: describeMeshSource(source.entry) }, related });
    };
    const ambient = (ns: string) => sidecarStatus(undefined, world.namespaceFact(ns)).state === 'ambient';
    const mesh = world.model.mesh();
    if (mesh.mode === 'STRICT') report(mesh, 'every namespace without its own policy', 'mesh-wide policy');
    for (const ns of [...world.namespaces].sort()) {
      if (ns === root || mutual.has(ns) || ambient(ns)) continue;
      const base = world.model.namespace(ns);
      if (base.mode === 'STRICT' && base.level === 'namespace') report(base, `namespace ${ns}`, 'namespace');
      // A workload or port STRICT matters where the namespace would not refuse plaintext already;
      // under DISABLE mtls-strict-under-disable reports it.
      if (base.mode !== 'PERMISSIVE') continue;
      for (const p of world.model.selectorPolicies(ns)) {
        const v = p.value;
        if (v.mode === 'STRICT') report({ mode: 'STRICT', level: 'workload', policy: p }, `the selected pods in ${ns}`, 'workload');
        else for (const x of v.ports) if (x.mode === 'STRICT') report({ mode: 'STRICT', level: 'port', policy: p, port: x.port }, `port ${x.port} of the selected pods in ${ns}`, `port ${x.port}`);
      }
    }
  },
};
