import type { DocRule } from '../rule';
import type { Fix } from '../types';
import type { ResourceDoc } from '../document/resource';
import { eol, getIn, keySpan, pairSpan } from '../yaml/nodes';
import { blockExtentEnd, indentStep, isPeerAuthentication, ownLineIndent, readPortLevel, readSelector, specOf, type SelectorInfo } from '../mtls/read';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

/** Written into the fix; not a valid label value, so an unfilled placeholder is rejected instead of selecting nothing. */
export const LABEL_PLACEHOLDER = '<workload-label>';

function selectorFix(doc: ResourceDoc, selector: SelectorInfo): Fix | undefined {
  const spec = specOf(doc);
  const first = spec?.items[0];
  const firstKey = first ? keySpan(first) : undefined;
  if (!spec || !firstKey) return undefined;
  const title = `Add a workload selector (fill in ${LABEL_PLACEHOLDER}: the policy must name the pods it applies to)`;
  const nl = eol(doc.text);
  const step = indentStep(doc);
  if (spec.flow) {
    const flowText = `selector: {matchLabels: {app: ${LABEL_PLACEHOLDER}}}`;
    const s = selector.pair && pairSpan(selector.pair);
    if (s) return { title, safe: false, edits: [{ ...s, newText: flowText }] };
    return { title, safe: false, edits: [{ start: firstKey.start, end: firstKey.start, newText: `${flowText}, ` }] };
  }
  const at = selector.pair ? keySpan(selector.pair) : firstKey;
  const indent = at && ownLineIndent(doc, at.start);
  if (!at || indent === undefined) return undefined;
  const block = `selector:${nl}${indent}${step}matchLabels:${nl}${indent}${step}${step}app: ${LABEL_PLACEHOLDER}`;
  if (selector.pair) {
    // Replace the empty selector in place (`selector: {}`, `selector:`, `matchLabels: {}` below it).
    const end = blockExtentEnd(doc.text, at.start);
    return { title, safe: false, edits: [{ start: at.start, end, newText: doc.text[end - 1] === '\n' ? `${block}${nl}` : block }] };
  }
  return { title, safe: false, edits: [{ start: at.start, end: at.start, newText: `${block}${nl}${indent}` }] };
}

/**
 * The rule's own advice as a fix: keep this policy namespace-wide (without portLevelMtls it is
 * valid and its mode applies to the whole namespace again) and move the port exceptions to a
 * new workload policy appended after it. Narrowing a namespace STRICT to one workload would
 * leave every other workload unprotected, so that is never offered when a mode is set.
 */
function splitFix(doc: ResourceDoc, portsKey: { start: number; end: number }): Fix | undefined {
  const indent = ownLineIndent(doc, portsKey.start);
  if (indent === undefined || !indent.length) return undefined;
  const nl = eol(doc.text);
  const step = indentStep(doc);
  const lineStart = portsKey.start - indent.length;
  const end = blockExtentEnd(doc.text, portsKey.start);
  let block = doc.text.slice(lineStart, end);
  if (!block.endsWith('\n')) block += nl;
  const ns = doc.namespace;
  const name = `${doc.name ?? 'default'}-ports`;
  const tail = doc.text.endsWith('\n') ? '' : nl;
  const added = [
    '---',
    `apiVersion: ${doc.apiVersion}`,
    'kind: PeerAuthentication',
    'metadata:',
    `${indent}name: ${name}`,
    ...(ns ? [`${indent}namespace: ${ns}`] : []),
    'spec:',
    `${indent}selector:`,
    `${indent}${step}matchLabels:`,
    `${indent}${step}${step}app: ${LABEL_PLACEHOLDER}`,
  ].join(nl);
  return {
    title: `Keep this namespace policy and move the port exceptions to a new workload policy (fill in ${LABEL_PLACEHOLDER})`,
    safe: false,
    preferred: true,
    edits: [
      { start: lineStart, end, newText: '' },
      { start: doc.text.length, end: doc.text.length, newText: `${tail}${added}${nl}${block}` },
    ],
  };
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-port-level-without-selector',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication'],
    messages: {
      noSelector: "The API server rejects portLevelMtls with {selector}: add selector.matchLabels, or keep this policy and put the ports in a workload policy",
    },
    docs: {
      summary: 'A namespace- or mesh-wide PeerAuthentication (no selector, or empty matchLabels) uses `portLevelMtls`, which Istio rejects.',
      why: [
        'Port-level modes are keyed by **container** port, which only means something for a known set of pods. Istio therefore accepts',
        '`portLevelMtls` only in a PeerAuthentication with a non-empty `selector.matchLabels`; on a namespace- or mesh-wide policy the',
        'validation webhook (and the v1 CRD) reject it and `kubectl apply` fails, so neither the mode nor the exception takes effect.',
        '',
        'Keep the namespace policy as it is and put the exception in a second PeerAuthentication that selects the workload.',
        'The quick fix does exactly that when the policy sets a mode: it keeps this policy namespace-wide and moves `portLevelMtls`',
        `to a new workload policy selecting \`app: ${LABEL_PLACEHOLDER}\`, which you must replace (a selector on the namespace policy`,
        'would narrow its STRICT to one workload). Without a policy-wide mode it inserts the selector instead. Never applied automatically.',
      ].join('\n'),
      bad: peerAuthenticationDoc({ namespace: 'bookinfo', mode: 'STRICT', portLevel: { 8080: 'PERMISSIVE' } }),
      good: peerAuthenticationDoc({ name: 'reviews-legacy-port', namespace: 'bookinfo', selector: ['app: reviews'], mode: 'STRICT', portLevel: { 8080: 'PERMISSIVE' } }),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    if (!isPeerAuthentication(doc)) return;
    const ports = readPortLevel(doc);
    // An empty `portLevelMtls: {}` is mtls-invalid-port-level's finding; a null one is dropped by the API server.
    if (!ports?.map || !ports.map.items.length) return;
    const selector = readSelector(doc);
    if (selector.state !== 'absent' && selector.state !== 'empty') return;
    const k = keySpan(ports.pair);
    if (!k) return;
    // With a policy-wide mode, a selector would narrow it to one workload: split instead.
    const hasMode = getIn(specOf(doc), ['mtls', 'mode'], doc.yaml) !== undefined;
    const fix = hasMode ? splitFix(doc, k) : selectorFix(doc, selector);
    ctx.report({
      ...k,
      messageId: 'noSelector',
      data: { selector: selector.state === 'absent' ? 'no selector' : 'an empty selector' },
      fixes: fix ? [fix] : [],
    });
  },
};
