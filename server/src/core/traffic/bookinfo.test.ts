// Acceptance: the istio.io Bookinfo sample (platform/kube/bookinfo.yaml, networking/bookinfo-gateway.yaml,
// destination-rule-all.yaml, the virtual-service-*.yaml variants and the bookinfo-<service>-v2*.yaml
// deployments of istio/istio samples/bookinfo),
// rebuilt here from its facts, is a clean workspace; one planted mistake per rule is found on its field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintWorkspace } from '../../test-support/rule-tester';

const SERVICES = ['details', 'ratings', 'reviews', 'productpage'];
const VERSIONS: Record<string, string[]> = { details: ['v1'], ratings: ['v1'], reviews: ['v1', 'v2', 'v3'], productpage: ['v1'] };
const SUBSETS: Record<string, string[]> = { productpage: ['v1'], reviews: ['v1', 'v2', 'v3'], ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'], details: ['v1', 'v2'] };

const doc = (lines: string[]) => lines.join('\n') + '\n';
const svc = (app: string) => doc(['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${app}`, '  labels:', `    app: ${app}`, 'spec:', '  ports:', '  - port: 9080', '    name: http', '  selector:', `    app: ${app}`]);
const deploy = (app: string, v: string) =>
  doc([
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${app}-${v}`, 'spec:', '  replicas: 1', '  selector:', '    matchLabels:', `      app: ${app}`, `      version: ${v}`,
    '  template:', '    metadata:', '      labels:', `        app: ${app}`, `        version: ${v}`, '    spec:', `      serviceAccountName: bookinfo-${app}`, '      containers:', `      - name: ${app}`,
    `        image: docker.io/istio/examples-bookinfo-${app}-${v}:1.20.2`, '        ports:', '        - containerPort: 9080',
  ]);
const dr = (host: string) => doc(['apiVersion: networking.istio.io/v1', 'kind: DestinationRule', 'metadata:', `  name: ${host}`, 'spec:', `  host: ${host}`, '  subsets:', ...SUBSETS[host].flatMap((s) => [`  - name: ${s}`, '    labels:', `      version: ${s}`])]);
/** A mesh VirtualService for `host`; `routes` are [subset, weight?, header user?] per http rule. */
const vs = (host: string, routes: Array<Array<[string, number?]>>, jason?: number) =>
  doc([
    'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', `  name: ${host}`, 'spec:', '  hosts:', `  - ${host}`, '  http:',
    ...routes.flatMap((dests, i) => [
      ...(i === jason ? ['  - match:', '    - headers:', '        end-user:', '          exact: jason', '    route:'] : ['  - route:']),
      ...dests.flatMap(([subset, weight]) => ['    - destination:', `        host: ${host}`, `        subset: ${subset}`, ...(weight !== undefined ? [`      weight: ${weight}`] : [])]),
    ]),
  ]);
const gateway = doc([
  'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata:', '  name: bookinfo-gateway', 'spec:', '  selector:', '    istio: ingressgateway', '  servers:', '  - port:', '      number: 8080', '      name: http', '      protocol: HTTP', '    hosts:', '    - "*"',
  '---',
  'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', '  name: bookinfo', 'spec:', '  hosts:', '  - "*"', '  gateways:', '  - bookinfo-gateway', '  http:', '  - match:',
  '    - uri:', '        exact: /productpage', '    - uri:', '        prefix: /static', '    - uri:', '        exact: /login', '    - uri:', '        exact: /logout', '    - uri:', '        prefix: /api/v1/products',
  '    route:', '    - destination:', '        host: productpage', '        port:', '          number: 9080',
]);

const workspace = (): Record<string, string> => ({
  'platform/kube/bookinfo.yaml': SERVICES.flatMap((a) => [svc(a), ...VERSIONS[a].map((v) => deploy(a, v))]).join('---\n'),
  // The task manifests that deploy the versions the DestinationRules name.
  'platform/kube/bookinfo-details-v2.yaml': deploy('details', 'v2'),
  'platform/kube/bookinfo-ratings-v2.yaml': deploy('ratings', 'v2'),
  'platform/kube/bookinfo-ratings-v2-mysql.yaml': deploy('ratings', 'v2-mysql'),
  'platform/kube/bookinfo-ratings-v2-mysql-vm.yaml': deploy('ratings', 'v2-mysql-vm'),
  'networking/bookinfo-gateway.yaml': gateway,
  'networking/destination-rule-all.yaml': SERVICES.map(dr).join('---\n'),
  'networking/virtual-service-all-v1.yaml': SERVICES.map((h) => vs(h, [[['v1']]])).join('---\n'),
  'networking/virtual-service-reviews-test-v2.yaml': vs('reviews', [[['v2']], [['v1']]], 0),
  'networking/virtual-service-reviews-jason-v2-v3.yaml': vs('reviews', [[['v2']], [['v3']]], 0),
  'networking/virtual-service-reviews-50-v3.yaml': vs('reviews', [[['v1', 50], ['v3', 50]]]),
  'networking/virtual-service-reviews-80-20.yaml': vs('reviews', [[['v1', 80], ['v2', 20]]]),
  'networking/virtual-service-reviews-v3.yaml': vs('reviews', [[['v3']]]),
  'networking/virtual-service-ratings-test-delay.yaml': vs('ratings', [[['v1']], [['v1']]], 0),
  'networking/virtual-service-ratings-mysql.yaml': vs('reviews', [[['v3']]]) + '---\n' + vs('ratings', [[['v2-mysql']]]),
  'networking/virtual-service-details-v2.yaml': vs('details', [[['v2']]]),
});

describe('Bookinfo sample workspace', () => {
  it('is clean: no finding from any rule', () => {
    const out = lintWorkspace(workspace());
    const all = [...out.entries()].flatMap(([uri, fs]) => fs.map((f) => `${uri}: ${f.rule}: ${f.message}`));
    assert.deepEqual(all, []);
  });

  it('finds a planted mistake of each traffic rule on the field that is wrong', () => {
    const files = workspace();
    files['networking/virtual-service-details-v2.yaml'] = files['networking/virtual-service-details-v2.yaml'].replace('subset: v2', 'subset: v2-beta');
    files['networking/bookinfo-gateway.yaml'] = files['networking/bookinfo-gateway.yaml'].replace('  - bookinfo-gateway', '  - bookinfo-gatway').replace('number: 9080', 'number: 9081');
    files['networking/virtual-service-reviews-v3.yaml'] = files['networking/virtual-service-reviews-v3.yaml'].replace(/host: reviews$/m, 'host: reveiws');
    delete files['platform/kube/bookinfo-ratings-v2-mysql-vm.yaml'];
    const out = lintWorkspace(files);
    const found = [...out.entries()].flatMap(([uri, fs]) => fs.map((f) => [f.rule, files[uri].slice(f.start, f.end)].join(' ')));
    assert.deepEqual(found.sort(), ['gateway-not-found bookinfo-gatway', 'traffic-destination-host-not-found reveiws', 'traffic-destination-port 9081', 'traffic-subset-not-found v2-beta', 'traffic-subset-no-workload v2-mysql-vm'].sort());
    for (const fs of out.values()) for (const f of fs) assert.ok(f.message.length <= 160, f.message);
  });
});
