import { isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { DocRule, DocContext } from '../rule';
import type { ResourceDoc } from '../document/resource';
import type { TextEdit } from '../types';
import { entries, keySpan, span, str } from '../yaml/nodes';
import { drTlsSites, isDestinationRule, isNullish, modeValue, removePairEdit, type ModeSite } from '../mtls/read';
import { destinationRuleDoc, tlsPolicyDoc } from '../mtls/docs-manifests';

const FILE_FIELDS = ['clientCertificate', 'privateKey', 'caCertificates', 'caCrl'] as const;

interface Field {
  pair: Pair<unknown, unknown>;
  value: Node | undefined;
}

/** Set means: a non-empty string (templated counts: its value is unknown), true, or a non-empty list. */
function isSet(f: Field | undefined): boolean {
  if (!f || isNullish(f.value)) return false;
  if (isSeq(f.value)) return f.value.items.length > 0;
  if (!isScalar(f.value)) return true;
  const v = f.value.value;
  return v === true || (typeof v === 'string' && v !== '') || typeof v === 'number';
}

function removeAll(doc: ResourceDoc, site: ModeSite, pairs: Field[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const f of pairs) {
    const e = site.settings && removePairEdit(doc, site.settings, f.pair);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}

function checkSite(doc: ResourceDoc, site: ModeSite, ctx: DocContext): void {
  const mode = modeValue(site, doc);
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return;
  const fields = new Map<string, Field>();
  for (const e of entries(site.settings, doc.yaml)) if (!fields.has(e.key)) fields.set(e.key, { pair: e.pair, value: e.value });
  const has = (k: string) => isSet(fields.get(k));
  const where = site.where;

  const skip = fields.get('insecureSkipVerify');
  if (skip && isScalar(skip.value) && (skip.value.value === true || str(skip.value) === 'true')) {
    // MUTUAL may still carry its CA inside the credential, so only SIMPLE counts credentialName here.
    const conflicting = ['caCertificates', 'subjectAltNames', ...(mode === 'SIMPLE' ? ['credentialName'] : [])].filter(has);
    const k = keySpan(skip.pair);
    if (conflicting.length && k) {
      const edits = removeAll(doc, site, [skip]);
      ctx.report({
        ...k,
        messageId: 'insecureWithVerification',
        data: { fields: conflicting.join(', '), mode, where },
        fixes: edits ? [{ title: 'Remove insecureSkipVerify (the server is then verified as configured)', safe: false, edits }] : [],
      });
    }
  }

  if (has('credentialName')) {
    const files = FILE_FIELDS.filter(has);
    const k = keySpan(fields.get('credentialName')!.pair);
    if (files.length && k) {
      const edits = removeAll(doc, site, files.map((f) => fields.get(f)!));
      ctx.report({
        ...k,
        messageId: 'credentialWithFiles',
        data: { fields: files.join(', '), where },
        fixes: edits ? [{ title: `Remove ${files.join(', ')} (keep credentialName)`, safe: false, edits }] : [],
      });
    }
    return;
  }

  if (mode === 'MUTUAL') {
    const missing = ['clientCertificate', 'privateKey'].filter((f) => !has(f));
    const s = span(site.modeNode);
    if (missing.length && s) ctx.report({ ...s, messageId: 'missingCerts', data: { missing: missing.join(' and '), where } });
  }
}

/** The documentation example: a MUTUAL rule toward an external API with further TLS `fields`. */
const paymentsRule = (fields: string[]) =>
  destinationRuleDoc({ name: 'payments-api', namespace: 'shop', host: 'payments.example.com', policy: tlsPolicyDoc('MUTUAL', fields) });

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-mutual-missing-certs',
    family: 'mtls',
    severity: 'error',
    kinds: ['DestinationRule'],
    messages: {
      missingCerts: "Set credentialName, or use ISTIO_MUTUAL in the mesh: the API server rejects MUTUAL without a client certificate (no {missing})",
      credentialWithFiles: "Keep one: credentialName cannot be combined with {fields} ({where}); the API server rejects both together",
      insecureWithVerification: "Remove one side: insecureSkipVerify: true contradicts {fields} with {mode}; the API server rejects it",
    },
    details: {
      missingCerts: 'MUTUAL ({where}) needs a client certificate: clientCertificate and privateKey, or credentialName. Missing: {missing}.',
      insecureWithVerification: 'At {where}: insecureSkipVerify turns off the server verification that {fields} configure.',
    },
    docs: {
      summary: 'A DestinationRule TLS setting the validation webhook rejects: MUTUAL without client certificate, `credentialName` mixed with certificate files, or `insecureSkipVerify` next to verification settings.',
      why: [
        'Istio validates `ClientTLSSettings` before accepting a DestinationRule, and `kubectl apply` fails when:',
        '',
        '- `mode: MUTUAL` has neither `credentialName` nor both `clientCertificate` and `privateKey` (there is nothing to present);',
        '- `credentialName` is set together with `clientCertificate`, `privateKey`, `caCertificates` or `caCrl` (SIMPLE or MUTUAL);',
        '- `insecureSkipVerify: true` is set with `caCertificates` or `subjectAltNames` (and, for SIMPLE, `credentialName`).',
        '',
        'A rejected DestinationRule leaves the previous traffic policy in place, which is easy to miss in a GitOps pipeline.',
        'For traffic between Istio workloads none of these fields are needed: use `ISTIO_MUTUAL`, or no `tls` at all (auto mTLS).',
      ].join('\n'),
      bad: paymentsRule(['caCertificates: /etc/certs/payments-ca.pem']),
      good: paymentsRule(['credentialName: payments-client-cert', 'sni: payments.example.com']),
      link: 'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings',
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    if (!isDestinationRule(doc)) return;
    for (const site of drTlsSites(doc)) if (site.settings) checkSite(doc, site, ctx);
  },
};
