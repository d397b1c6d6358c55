import type { WorkspaceRule } from '../rule';
import type { ValueAt } from '../mtls/yaml-edit';
import type { Labels } from '../mtls/fact-read';
import { gatewayExample, httpsServerExample } from '../traffic/examples';
import { GATEWAY_SERVERS, gatewayKey, type GwTlsFact } from '../traffic/gateway-servers';
import { otherGateway } from './gateway-conflict';

const example = (name: string, cert: string, selector: string) => gatewayExample(name, 'istio-system', selector, httpsServerExample(`${name}.example.com`, cert));

/**
 * The certificate two TLS servers share, as CertificateAnalyzer haveSameCertificate decides:
 * the same credentialName, or (both without one) the same serverCertificate and privateKey files.
 * Returns the value to report on.
 */
function sameCertificate(a: GwTlsFact, b: GwTlsFact): ValueAt | undefined {
  if (a.credentialName && b.credentialName) return a.credentialName.value === b.credentialName.value ? a.credentialName : undefined;
  if (a.credentialName || b.credentialName) return undefined;
  if (!a.serverCertificate || !b.serverCertificate || a.serverCertificate.value !== b.serverCertificate.value) return undefined;
  return a.privateKey && b.privateKey && a.privateKey.value === b.privateKey.value ? a.serverCertificate : undefined;
}

/** CertificateAnalyzer selectorSubset: every label of `x` is in `y` with the same value (an empty `x` picks every Gateway). */
const subset = (x: Labels, y: Labels): boolean => Object.keys(x).every((k) => k in y && y[k] === x[k]);

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [GATEWAY_SERVERS],
  meta: {
    id: 'gateway-duplicate-certificate',
    family: 'gateway',
    severity: 'warning',
    kinds: ['Gateway'],
    messages: {
      duplicate: 'Use a certificate of its own: {other} serves the same one on the same pods; HTTP/2 connection reuse may give 404s',
    },
    docs: {
      summary: 'Two Gateways on the same gateway pods serve TLS with the same certificate.',
      why: [
        'Browsers reuse an HTTP/2 connection for every host its certificate covers (connection coalescing). When two',
        'Gateways on the same pods present the same certificate, a request for the second Gateway\'s host can arrive',
        'on a connection opened for the first: Envoy picked that connection\'s filter chain by SNI, finds no route for',
        'the host and answers 404 (envoyproxy/envoy#6767). Use one certificate per Gateway, or one Gateway with',
        'every host in a single server.',
        '',
        'As istioctl does, the Gateway whose selector is contained in the other\'s (all of its labels, or none) is',
        'reported, on the `credentialName` (or `serverCertificate`) value; certificates are the same when their',
        '`credentialName` is, or, without one, when both `serverCertificate` and `privateKey` are.',
      ].join('\n'),
      bad: `${example('shop', 'wildcard-cert', '    istio: ingressgateway\n')}---\n${example('blog', 'wildcard-cert', '    istio: ingressgateway\n')}`,
      good: `${example('shop', 'wildcard-cert', '    istio: ingressgateway\n')}---\n${example('blog', 'wildcard-cert', '    istio: internal-gateway\n')}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0138/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0138', analyzer: 'gateway.CertificateAnalyzer' }],
  },
  check(ws, ctx) {
    const gateways = ws.facts(GATEWAY_SERVERS).filter((g) => !g.value.selectorPartial && g.value.servers.some((s) => s.tls));
    for (const current of gateways) {
      const reported = new Set<ValueAt>();
      for (const other of gateways) {
        if (gatewayKey(other.value) === gatewayKey(current.value) || !subset(current.value.selector, other.value.selector)) continue;
        for (const server of current.value.servers) {
          if (!server.tls) continue;
          for (const theirs of other.value.servers) {
            const at = theirs.tls && sameCertificate(server.tls, theirs.tls);
            if (!at || reported.has(at)) continue;
            reported.add(at);
            ctx.report(current.doc, { start: at.start, end: at.end, messageId: 'duplicate', data: { other: otherGateway(other.value, current.value) } });
          }
        }
      }
    }
  },
};
