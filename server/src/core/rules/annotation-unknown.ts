import type { DocRule } from '../rule';
import { podExample } from '../annotations/examples';
import { ANNOTATED_KINDS, ALWAYS_IGNORED, ANNOTATIONS, LABELS, istioAnnotationsOf } from '../annotations/read';
import { ISTIO_API_VERSION } from '../annotations/registry.gen';
import { didYouMean } from '../traffic/hosts';

const pod = (annotation: string) => podExample(`  annotations:\n    ${annotation}: "false"\n`);

const NAMES = [...ANNOTATIONS.keys()];
/** Known names by lower case: a name that differs only in case (`rewriteAppHttpProbers`) is one mistake, however many letters. */
const BY_LOWER = new Map(NAMES.map((n) => [n.toLowerCase(), n]));

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'annotation-unknown',
    family: 'annotation',
    severity: 'warning',
    kinds: ANNOTATED_KINDS,
    messages: {
      unknown: 'Check the annotation name: Istio knows no annotation "{key}" and ignores it',
      typo: 'Write "{guess}": Istio knows no annotation "{key}" and ignores it',
      label: 'Move "{key}" to metadata.labels: it is an Istio label, and Istio ignores it as an annotation',
    },
    docs: {
      summary: 'An annotation in an Istio namespace (`*.istio.io/…`) that Istio does not know.',
      why: [
        'Istio reads only the annotations it defines; a misspelt one (`sidecar.istio.io/rewriteAppHttpProbers`,',
        '`traffic.sidecar.istio.io/excludeOutboundPort`) is silently ignored, so the setting you meant never applies.',
        'istioctl reports the same annotations (IST0108, `annotations.K8sAnalyzer`) on Namespaces, Services, Pods and',
        'Deployments; Istio Tips also reads the pod templates of workloads, which become Pods. A name within two',
        'edits of a known annotation, or differing only in case, gets a fix (review it: the annotation then takes effect). A name that is an',
        'Istio label (`istio.io/dataplane-mode`, `istio.io/use-waypoint`) is pointed to `metadata.labels`.',
        '',
        `The list of annotations and labels comes from Istio's registry: ${ISTIO_API_VERSION}.`,
      ].join('\n'),
      bad: pod('sidecar.istio.io/rewriteAppHttpProbers'),
      good: pod('sidecar.istio.io/rewriteAppHTTPProbers'),
      link: 'https://istio.io/latest/docs/reference/config/annotations/',
    },
    fix: 'unsafe',
    istioctl: [{ code: 'IST0108', analyzer: 'annotations.K8sAnalyzer' }],
  },
  check(doc, ctx) {
    for (const a of istioAnnotationsOf(doc)) {
      if (ALWAYS_IGNORED.has(a.key) || ANNOTATIONS.has(a.key)) continue;
      if (LABELS.has(a.key)) {
        ctx.report({ ...a.keyAt, messageId: 'label', data: { key: a.key } });
        continue;
      }
      const guess = BY_LOWER.get(a.key.toLowerCase()) ?? didYouMean(a.key, NAMES);
      if (!guess) {
        ctx.report({ ...a.keyAt, messageId: 'unknown', data: { key: a.key } });
        continue;
      }
      const quote = /^["']/.exec(doc.text.slice(a.keyAt.start, a.keyAt.start + 1))?.[0] ?? '';
      // Renaming onto a key the mapping already has would write a duplicate key (invalid YAML).
      const fixes = a.siblings.has(guess) ? [] : [{ title: `Change to "${guess}"`, safe: false, edits: [{ ...a.keyAt, newText: `${quote}${guess}${quote}` }] }];
      ctx.report({ ...a.keyAt, messageId: 'typo', data: { key: a.key, guess }, fixes });
    }
  },
};
