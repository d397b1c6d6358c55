import type { DocRule } from '../rule';
import type { Fix } from '../types';
import type { ResourceDoc } from '../document/resource';
import type { Node } from 'yaml';
import { asMap, eol, keySpan, lineInfo, span, str } from '../yaml/nodes';
import { namespaceOf } from '../mtls/fact-read';
import { blockExtentEnd, editDistance, indentStep, isPeerAuthentication, ownLineIndent, readPortLevel, readSelector, removePairEdit, sameQuoting, specOf } from '../mtls/read';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

/** `selector: {app: a}` → `selector: {matchLabels: {app: a}}`; in block style the label lines move one level deeper. */
function nestFix(doc: ResourceDoc, selectorPair: NonNullable<ReturnType<typeof readSelector>['pair']>): Fix | undefined {
  const map = asMap(selectorPair.value, doc.yaml);
  const vs = span(map);
  const first = map?.items[0];
  const fk = first ? keySpan(first) : undefined;
  const sk = keySpan(selectorPair);
  if (!map || !vs || !fk || !sk) return undefined;
  // `matchlabels:` or `matchLabel:` holding the labels: a misspelt key, renamed rather than nested.
  const only = map.items.length === 1 ? (first!.key as Node | null) : null;
  const written = only ? str(only) : undefined;
  if (only && written && editDistance(written.toLowerCase(), 'matchlabels') <= 2 && asMap(first!.value, doc.yaml)) {
    const e = sameQuoting(doc, only, 'matchLabels');
    return e && { title: `Rename ${written} to matchLabels (the policy then applies only to these pods)`, safe: false, edits: [e] };
  }
  const title = 'Nest the labels under matchLabels (the policy then applies only to these pods)';
  if (map.flow) return { title, safe: false, edits: [{ start: vs.start, end: vs.start, newText: '{matchLabels: ' }, { start: vs.end, end: vs.end, newText: '}' }] };
  const indent = ownLineIndent(doc, fk.start);
  if (indent === undefined) return undefined;
  const step = indentStep(doc);
  const start = lineInfo(doc.text, fk.start).lineStart;
  const end = blockExtentEnd(doc.text, sk.start);
  const moved = doc.text
    .slice(start, end)
    .split('\n')
    .map((line) => (line.trim() ? step + line : line))
    .join('\n');
  return { title, safe: false, edits: [{ start, end, newText: `${indent}matchLabels:${eol(doc.text)}${moved}` }] };
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-empty-selector',
    family: 'mtls',
    severity: 'warning',
    kinds: ['PeerAuthentication'],
    messages: {
      empty: "Remove the empty selector, or add matchLabels for the workload you meant: it applies the policy to {what} ({scope})",
      noMatchLabels: "Nest labels under selector.matchLabels: selector.{key} is not a field, and without it the policy applies to {what}",
    },
    docs: {
      summary: 'A PeerAuthentication with `selector: {}`, an empty `matchLabels`, or labels not nested in `matchLabels`: the policy silently becomes namespace-wide (mesh-wide in the root namespace).',
      why: [
        'Istio decides the scope of a PeerAuthentication from `selector.matchLabels` alone: when it is missing or empty the policy',
        'applies to every workload of its namespace, and in the root namespace (`istio-system` by default) to the whole mesh.',
        'A selector left empty by a template or a half-finished edit therefore widens a workload exception (say, DISABLE for a',
        'legacy port) to every pod around it, and several such policies compete as namespace-wide duplicates.',
        '',
        'Labels written directly under `selector` (without `matchLabels`) are not a field at all: depending on the client the',
        'policy is rejected, or the labels are dropped and the selector is empty.',
        '',
        'If namespace-wide is what you want, remove the selector (safe fix: same meaning, stated plainly); otherwise add the labels.',
      ].join('\n'),
      bad: peerAuthenticationDoc({ name: 'legacy-plaintext', namespace: 'bookinfo', selector: [], mode: 'DISABLE' }),
      good: peerAuthenticationDoc({ name: 'legacy-plaintext', namespace: 'bookinfo', selector: ['app: legacy'], mode: 'DISABLE' }),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    if (!isPeerAuthentication(doc)) return;
    const selector = readSelector(doc);
    const k = selector.pair && keySpan(selector.pair);
    if (!k || !selector.pair) return;
    const ns = namespaceOf(doc, ctx.config);
    const root = ns === ctx.config.rootNamespace;
    const what = root ? `every workload in the mesh (${ns} is the root namespace)` : ns ? `every workload in namespace ${ns}` : 'every workload in its namespace';
    if (selector.state === 'noMatchLabels') {
      const firstKey = asMap(selector.pair.value, doc.yaml)?.items[0]?.key;
      const fix = nestFix(doc, selector.pair);
      ctx.report({ ...k, messageId: 'noMatchLabels', data: { key: String((firstKey as { value?: unknown })?.value ?? ''), what }, fixes: fix ? [fix] : [] });
      return;
    }
    if (selector.state !== 'empty') return;
    // With port-level settings the policy is rejected outright: mtls-port-level-without-selector says so.
    const ports = readPortLevel(doc);
    if (ports?.map?.items.length) return;
    const spec = specOf(doc);
    const e = spec && removePairEdit(doc, spec, selector.pair);
    ctx.report({
      ...k,
      messageId: 'empty',
      data: { scope: root ? 'mesh-wide' : 'namespace-wide', what },
      fixes: e ? [{ title: `Remove the empty selector (the policy stays ${root ? 'mesh-wide' : 'namespace-wide'})`, safe: true, edits: [e] }] : [],
    });
  },
};
