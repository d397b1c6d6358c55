import type { FactEntry, WorkspaceRule } from '../rule';
import type { Fix, TextEdit } from '../types';
import { INJECTION_LABEL, PEER_AUTHENTICATIONS, type PeerAuthnFact } from '../mtls/facts';
import { replaceValue } from '../mtls/yaml-edit';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { SYSTEM_NAMESPACES } from '../mtls/injection';
import { documents, peerAuthenticationDoc } from '../mtls/docs-manifests';


/**
 * Namespaces seen in the workspace that would need their own STRICT policy once the mesh
 * goes back to PERMISSIVE: not the root, not Kubernetes' own, not those that already have
 * a namespace-wide policy (they decide for themselves), not those with injection disabled.
 */
function namespacesToPin(world: MtlsWorld): string[] {
  const root = world.config.rootNamespace;
  return [...world.namespaces]
    .filter((ns) => ns !== root && !SYSTEM_NAMESPACES.has(ns))
    .filter((ns) => world.model.widePolicies(ns).length === 0)
    .filter((ns) => world.namespaceFact(ns)?.value.labels[INJECTION_LABEL] !== 'disabled')
    .sort();
}

/** New namespace-level STRICT PeerAuthentication documents, written like the mesh policy. */
function strictPolicies(p: PeerAuthnFact, world: MtlsWorld, namespaces: string[]): string {
  const { eol, indent: i, endsWithNewline } = p.layout;
  const q = p.modeAt?.quote ?? '';
  const taken = (ns: string, name: string) => world.model.selectorPolicies(ns).some((x) => x.value.name === name);
  const docs = namespaces.map((ns) =>
    [
      '---',
      `apiVersion: ${p.apiVersion}`,
      'kind: PeerAuthentication',
      'metadata:',
      `${i}name: ${taken(ns, 'default') ? 'namespace-strict' : 'default'}`,
      `${i}namespace: ${ns}`,
      'spec:',
      `${i}mtls:`,
      `${i}${i}mode: ${q}STRICT${q}`,
      '',
    ].join(eol),
  );
  return (endsWithNewline ? '' : eol) + docs.join('');
}

function fixes(entry: FactEntry<PeerAuthnFact>, world: MtlsWorld): Fix[] {
  const at = entry.value.modeAt!;
  const permissive: TextEdit = replaceValue(at, 'PERMISSIVE');
  const out: Fix[] = [
    { title: 'Set the mesh-wide mode to PERMISSIVE (plaintext is accepted again wherever no namespace policy says STRICT)', safe: false, edits: [permissive] },
  ];
  const namespaces = namespacesToPin(world);
  if (namespaces.length) {
    const shown = namespaces.length > 4 ? `${namespaces.slice(0, 4).join(', ')} and ${namespaces.length - 4} more` : namespaces.join(', ');
    out.push({
      title: `Set the mesh to PERMISSIVE and add STRICT policies for ${shown} (namespaces outside the workspace become PERMISSIVE)`,
      safe: false,
      edits: [permissive, { start: entry.value.layout.length, end: entry.value.layout.length, newText: strictPolicies(entry.value, world, namespaces) }],
    });
  }
  return out;
}

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: MTLS_INDEXERS,
  meta: {
    id: 'mtls-mesh-wide-strict',
    family: 'mtls',
    severity: 'warning',
    kinds: ['PeerAuthentication'],
    messages: {
      meshStrict: "Mesh-wide STRICT cuts off every client without a sidecar at once. Order: mesh PERMISSIVE, STRICT namespace by namespace, mesh-wide last",
    },
    docs: {
      summary: 'A PeerAuthentication in the root namespace without selector sets STRICT mTLS for the whole mesh.',
      why: [
        'A policy in the root namespace (`istio-system` unless `meshConfig.rootNamespace` says otherwise) without selector',
        'applies to every workload of the mesh. In STRICT mode every sidecar refuses plaintext, so any client without a',
        'sidecar (a pod with injection disabled, a host-network pod, a CronJob, a VM, a service in another cluster, a',
        'monitoring scraper) gets connection resets, and HTTP clients going through a sidecar get **503** errors. Most of',
        'those clients are not in the repository, so nothing here shows them.',
        '',
        'The zero-downtime order is: PERMISSIVE mesh-wide (the default), check that every client sends mTLS (Istio\'s',
        '`istio_requests_total` metric with `connection_security_policy`), STRICT namespace by namespace, and mesh-wide',
        'STRICT last, once no plaintext is left.',
        '',
        '**Fixes** (neither is safe, both change what servers accept): set the mesh policy to PERMISSIVE; or set it to',
        'PERMISSIVE and add a namespace-wide STRICT PeerAuthentication for each namespace the workspace shows, so those keep',
        'STRICT while other namespaces fall back to PERMISSIVE. Suppress this warning once the migration is really finished.',
      ].join('\n'),
      bad: peerAuthenticationDoc({ namespace: 'istio-system', mode: 'STRICT' }),
      good: documents(peerAuthenticationDoc({ namespace: 'istio-system', mode: 'PERMISSIVE' }), peerAuthenticationDoc({ namespace: 'shop', mode: 'STRICT' })),
      link: 'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
    },
    fix: 'unsafe',
  },
  check(ws, ctx) {
    const policies = ws.facts(PEER_AUTHENTICATIONS).filter(({ value: p }) => p.selector === undefined && !p.selectorUnknown && p.mode === 'STRICT' && p.modeAt);
    if (!policies.length) return;
    const world = MtlsWorld.of(ws);
    const root = world.config.rootNamespace;
    for (const entry of policies) {
      const p = entry.value;
      if (p.namespace !== root || !p.modeAt) continue;
      ctx.report(entry.doc, { start: p.modeAt.start, end: p.modeAt.end, messageId: 'meshStrict', data: { root }, fixes: fixes(entry, world) });
    }
  },
};
