import type { DocRule } from '../rule';
import type { Span } from '../types';
import { asMap, get, getIn, seqItems, span, str } from '../yaml/nodes';
import { WORKLOAD_KINDS } from '../kinds';
import { deploymentExample } from '../traffic/workload-services';

/** The sidecar's user id: iptables lets its traffic bypass the redirection (`tools/istio-iptables`, `--proxy-uid`). */
const PROXY_UID = '1337';

/** Containers istioctl leaves alone (util.IstioProxyName, util.IstioOperator). */
const EXEMPT = new Set(['istio-proxy', 'istio-operator']);

const example = (uid: number) => deploymentExample('reviews-v1', 'reviews', `      securityContext:\n        runAsUser: ${uid}\n`);

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'traffic-proxy-uid',
    family: 'traffic',
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS],
    messages: {
      pod: 'Run the pod as another user than 1337: the sidecar\'s traffic rules let that user\'s connections bypass the proxy',
      container: 'Run container {container} as another user than 1337: the sidecar\'s traffic rules let that user\'s connections bypass the proxy',
    },
    docs: {
      summary: 'A pod or application container runs as user 1337, the user id reserved for the Istio sidecar.',
      why: [
        'The sidecar runs as UID 1337, and the iptables rules Istio installs let traffic of that user bypass the',
        'redirection so the proxy does not capture its own connections. An application running as 1337 therefore',
        'talks to the network directly: no mTLS, no routing, no policy for its outbound calls (istioctl IST0144).',
        'Checked like istioctl: the pod\'s `securityContext.runAsUser` and each container\'s except `istio-proxy` and',
        '`istio-operator`, in Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods;',
        'resources labelled as Istio\'s own (`istio`, `release: istio`) are skipped.',
      ].join('\n'),
      bad: example(1337),
      good: example(1000),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0144/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0144', analyzer: 'deployment.ApplicationUIDAnalyzer' }],
  },
  check(doc, ctx) {
    // Istio's own resources (util.IsIstioControlPlane reads the resource's labels).
    const labels = asMap(getIn(doc.root, ['metadata', 'labels'], doc.yaml), doc.yaml);
    if (get(labels, 'istio', doc.yaml) !== undefined || str(get(labels, 'release', doc.yaml), doc.yaml) === 'istio') return;
    const path = doc.kind === 'Pod' ? ['spec'] : doc.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
    const spec = asMap(getIn(doc.root, path, doc.yaml), doc.yaml);
    if (!spec) return;
    const uidAt = (node: unknown): Span | undefined => {
      const v = get(asMap(get(asMap(node, doc.yaml), 'securityContext', doc.yaml), doc.yaml), 'runAsUser', doc.yaml);
      return str(v, doc.yaml)?.trim() === PROXY_UID ? span(v) : undefined;
    };
    const podAt = uidAt(spec);
    if (podAt) ctx.report({ ...podAt, messageId: 'pod' });
    for (const c of seqItems(get(spec, 'containers', doc.yaml), doc.yaml)) {
      const name = str(get(asMap(c, doc.yaml), 'name', doc.yaml), doc.yaml) ?? '';
      const at = EXEMPT.has(name) ? undefined : uidAt(c);
      if (at) ctx.report({ ...at, messageId: 'container', data: { container: name || '(unnamed)' } });
    }
  },
};
