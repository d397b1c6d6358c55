import type { Pair, YAMLMap } from 'yaml';
import type { DocRule, DocContext } from '../rule';
import type { ResourceDoc } from '../document/resource';
import type { Fix } from '../types';
import { ISTIO_NETWORKING } from '../kinds';
import { asMap, eol, get, getIn, getPair, keySpan, lineInfo, pairSpan, seqItems, str } from '../yaml/nodes';
import { indentStep, removeBlockPair, startsLine } from '../mtls/yaml-edit';

const vs = (delay: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: bookinfo
spec:
  hosts:
  - ratings
  http:
  - fault:
      delay:
${delay}        fixedDelay: 7s
    route:
    - destination:
        host: ratings
`;

/** `percent: N` rewritten as `percentage: {value: N}`, in the style of the mapping it sits in. */
function toPercentage(doc: ResourceDoc, delay: YAMLMap, pair: Pair<unknown, unknown>, n: number): Fix | undefined {
  const at = pairSpan(pair);
  const k = keySpan(pair);
  if (!at || !k) return undefined;
  const percentage = getPair(delay, 'percentage');
  // Both written: Istio reads percentage and ignores percent (route.go TranslateFault), so dropping percent changes nothing.
  if (percentage) {
    const remove = removeBlockPair(doc.text, delay, pair);
    return remove ? { title: 'Remove the ignored percent (percentage is set)', safe: true, edits: [remove] } : undefined;
  }
  const block = !delay.flow && startsLine(doc.text, k.start);
  const newText = block ? `percentage:${eol(doc.text)}${lineInfo(doc.text, k.start).indent}${indentStep(doc.text)}value: ${n}` : `percentage: {value: ${n}}`;
  return { title: `Write percentage: value: ${n}`, safe: true, edits: [{ start: at.start, end: at.end, newText }] };
}

function checkVirtualService(doc: ResourceDoc, ctx: DocContext): void {
  for (const route of seqItems(getIn(doc.root, ['spec', 'http'], doc.yaml), doc.yaml)) {
    const delay = asMap(getIn(route, ['fault', 'delay'], doc.yaml), doc.yaml);
    const pair = getPair(delay, 'percent');
    const raw = str(pair?.value, doc.yaml);
    // The analyzer flags Percent > 0 (an int32; 0 is the unset default).
    if (!delay || !pair || raw === undefined || !/^\d+$/.test(raw) || Number(raw) === 0) continue;
    const at = pairSpan(pair)!;
    const fix = toPercentage(doc, delay, pair, Number(raw));
    ctx.report({ ...at, messageId: 'delayPercent', data: { count: raw }, ...(fix ? { fixes: [fix] } : {}) });
  }
}

function checkSidecar(doc: ResourceDoc, ctx: DocContext): void {
  const policy = asMap(getIn(doc.root, ['spec', 'outboundTrafficPolicy'], doc.yaml), doc.yaml);
  const proxy = getPair(policy, 'egressProxy');
  const mode = str(get(policy, 'mode', doc.yaml), doc.yaml);
  // pilot reads egressProxy only when the Sidecar's mode is ALLOW_ANY (util.IsAllowAnyOutbound), where
  // istioctl's analyzer calls it ignored unconditionally: only the ignored case is reported.
  if (!proxy || mode === 'ALLOW_ANY' || (mode !== undefined && mode !== 'REGISTRY_ONLY')) return;
  const k = keySpan(proxy);
  if (k) ctx.report({ ...k, messageId: 'egressProxy', data: { mode: mode ?? 'REGISTRY_ONLY (the default)' } });
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'deprecated-field',
    // Family core: the id the issue named has no family prefix (families are checked by prefix); it spans kinds.
    family: 'core',
    severity: 'warning',
    kinds: ['VirtualService', 'Sidecar'],
    messages: {
      delayPercent: 'Write percentage: value: {count} instead of percent: {count}: the integer percent is deprecated (same effect)',
      egressProxy: 'Set mode: ALLOW_ANY or remove egressProxy: Istio ignores it while the outbound mode is {mode}',
    },
    docs: {
      summary: 'A deprecated or ignored Istio field that istioctl analyze reports (IST0002).',
      why: [
        'istioctl\'s `deprecation.FieldAnalyzer` reports two fields:',
        '',
        '- `fault.delay.percent` in a VirtualService route: the integer form is deprecated in favour of',
        '  `percentage.value` (a double). Istio translates both to the same Envoy fraction (`percent: 50` is 50/100,',
        '  `percentage.value: 50` is 500000/1000000), so the fix is safe; when both are set, `percent` is ignored',
        '  and the fix removes it.',
        '- `outboundTrafficPolicy.egressProxy` in a Sidecar: Istio uses it only when the Sidecar\'s own',
        '  `outboundTrafficPolicy.mode` is `ALLOW_ANY` (pilot `util.IsAllowAnyOutbound`); with `REGISTRY_ONLY`, the',
        '  default, it is silently ignored. istioctl reports it in both cases; Istio Tips only where it is ignored.',
      ].join('\n'),
      bad: vs('        percent: 50\n'),
      good: vs('        percentage:\n          value: 50\n'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0002/',
    },
    fix: 'safe',
    istioctl: [{ code: 'IST0002', analyzer: 'deprecation.FieldAnalyzer' }],
  },
  check(doc, ctx) {
    if (doc.group !== ISTIO_NETWORKING) return;
    if (doc.kind === 'VirtualService') checkVirtualService(doc, ctx);
    else if (doc.kind === 'Sidecar') checkSidecar(doc, ctx);
  },
};
