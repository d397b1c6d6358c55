import type { WorkspaceRule } from '../rule';
import { NAMESPACES, SERVICES, WORKLOADS } from '../mtls/k8s-facts';
import { replaceValue } from '../mtls/yaml-edit';
import { AUTHZ_SELECTIONS } from '../authz/selection-facts';
import { didYouMean } from '../traffic/hosts';
import { WORKLOAD_KINDS } from '../kinds';

const example = (source: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: frontend
---
apiVersion: v1
kind: Namespace
metadata:
  name: payments
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payments-from-frontend
  namespace: payments
spec:
  rules:
  - from:
    - source:
        namespaces: ["${source}"]
`;

/** Namespaces every cluster has. */
const BUILT_IN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Whether a `source.namespaces` entry matches namespace `ns` as the proxy decides
 * (pilot/pkg/security/authz/model/generator.go srcNamespaceGenerator: every `*` becomes `.*` in a
 * case-sensitive regex on the identity's namespace). istioctl's namespaceMatch knows only a leading
 * or trailing `*` and ignores case; namespace names are lowercase, so a capital never matches.
 */
export function namespaceMatches(expr: string, ns: string): boolean {
  if (!expr.includes('*')) return ns === expr;
  const parts = expr.split('*');
  if (!ns.startsWith(parts[0]) || !ns.endsWith(parts[parts.length - 1])) return false;
  let at = parts[0].length;
  const end = ns.length - parts[parts.length - 1].length;
  for (const part of parts.slice(1, -1)) {
    const i = ns.indexOf(part, at);
    if (i < 0 || i + part.length > end) return false;
    at = i + part.length;
  }
  return at <= end;
}

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [AUTHZ_SELECTIONS, NAMESPACES, WORKLOADS, SERVICES],
  meta: {
    id: 'authz-namespace-not-found',
    family: 'authz',
    severity: 'warning',
    kinds: ['AuthorizationPolicy', 'Namespace', 'Service', ...WORKLOAD_KINDS],
    messages: {
      namespaces: 'Fix "{namespace}"{typo}: no namespace in the workspace matches it; this source matches no request unless the cluster has one',
      notNamespaces: 'Fix "{namespace}"{typo}: no namespace in the workspace matches it; the exclusion excludes nothing unless the cluster has one',
    },
    docs: {
      summary: 'An AuthorizationPolicy `source.namespaces` (or `notNamespaces`) entry that matches no namespace of the workspace.',
      why: [
        '`source.namespaces` matches the namespace of the caller\'s mTLS identity. An entry naming a namespace that does',
        'not exist (a typo, a renamed namespace) matches no caller: in an ALLOW policy the callers meant to be let in',
        'are denied, and a `notNamespaces` entry excludes nothing.',
        '',
        'istioctl compares with the cluster\'s Namespaces. Istio Tips knows the namespaces the workspace declares',
        '(Namespace manifests) or puts resources in, plus `default` and Kubernetes\' own, and the root namespace; it',
        'reports only when the workspace declares at least one Namespace. Names are compared as the proxy compares',
        'identities: case-sensitively, every `*` matching any run of characters. When the name is one or two edits',
        'from a known namespace, the fix offers it.',
      ].join('\n'),
      bad: example('fronted'),
      good: example('frontend'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0101', analyzer: 'auth.AuthorizationPoliciesAnalyzer' }],
  },
  check(ws, ctx) {
    const policies = ws.facts(AUTHZ_SELECTIONS).filter((p) => p.value.sourceNamespaces.length);
    const declared = ws.facts(NAMESPACES);
    if (!policies.length || !declared.length) return;
    const known = new Set<string>([...BUILT_IN, ws.config.rootNamespace, ...declared.map((n) => n.value.name)]);
    for (const w of ws.facts(WORKLOADS)) known.add(w.value.namespace);
    for (const s of ws.facts(SERVICES)) known.add(s.value.namespace);
    for (const p of ws.facts(AUTHZ_SELECTIONS)) known.add(p.value.namespace);
    for (const p of policies) {
      for (const at of p.value.sourceNamespaces) {
        if (known.has(at.value) || (at.value.includes('*') && [...known].some((ns) => namespaceMatches(at.value, ns)))) continue;
        const guess = at.value.includes('*') ? undefined : didYouMean(at.value, known);
        ctx.report(p.doc, {
          start: at.start,
          end: at.end,
          messageId: at.field,
          data: { namespace: at.value, typo: guess ? ` (did you mean ${guess}?)` : '' },
          ...(guess ? { fixes: [{ title: `Change to "${guess}"`, safe: false, edits: [replaceValue(at, guess)] }] } : {}),
        });
      }
    }
  },
};
