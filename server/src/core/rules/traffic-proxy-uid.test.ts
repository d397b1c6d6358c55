// istioctl deployment.ApplicationUIDAnalyzer (deployment/pod.go, UserID 1337), IST0144, cases of
// testdata/pod-sec-uid.yaml, pod-con-sec-uid.yaml, deployment-pod-sec-uid.yaml, deployment-con-sec-uid.yaml.
import { describe, it } from 'node:test';
import { expectFindings } from '../../test-support/rule-tester';

const ID = 'traffic-proxy-uid';

describe(ID, () => {
  it('flags pod-level and container-level runAsUser 1337 of a Deployment, on the value', () => {
    expectFindings(ID, `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy-con-sec-uid
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1337
#                  ^^^^ the pod
      containers:
      - name: helloworld
        image: example.com/helloworld:1
        securityContext:
          runAsUser: 1337
#                    ^^^^ container helloworld
`);
  });

  it('reads bare Pods and CronJobs, and exempts istio-proxy and istio-operator containers', () => {
    expectFindings(ID, `
apiVersion: v1
kind: Pod
metadata:
  name: con-sec-uid
spec:
  containers:
  - name: istio-proxy
    image: proxyv2
    securityContext:
      runAsUser: 1337
  - name: app
    image: app
    securityContext:
      runAsUser: "1337"
#                ^^^^^^
`);
    expectFindings(ID, `
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            runAsUser: 1337
#                      ^^^^
          containers:
          - name: job
            image: job
`);
  });

  it('stays silent for other users, init containers, and Istio own resources', () => {
    expectFindings(ID, `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ok
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1000
      initContainers:
      - name: init
        image: init
        securityContext:
          runAsUser: 1337
      containers:
      - name: app
        image: app
        securityContext:
          runAsUser: 13370
`);
    expectFindings(ID, `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  labels:
    istio: ingressgateway
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1337
      containers:
      - name: istio-proxy
        image: proxyv2
`);
  });
});
