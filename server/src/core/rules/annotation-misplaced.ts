import type { DocRule } from '../rule';
import { reviewsDeploymentExample } from '../telemetry/examples';
import { ANNOTATED_KINDS, ALWAYS_IGNORED, ANNOTATIONS, appliesTo, istioAnnotationsOf } from '../annotations/read';

const deployment = (podAnnotations: string, ownAnnotations: string) => reviewsDeploymentExample(ownAnnotations, podAnnotations);
const ANNOTATION = 'sidecar.istio.io/proxyCPU: 200m\n';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'annotation-misplaced',
    family: 'annotation',
    severity: 'warning',
    kinds: ANNOTATED_KINDS,
    messages: {
      misplaced: 'Move "{key}" to a {kinds}: Istio reads it only there and ignores it on a {on}',
      podTemplate: 'Move "{key}" to the pod template (spec.template.metadata.annotations): Istio reads it only on Pods',
    },
    docs: {
      summary: 'An Istio annotation on a kind of resource where Istio does not read it.',
      why: [
        'Each Istio annotation applies to certain resources: the sidecar settings (`sidecar.istio.io/*`,',
        '`traffic.sidecar.istio.io/*`, `proxy.istio.io/config`) to Pods, `networking.istio.io/exportTo` to',
        'Services, and so on. Written elsewhere, typically on a Deployment\'s own metadata instead of its pod',
        'template, they are silently ignored. istioctl reports the same (IST0107, `annotations.K8sAnalyzer`) on',
        'Namespaces, Services, Pods and Deployments; pod templates are read as the Pods they become.',
      ].join('\n'),
      bad: deployment('', `  annotations:\n    ${ANNOTATION}`),
      good: deployment(`      annotations:\n        ${ANNOTATION}`, ''),
      link: 'https://istio.io/latest/docs/reference/config/annotations/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0107', analyzer: 'annotations.K8sAnalyzer' }],
  },
  check(doc, ctx) {
    for (const a of istioAnnotationsOf(doc)) {
      const def = ANNOTATIONS.get(a.key);
      const kinds = def && !ALWAYS_IGNORED.has(a.key) ? appliesTo(def) : undefined;
      if (!kinds || kinds.includes(a.on)) continue;
      const podTemplate = a.on === 'Deployment' && kinds.includes('Pod');
      ctx.report({ ...a.keyAt, messageId: podTemplate ? 'podTemplate' : 'misplaced', data: { key: a.key, kinds: kinds.join(' or '), on: a.on } });
    }
  },
};
