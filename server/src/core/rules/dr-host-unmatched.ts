/**
 * A DestinationRule whose host names no Service: Istio expands only names without a dot
 * (ResolveShortnameToFQDN), so `reviews.prod` is taken literally and matches nothing, and a
 * full name of a Service that does not exist applies to nothing either. Reported only where
 * the workspace holds the target namespace's Services, so a partial checkout stays quiet.
 * istioctl's IST0174 (UnknownDestinationRuleHost) is the same finding.
 */
import type { FactEntry, ReportInput, WorkspaceRule } from '../rule';
import { DESTINATION_RULES, SERVICES, type DestinationRuleFact, type ServiceFact } from '../mtls/facts';
import { EntryReports, perList } from '../fact-memo';
import { resolveHost, serviceFqdn } from '../mtls/hosts';
import { replaceValue } from '../mtls/yaml-edit';
import { SERVICE_ENTRIES, type ServiceEntryFact } from '../mtls/service-entry-facts';
import { destinationRuleDoc, documents, resource } from '../mtls/docs-manifests';

const REVIEWS_SERVICE = resource('v1', 'Service', 'reviews', 'prod', '  ports:\n  - port: 9080\n');
/** The documentation example: a rule in frontend toward the reviews Service of prod, written as `host`. */
const reviewsRule = (host: string) =>
  destinationRuleDoc({ name: 'reviews', namespace: 'frontend', host, policy: '  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n' });

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [DESTINATION_RULES, SERVICES, SERVICE_ENTRIES],
  meta: {
    id: 'dr-host-unmatched',
    // Family core: the id the issue named has no family prefix (families are checked by prefix),
    // and it is no mTLS check: a DestinationRule whose host names nothing.
    family: 'core',
    severity: 'warning',
    kinds: ['DestinationRule'],
    messages: {
      literal: 'Write "{full}": Istio takes "{host}" literally (no search domains), so this DestinationRule applies to nothing',
      unmatched: 'Host "{host}" matches no Service of namespace {namespace}: this DestinationRule applies to nothing',
    },
    docs: {
      summary: 'A DestinationRule host matches no Service: Istio takes `svc.ns` literally, and unknown names apply to nothing (istioctl IST0174).',
      why: [
        "Istio expands a host only when it has no dot (`reviews` becomes `reviews.<rule's namespace>.svc.cluster.local`,",
        '`ResolveShortnameToFQDN` in pilot). Any other host is compared literally with the registry, where Kubernetes Services',
        'appear only under their full name: `reviews.prod` and `reviews.prod.svc` match nothing, there are no DNS search domains.',
        'The rule then silently applies to no traffic: its TLS settings, load balancing and subsets are all ignored.',
        '',
        'Reported only when the workspace holds Services of the namespace the host points at (otherwise the Service may live',
        'elsewhere), and never for hosts a ServiceEntry of the workspace declares. Same finding as `istioctl analyze` IST0174',
        '(UnknownDestinationRuleHost).',
        '',
        '**Fix:** write the full name `reviews.prod.svc.cluster.local` (offered for review: the rule then starts to apply).',
      ].join('\n'),
      bad: documents(REVIEWS_SERVICE, reviewsRule('reviews.prod')),
      good: documents(REVIEWS_SERVICE, reviewsRule('reviews.prod.svc.cluster.local')),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0174/',
    },
    fix: 'unsafe',
  },
  check(ws, ctx) {
    const known = serviceNames(ws.facts(SERVICES));
    const declared = declaredHosts(ws.facts(SERVICE_ENTRIES));
    if (!declared) return;
    // A keystroke elsewhere leaves each DestinationRule and both lookups the same objects: its reports are replayed.
    for (const entry of ws.facts(DESTINATION_RULES)) reports.run(entry, entry.doc, [known, declared], ctx, (report) => check(entry, known.services, known.namespaces, declared, report));
  },
};

/** The Services by namespace/name, and their namespaces (kept per Service list). */
const serviceNames = perList((list: ReadonlyArray<FactEntry<ServiceFact>>) => ({
  services: new Set(list.map((s) => `${s.value.namespace}/${s.value.name}`)),
  namespaces: new Set(list.map((s) => s.value.namespace)),
}));

/** Hosts the ServiceEntries declare; undefined when one's hosts cannot be read (kept per ServiceEntry list). */
const declaredHosts = perList((entries: ReadonlyArray<FactEntry<ServiceEntryFact>>) =>
  entries.some((e) => e.value.hostsUnknown) ? undefined : new Set(entries.flatMap((e) => e.value.hosts)),
);

const reports = new EntryReports<FactEntry<DestinationRuleFact>>();

function check(
  entry: FactEntry<DestinationRuleFact>,
  services: ReadonlySet<string>,
  namespaces: ReadonlySet<string>,
  declared: ReadonlySet<string>,
  report: (input: ReportInput) => void,
): void {
  const { host, hostAt, namespace } = entry.value;
  if (!host || !hostAt || host.startsWith('*')) return;
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (declared.has(h)) return;
  const [target] = resolveHost(h, namespace, namespaces);
  if (!target?.service || !namespaces.has(target.namespace)) return;
  const full = serviceFqdn(target.service, target.namespace);
  const range = { start: hostAt.start, end: hostAt.end };
  if (target.literal) {
    if (!services.has(`${target.namespace}/${target.service}`)) return;
    const fix = { title: `Write ${full} (the rule then applies to this Service)`, safe: false, preferred: true, edits: [replaceValue(hostAt, full)] };
    report({ ...range, messageId: 'literal', data: { host, full }, fixes: [fix] });
  } else if (!services.has(`${target.namespace}/${target.service}`)) {
    report({ ...range, messageId: 'unmatched', data: { host, namespace: target.namespace } });
  }
}
