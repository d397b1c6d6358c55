// istioctl deployment.ServiceAssociationAnalyzer (deployment/services.go, analyzeDeploymentTargetPorts),
// IST0137, the conflicting-ports case of testdata/deployment-multi-service.yaml; one inbound listener
// per container port (pilot/pkg/networking/core/listener_inbound.go getFilterChainsByServicePort).
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { selectingService } from '../traffic/test-fixtures';

const ID = 'traffic-workload-target-port-conflict';
const deploy = (extraLabel = '        sidecar.istio.io/inject: "true"\n') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: conflicting-ports
  namespace: bookinfo
spec:
  template:
    metadata:
      labels:
        app: conflicting-ports
${extraLabel}    spec:
      containers:
      - name: details
        image: example.com/details:1
        ports:
        - containerPort: 9080
          name: web
`;
const svc = (name: string, ports: string, ns?: string) => selectingService(name, 'conflicting-ports', ports, ns);

describe(ID, () => {
  it('flags one targetPort reached through ports 9080 and 9090, on each targetPort', () => {
    expectWorkspace(ID, {
      'deploy.yaml': deploy(),
      'svc.yaml':
        svc('conflicting-ports-1', '  - port: 9080\n    name: tcp\n    targetPort: 9080\n#               ^^^^ elsewhere 9090\n') +
        '---' +
        svc('conflicting-ports-2', '  - port: 9090\n    name: http\n    targetPort: web\n#               ^^^ elsewhere 9080\n'),
    });
  });

  it('reports a Service port without targetPort on its port', () => {
    expectWorkspace(ID, {
      'deploy.yaml': deploy(),
      'svc.yaml': svc('a', '  - port: 9080\n#         ^^^^\n    name: http\n') + '---' + svc('b', '  - port: 80\n    name: http\n    targetPort: 9080\n#               ^^^^\n'),
    });
  });

  it('stays silent for the same port, Services in another namespace, and opted-out workloads', () => {
    const same = svc('a', '  - port: 9080\n    name: http\n') + '---' + svc('b', '  - port: 9080\n    name: http\n    targetPort: web\n');
    expectWorkspace(ID, { 'deploy.yaml': deploy(), 'svc.yaml': same });
    const split = svc('a', '  - port: 9080\n    name: http\n') + '---' + svc('b', '  - port: 9090\n    name: http\n    targetPort: 9080\n', 'bookinfo2');
    expectWorkspace(ID, { 'deploy.yaml': deploy(), 'svc.yaml': split });
    const conflict = svc('a', '  - port: 9080\n    name: http\n') + '---' + svc('b', '  - port: 9090\n    name: http\n    targetPort: 9080\n');
    expectWorkspace(ID, { 'deploy.yaml': deploy('        sidecar.istio.io/inject: "false"\n'), 'svc.yaml': conflict });
  });
});
