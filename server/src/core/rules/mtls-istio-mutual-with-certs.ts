import type { DocRule } from '../rule';
import { entries, keySpan } from '../yaml/nodes';
import { drTlsSites, isDestinationRule, modeValue, pairTemplated, removePairEdit } from '../mtls/read';
import { destinationRuleDoc, tlsPolicyDoc } from '../mtls/docs-manifests';

/**
 * ClientTLSSettings fields Istio drops when it builds an ISTIO_MUTUAL cluster: only `sni` and
 * `subjectAltNames` are carried over; certificates come from the sidecar's own identity.
 */
const IGNORED = new Set(['clientCertificate', 'privateKey', 'caCertificates', 'credentialName', 'caCrl', 'insecureSkipVerify']);

/** The documentation example: an ISTIO_MUTUAL rule toward reviews with further TLS `fields`. */
const reviewsRule = (fields: string[]) =>
  destinationRuleDoc({ name: 'reviews', namespace: 'bookinfo', host: 'reviews.bookinfo.svc.cluster.local', policy: tlsPolicyDoc('ISTIO_MUTUAL', fields) });

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-istio-mutual-with-certs',
    family: 'mtls',
    severity: 'warning',
    kinds: ['DestinationRule'],
    messages: {
      ignored: "Remove {field}: ISTIO_MUTUAL ignores it and uses the sidecar's Istio certificate; use MUTUAL or SIMPLE for servers outside the mesh",
    },
    details: {
      ignored: 'ISTIO_MUTUAL ({where}) ignores {field}: the sidecar presents its Istio certificate and verifies the server by its Istio identity.',
    },
    docs: {
      summary: 'Certificate settings (`clientCertificate`, `privateKey`, `caCertificates`, `credentialName`, `caCrl`, `insecureSkipVerify`) next to `ISTIO_MUTUAL`, where Istio ignores them.',
      why: [
        '`ISTIO_MUTUAL` means "use the mesh identity": Istio builds the client TLS context from the workload certificate issued by',
        'istiod and the mesh root CA, and keeps only `sni` and `subjectAltNames` from your settings. The validation webhook accepts',
        'the other fields, so a DestinationRule that looks like it pins a CA, presents a custom client certificate or skips',
        'verification does none of it. Readers (and reviewers) are misled about what is enforced.',
        '',
        'Remove the fields (safe fix: Istio never used them). If the destination is not an Istio workload and needs your',
        'certificates, use `MUTUAL` with `credentialName` (or the file fields), or `SIMPLE` for server-only TLS.',
      ].join('\n'),
      bad: reviewsRule(['caCertificates: /etc/certs/root-cert.pem']),
      good: reviewsRule([]),
      link: 'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings',
    },
    fix: 'safe',
  },
  check(doc, ctx) {
    if (!isDestinationRule(doc)) return;
    for (const site of drTlsSites(doc)) {
      if (!site.settings || modeValue(site, doc) !== 'ISTIO_MUTUAL') continue;
      for (const e of entries(site.settings, doc.yaml)) {
        if (!IGNORED.has(e.key) || pairTemplated(doc, e.pair)) continue;
        const k = keySpan(e.pair);
        if (!k) continue;
        const edit = removePairEdit(doc, site.settings, e.pair);
        ctx.report({
          ...k,
          messageId: 'ignored',
          data: { field: e.key, where: site.where },
          fixes: edit ? [{ title: `Remove ${e.key} (ignored with ISTIO_MUTUAL)`, safe: true, edits: [edit] }] : [],
        });
      }
    }
  },
};
