import type { FactEntry, WorkspaceRule } from '../rule';
import { EntryReports } from '../fact-memo';
import { MTLS_INDEXERS, MtlsWorld } from '../mtls/world';
import { AUTHORIZATION_POLICIES, type AuthzFact, type AuthzRuleFact, type IdentityUse } from '../authz/facts';
import { authzTargets, plaintextClient, type AuthzTarget } from '../authz/mtls-targets';
import type { Decision } from '../mtls/model';
import { documents, indented, peerAuthenticationDoc, resource } from '../mtls/docs-manifests';

const example = (mode: string) =>
  documents(
    peerAuthenticationDoc({ namespace: 'legacy', mode }),
    resource('security.istio.io/v1', 'AuthorizationPolicy', 'allow-frontend', 'legacy', indented(2, ['action: ALLOW', 'rules:', '- from:', '  - source:', '      principals: ["cluster.local/ns/web/sa/frontend"]'])),
  );

/** `"default" in legacy`: the PeerAuthentication that decided the mode. */
const policyOf = (d: Decision): string => (d.policy ? `"${d.policy.value.name ?? '?'}" in ${d.policy.value.namespace}` : 'no policy');

/** Where an ALLOW rule insists on a peer identity: every `from` source names one, or a `when` does. */
function required(rule: AuthzRuleFact): IdentityUse | undefined {
  if (rule.sources.length && rule.sources.every((s) => s.required.length)) return rule.sources[0].required[0];
  return rule.whenRequired[0];
}

/** Where a DENY rule matches requests without identity: a negated identity field. */
function negated(rule: AuthzRuleFact): IdentityUse[] {
  return [...rule.sources.flatMap((s) => s.negated.slice(0, 1)), ...rule.whenNegated];
}

const reports = new EntryReports<FactEntry<AuthzFact>>();

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [...MTLS_INDEXERS, AUTHORIZATION_POLICIES],
  meta: {
    id: 'mtls-authz-needs-mtls',
    family: 'mtls',
    severity: 'warning',
    kinds: ['AuthorizationPolicy', 'PeerAuthentication'],
    messages: {
      allow: 'This rule allows no request: {field} needs mTLS, and {target} gets plaintext (DISABLE)',
      deny: 'This rule denies every request: {field} matches plaintext, and {target} gets only plaintext (DISABLE)',
      allowPermissive: 'This rule allows no sidecar-less client ({client}): they reach {target} in plaintext (PERMISSIVE)',
      denyPermissive: 'This rule denies sidecar-less clients ({client}): they reach {target} in plaintext (PERMISSIVE)',
    },
    details: {
      allow:
        '{field} is read from the client\'s mTLS certificate, and {target} gets only plaintext (DISABLE, set by {policy}): ' +
        'no request carries a certificate, so this ALLOW rule allows none (403 RBAC: access denied). Enable mTLS ' +
        '(PERMISSIVE or STRICT) there first, or match on ipBlocks or request attributes.',
      deny:
        '{field} is read from the client\'s mTLS certificate, and {target} gets only plaintext (DISABLE, set by {policy}): ' +
        'no request carries a certificate, so every one matches the negated identity and this DENY rule denies it. Enable ' +
        'mTLS (PERMISSIVE or STRICT) there first, or match on ipBlocks or request attributes.',
      allowPermissive:
        '{target} accepts plaintext (PERMISSIVE, set by {policy}). Clients with a sidecar still send mTLS, but sidecar-less ' +
        'ones such as {client} send plaintext: no certificate, so {field} never allows them. Give them a sidecar, or ' +
        'match on ipBlocks or request attributes for them.',
      denyPermissive:
        '{target} accepts plaintext (PERMISSIVE, set by {policy}). Clients with a sidecar still send mTLS, but sidecar-less ' +
        'ones such as {client} send plaintext: no certificate, so {field} matches them and this rule denies ' +
        'them. Give them a sidecar, or match on ipBlocks or request attributes for them.',
    },
    docs: {
      summary: 'An AuthorizationPolicy matches on peer identities (principals, namespaces) where requests arrive in plaintext.',
      why: [
        '`source.principals`, `source.namespaces`, `source.serviceAccounts` and the `when` keys `source.principal` /',
        '`source.namespace` are read from the client\'s mTLS certificate (`pilot/pkg/security/authz/model/generator.go`:',
        'an `authenticated` principal matcher). A plaintext request has no certificate, so it matches no positive',
        'identity value and every negated one. Where the effective PeerAuthentication mode of the selected workload',
        'is DISABLE, every request is plaintext: an ALLOW rule on principals allows nothing (requests fail with 403',
        '`RBAC: access denied`), and a DENY rule with `notPrincipals` or `notNamespaces` denies everything.',
        '',
        'Under PERMISSIVE, clients with a sidecar still send mTLS, but clients without one (Jobs with injection',
        'disabled, host-network pods) send plaintext; when the workspace holds such a client the rule reports at',
        'info level. The finding names the PeerAuthentication that decides the mode. Workloads without a sidecar',
        '(nothing enforces the policy) and ambient workloads (ztunnel always uses mTLS) are left out.',
        '',
        'Enable mTLS (PERMISSIVE or STRICT) for the workload before relying on identities, or match on',
        '`ipBlocks` / request attributes instead. Kiali reports the same (`authorizationpolicy.mtls.needstobeenabled`)',
        'against a live cluster; istioctl analyze has no equivalent.',
      ].join('\n'),
      bad: example('DISABLE'),
      good: example('STRICT'),
      link: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const policies = ws.facts(AUTHORIZATION_POLICIES);
    if (!policies.length) return;
    const world = MtlsWorld.of(ws);
    let client: ReturnType<typeof plaintextClient> | null = null;
    const reads = world.workloadInputs();
    for (const p of policies) {
      const action = p.value.action;
      if (action !== 'ALLOW' && action !== 'DENY') continue;
      // A policy's reports depend on it and on the workloads, namespaces and PeerAuthentications (kept while those hold).
      reports.run(p, p.doc, reads, ctx, (report) => {
        const sites = action === 'ALLOW' ? p.value.rules.map(required).filter((u): u is IdentityUse => !!u) : p.value.rules.flatMap(negated);
        if (!sites.length) return;
        const targets = authzTargets(world, p.value);
        const disabled = targets.find((t) => t.decision.mode === 'DISABLE');
        const permissive: AuthzTarget | undefined = disabled ? undefined : targets.find((t) => t.decision.mode === 'PERMISSIVE');
        if (permissive && client === null) client = plaintextClient(world);
        const target = disabled ?? (client ? permissive : undefined);
        if (!target) return;
        for (const site of sites) {
          const data = { field: site.field, target: target.label, policy: policyOf(target.decision) };
          if (disabled) report({ start: site.at.start, end: site.at.end, messageId: action === 'ALLOW' ? 'allow' : 'deny', data });
          else {
            const who = `${client!.value.kind} "${client!.value.name ?? '?'}"`;
            report({ start: site.at.start, end: site.at.end, messageId: action === 'ALLOW' ? 'allowPermissive' : 'denyPermissive', data: { ...data, client: who }, severity: 'info' });
          }
        }
      });
    }
  },
};
