// istioctl deployment.ServiceAssociationAnalyzer (deployment/services.go, analyzeDeploymentPortProtocol),
// IST0116, cases of testdata/deployment-multi-service*.yaml; Istio keys the conflict by container
// port (pilot/pkg/networking/core/listener_inbound.go getFilterChainsByServicePort, reportInboundConflict).
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { selectingService } from '../traffic/test-fixtures';

const ID = 'traffic-workload-service-protocol-conflict';
const ns = (name: string, labels = '    istio-injection: enabled\n') => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels}`;
const deploy = (name: string, app: string, namespace = 'bookinfo', extra = '') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    metadata:
${extra}      labels:
        app: ${app}
        version: v1
    spec:
      containers:
      - name: app
        image: example.com/app:1
        ports:
        - containerPort: 9080
          name: web
`;
const svc = selectingService;

describe(ID, () => {
  it('flags two Services giving one container port TCP and HTTP, on each port (multiple-svc-multiple-prot)', () => {
    expectWorkspace(ID, {
      'ns.yaml': ns('bookinfo'),
      'deploy.yaml': deploy('details-v1', 'details'),
      'svc.yaml':
        svc('details-tcp-v1', 'details', '  - port: 9080\n#         ^^^^ HTTP in Service details-http-v1\n    name: tcp\n    protocol: TCP\n') +
        '---' +
        svc('details-http-v1', 'details', '  - port: 9080\n#         ^^^^ TCP in Service details-tcp-v1\n    name: http\n'),
    });
  });

  it('resolves targetPort (numbers and container port names) and compares container ports, not Service port numbers', () => {
    // Different Service ports, the same container port through a named targetPort: a conflict.
    expectWorkspace(ID, {
      'ns.yaml': ns('bookinfo'),
      'deploy.yaml': deploy('reviews-v1', 'reviews'),
      'svc.yaml':
        svc('reviews-grpc', 'reviews', '  - port: 7070\n#         ^^^^ GRPC here\n    name: grpc\n    targetPort: web\n') +
        '---' +
        svc('reviews-http', 'reviews', '  - port: 9080\n#         ^^^^\n    name: http\n'),
    });
    // The same Service port for different container ports: sidecars keep them apart (reviews-v2 case).
    expectWorkspace(ID, {
      'ns.yaml': ns('bookinfo'),
      'deploy.yaml': deploy('reviews-v2', 'reviews'),
      'svc.yaml': svc('reviews-a', 'reviews', '  - port: 80\n    name: http\n    targetPort: 9080\n') + '---' + svc('reviews-b', 'reviews', '  - port: 80\n    name: tcp\n    targetPort: 9090\n'),
    });
  });

  it('treats UDP, sniffed ports and appProtocol as Istio does', () => {
    expectWorkspace(ID, {
      'deploy.yaml': deploy('dns', 'dns', 'bookinfo', '      annotations:\n        x: y\n').replace('        version: v1\n', '        version: v1\n        sidecar.istio.io/inject: "true"\n'),
      'svc.yaml':
        svc('dns-udp', 'dns', '  - port: 9080\n#         ^^^^ UDP here\n    name: dns\n    protocol: UDP\n') +
        '---' +
        svc('dns-web', 'dns', '  - port: 9080\n#         ^^^^\n    name: web\n    appProtocol: tcp\n'),
    });
  });

  it('stays silent for one protocol, other namespaces, opted-out or unselected workloads (deployment-out-mesh, different-ns)', () => {
    const same = svc('a', 'details', '  - port: 9080\n    name: http\n') + '---' + svc('b', 'details', '  - port: 9080\n    name: http-b\n');
    expectWorkspace(ID, { 'ns.yaml': ns('bookinfo'), 'deploy.yaml': deploy('details-v1', 'details'), 'svc.yaml': same });
    const split = svc('a', 'details', '  - port: 9080\n    name: tcp\n') + '---' + svc('b', 'details', '  - port: 9080\n    name: http\n', 'bookinfo2');
    expectWorkspace(ID, { 'ns.yaml': ns('bookinfo'), 'deploy.yaml': deploy('details-v1', 'details'), 'svc.yaml': split });
    const conflict = svc('a', 'details', '  - port: 9080\n    name: tcp\n') + '---' + svc('b', 'details', '  - port: 9080\n    name: http\n');
    const optedOut = deploy('details-v1', 'details', 'bookinfo', '      annotations:\n        sidecar.istio.io/inject: "false"\n');
    expectWorkspace(ID, { 'ns.yaml': ns('bookinfo'), 'deploy.yaml': optedOut, 'svc.yaml': conflict });
    expectWorkspace(ID, { 'ns.yaml': ns('bookinfo', '    istio-injection: disabled\n'), 'deploy.yaml': deploy('details-v1', 'details'), 'svc.yaml': conflict });
    expectWorkspace(ID, { 'ns.yaml': ns('bookinfo'), 'deploy.yaml': deploy('ratings-v1', 'ratings'), 'svc.yaml': conflict });
  });
});
