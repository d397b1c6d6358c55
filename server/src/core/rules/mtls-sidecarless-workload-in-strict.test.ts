import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectWorkspace } from '../../test-support/ws-tester';
import { peerAuthentication } from '../mtls/test-fixtures';

const ID = 'mtls-sidecarless-workload-in-strict';

const strict = (ns = 'jobs') => peerAuthentication({ namespace: ns, mode: 'STRICT' });
const job = (podMeta: string, podSpec = '', ns = 'jobs') => `
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: ${ns}
spec:
  template:
    metadata:
${podMeta}    spec:
${podSpec}      restartPolicy: Never
      containers:
      - name: migrate
        image: example.com/migrate:1
`;
const namespace = (labels: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: jobs
${labels}`;

describe(ID, () => {
  it('flags a pod label inject "false" in a STRICT namespace, on the label value', () => {
    const out = expectWorkspace(ID, {
      'pa.yaml': strict(),
      'job.yaml': job('      labels:\n        sidecar.istio.io/inject: "false"\n#                                ^^^^^^^ has none\n'),
    });
    assert.match(out.get('job.yaml')![0].message, /^Inject a sidecar or keep its scope PERMISSIVE: Job "migrate" has none/);
    assert.match(out.get('job.yaml')![0].related![0].message, /STRICT, set by the namespace-wide PeerAuthentication "default" in jobs \(pa\.yaml\)/);
  });

  it('flags the annotation, hostNetwork, and a Namespace with injection disabled', () => {
    expectWorkspace(ID, { 'pa.yaml': strict(), 'job.yaml': job("      annotations:\n        sidecar.istio.io/inject: 'false'\n#                                ^^^^^^^ has none\n") });
    expectWorkspace(ID, { 'pa.yaml': strict(), 'job.yaml': job('', '      hostNetwork: true\n#                  ^^^^ has none\n') });
    expectWorkspace(ID, {
      'pa.yaml': strict(),
      'ns.yaml': namespace('  labels:\n    istio-injection: disabled\n'),
      'job.yaml': job('').replace('  name: migrate\n', '  name: migrate\n#       ^^^^^^^ has none\n'),
    });
    // Mesh-wide STRICT counts too.
    expectWorkspace(ID, { 'pa.yaml': strict('istio-system'), 'job.yaml': job('', '      hostNetwork: true\n#                  ^^^^ \n') });
  });

  it('lets the pod label win over the annotation', () => {
    expectWorkspace(ID, {
      'pa.yaml': strict(),
      'job.yaml': job('      labels:\n        sidecar.istio.io/inject: "true"\n      annotations:\n        sidecar.istio.io/inject: "false"\n'),
    });
  });

  it('stays silent without an explicit opt-out, in PERMISSIVE scopes, with a workload exception, and in ambient mode', () => {
    expectWorkspace(ID, { 'pa.yaml': strict(), 'ns.yaml': namespace(''), 'job.yaml': job('      labels: {app: migrate}\n') });
    expectWorkspace(ID, { 'job.yaml': job('      labels:\n        sidecar.istio.io/inject: "false"\n') });
    const exception = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: migrate-plaintext
  namespace: jobs
spec:
  selector:
    matchLabels:
      app: migrate
  mtls:
    mode: PERMISSIVE
`;
    expectWorkspace(ID, { 'pa.yaml': strict(), 'ex.yaml': exception, 'job.yaml': job('      labels:\n        app: migrate\n        sidecar.istio.io/inject: "false"\n') });
    expectWorkspace(ID, {
      'pa.yaml': strict(),
      'ns.yaml': namespace('  labels:\n    istio.io/dataplane-mode: ambient\n'),
      'job.yaml': job('      labels:\n        sidecar.istio.io/inject: "false"\n'),
    });
  });

  it('leaves the root namespace and Kubernetes system namespaces alone', () => {
    const hostNet = '      hostNetwork: true\n';
    expectWorkspace(ID, { 'pa.yaml': strict('istio-system'), 'a.yaml': job('', hostNet, 'kube-system'), 'b.yaml': job('', hostNet, 'istio-system') });
  });

  it('reads CronJob, Pod and Deployment pod templates', () => {
    const pod = `
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: jobs
  labels:
    sidecar.istio.io/inject: "false"
#                            ^^^^^^^ Pod "debug"
spec:
  containers:
  - name: sh
`;
    expectWorkspace(ID, { 'pa.yaml': strict(), 'pod.yaml': pod });
  });
});
