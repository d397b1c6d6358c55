import type { FactEntry, WorkspaceRule } from '../rule';
import { formatLabels } from '../mtls/fact-read';
import { PEER_AUTHENTICATIONS, type PeerAuthnFact } from '../mtls/facts';
import { fileName } from '../mtls/describe';

type Entry = FactEntry<PeerAuthnFact>;

/**
 * Copies of one resource (same name and namespace, e.g. a base and an overlay) are one object
 * in the cluster, not competing policies.
 */
const identity = (e: Entry): string => (e.value.name ? `${e.value.namespace}/${e.value.name}` : `${e.doc.uri}#${e.doc.index}`);

const describe = (e: Entry): string => `"${e.value.name ?? 'unnamed'}" (${fileName(e.doc.uri)})`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [PEER_AUTHENTICATIONS],
  meta: {
    id: 'mtls-duplicate-policy',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication'],
    messages: {
      wide: "Keep one {scope} PeerAuthentication for {where}: Istio applies only the oldest, and the files cannot tell which (also {others})",
      workload: "Merge into one policy: another in {where} selects the same pods {selector} ({others}), and Istio applies only the oldest",
    },
    docs: {
      summary: 'Several PeerAuthentications compete for the same scope (mesh, namespace, or identical workload selector).',
      why: [
        'For one scope Istio uses a single PeerAuthentication: when several exist (two namespace-wide policies in one',
        'namespace, two mesh-wide ones in the root namespace, or two with the same selector) it picks the **oldest** by',
        'creation time and ignores the others. Creation time is not in your files: a re-install, a restore from git or a',
        'different apply order flips which one wins, and with it whether plaintext is accepted. Two namespace or mesh-wide',
        'policies are reported as errors; two identical workload selectors as warnings.',
        '',
        'Copies of the same resource (same name and namespace in two files, such as a base and an overlay) are one object',
        'in the cluster and are not reported, nor are policies in Helm templates (a condition may render only one of',
        'them). Keep exactly one policy per scope.',
      ].join('\n'),
      bad: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: shop',
        'spec:',
        '  mtls:',
        '    mode: STRICT',
        '---',
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: shop-permissive',
        '  namespace: shop',
        'spec:',
        '  mtls:',
        '    mode: PERMISSIVE',
        '',
      ].join('\n'),
      good: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        '  namespace: shop',
        'spec:',
        '  mtls:',
        '    mode: STRICT',
        '',
      ].join('\n'),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'none',
  },
  check(ws, ctx) {
    const root = ws.config.rootNamespace;
    const groups = new Map<string, Entry[]>();
    for (const e of ws.facts(PEER_AUTHENTICATIONS)) {
      const p = e.value;
      // Unknown scope; ignored by Istio; or a Helm template that may render one policy or the other.
      if (p.selectorUnknown || (p.selector && p.namespace === root) || p.templated) continue;
      const key = `${p.namespace}\u0000${p.selector ? formatLabels(p.selector) : '*'}`;
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    }
    for (const list of groups.values()) {
      if (new Set(list.map(identity)).size < 2) continue;
      for (const e of list) {
        const others = list.filter((o) => identity(o) !== identity(e));
        const shown = others.slice(0, 3).map(describe).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
        const p = e.value;
        if (p.selector) {
          ctx.report(e.doc, { ...p.anchor, messageId: 'workload', severity: 'warning', data: { where: p.namespace, selector: formatLabels(p.selector), others: shown } });
        } else {
          const mesh = p.namespace === root;
          ctx.report(e.doc, { ...p.anchor, messageId: 'wide', data: { scope: mesh ? 'mesh-wide' : 'namespace-wide', where: mesh ? `the mesh (namespace ${root})` : `namespace ${p.namespace}`, others: shown } });
        }
      }
    }
  },
};
