import type { DocRule } from '../rule';
import { podExample } from '../annotations/examples';
import { ANNOTATED_KINDS, ALWAYS_IGNORED, ANNOTATIONS, istioAnnotationsOf } from '../annotations/read';
import { INJECT_KEY } from '../mtls/k8s-facts';

const pod = (labels: string, annotations: string) => podExample(labels + annotations);

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'annotation-deprecated',
    family: 'annotation',
    severity: 'info',
    kinds: ANNOTATED_KINDS,
    messages: {
      deprecated: 'Replace or remove "{key}": Istio has deprecated this annotation and may stop reading it in a future version',
      inject: 'Use the sidecar.istio.io/inject label instead: Istio has deprecated the annotation and may stop reading it',
    },
    docs: {
      summary: 'An Istio annotation that Istio has deprecated.',
      why: [
        'Deprecated annotations still work today but may be ignored by a future Istio release, at which point the',
        'setting silently stops applying. The common one is the `sidecar.istio.io/inject` annotation: use the',
        '`sidecar.istio.io/inject` label (injection webhooks select pods by that label). A pod that carries both the',
        'label and the annotation is not reported, as istioctl does not (IST0135, `annotations.K8sAnalyzer`).',
      ].join('\n'),
      bad: pod('', `  annotations:\n    ${INJECT_KEY}: "false"\n`),
      good: pod(`  labels:\n    ${INJECT_KEY}: "false"\n`, ''),
      link: 'https://istio.io/latest/docs/reference/config/annotations/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0135', analyzer: 'annotations.K8sAnalyzer' }],
  },
  check(doc, ctx) {
    for (const a of istioAnnotationsOf(doc)) {
      if (ALWAYS_IGNORED.has(a.key) || !ANNOTATIONS.get(a.key)?.deprecated) continue;
      if (a.key === INJECT_KEY) {
        // Both written: kept for older Istio on purpose (the analyzer skips it); templated labels: cannot tell.
        if (INJECT_KEY in a.labels || a.labelsPartial) continue;
        ctx.report({ ...a.keyAt, messageId: 'inject' });
        continue;
      }
      ctx.report({ ...a.keyAt, messageId: 'deprecated', data: { key: a.key } });
    }
  },
};
