import type { DocRule } from '../rule';
import { podExample } from '../annotations/examples';
import { ANNOTATED_KINDS, ALWAYS_IGNORED, ANNOTATIONS, appliesTo, istioAnnotationsOf } from '../annotations/read';
import { ANNOTATION_CHECKS } from '../annotations/validate';

const pod = (ranges: string) => podExample(`  annotations:\n    traffic.sidecar.istio.io/excludeOutboundIPRanges: "${ranges}"\n`);

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'annotation-invalid-value',
    family: 'annotation',
    severity: 'warning',
    kinds: ANNOTATED_KINDS,
    messages: {
      invalid: 'Fix {key}: {problem}; the sidecar injector refuses such a pod',
    },
    docs: {
      summary: 'An Istio annotation whose value Istio\'s sidecar injector rejects.',
      why: [
        'Before it injects a sidecar, Istio\'s injector validates the annotations it reads (ports, CIDR ranges,',
        'interface names, numbers, resource quantities, the interception mode); one bad value makes injection fail,',
        'and with the injector\'s default failure policy the pod is not created. A space after a comma in a CIDR',
        'list is enough. istioctl reports the same values (IST0125, `annotations.K8sAnalyzer` with the injector\'s',
        '`AnnotationValidation`); `proxy.istio.io/config` is not judged here.',
      ].join('\n'),
      bad: pod('10.0.0.0/8, 172.16.0.0/12'),
      good: pod('10.0.0.0/8,172.16.0.0/12'),
      link: 'https://istio.io/latest/docs/reference/config/annotations/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0125', analyzer: 'annotations.K8sAnalyzer' }],
  },
  check(doc, ctx) {
    for (const a of istioAnnotationsOf(doc)) {
      const check = ANNOTATION_CHECKS.get(a.key);
      const def = ANNOTATIONS.get(a.key);
      // The analyzer validates only annotations where they belong (a misplaced one is that rule's finding).
      if (!check || !def || ALWAYS_IGNORED.has(a.key) || a.value === undefined || !a.valueAt) continue;
      const kinds = appliesTo(def);
      if (!kinds || !kinds.includes(a.on)) continue;
      const problem = check(a.value);
      if (problem) ctx.report({ ...a.valueAt, messageId: 'invalid', data: { key: a.key, problem } });
    }
  },
};
