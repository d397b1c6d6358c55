/** YAML builders for the traffic rules' tests (test-only). */
import { gatewayExample } from './examples';

/** The lines of a VirtualService up to `spec:`. */
export const vsHead = (name: string, ns: string): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
`;

export const service = (name: string, ns: string, ports: number[], annotations = ''): string => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
${annotations ? `  annotations:\n    ${annotations}\n` : ''}spec:
  selector:
    app: ${name}
  ports:
${ports.map((p) => `  - name: http-${p}\n    port: ${p}\n`).join('')}`;

export const serviceEntry = (name: string, ns: string, hosts: string[], extra = ''): string => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
${hosts.map((h) => `  - "${h}"\n`).join('')}${extra}`;

/** A VirtualService in `ns` with one http route destination; `dest` is the destination's body lines (with carets if wanted). */
export const virtualService = (name: string, ns: string, dest: string, spec = ''): string => `${vsHead(name, ns)}${spec}  http:
  - route:
    - destination:
${dest}`;

export const destinationRule = (name: string, ns: string, host: string, subsets: string[], extra = ''): string => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
${extra}  subsets:
${subsets.map((s) => `  - name: ${s}\n    labels:\n      version: ${s}\n`).join('')}`;

/** An Istio Gateway; `servers` are the `hosts` of one server each. */
export const gateway = (name: string, ns: string, servers: string[][]): string => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    istio: ingressgateway
${servers.length ? '  servers:\n' : ''}${servers
  .map((hosts, i) => `  - port:\n      number: ${80 + i}\n      name: http-${i}\n      protocol: HTTP\n    hosts:\n${hosts.map((h) => `    - "${h}"\n`).join('')}`)
  .join('')}`;

/** A VirtualService with `hosts` and `gateways` (lines with carets allowed after each gateway). */
export const boundService = (name: string, ns: string, hosts: string[], gateways: string): string => `${vsHead(name, ns)}  hosts:
${hosts.map((h) => `  - "${h}"\n`).join('')}  gateways:
${gateways}  http:
  - route:
    - destination:
        host: httpbin
`;

/** A bare Pod with `labels` (lines indented by four spaces). */
export const pod = (name: string, ns: string, labels: string): string => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
${labels}spec:
  containers:
  - name: app
    image: example.com/app:1
`;

/** A Service in `ns` selecting `app: app`; `ports` are the lines of its port items (carets allowed). */
export const selectingService = (name: string, app: string, ports: string, ns = 'bookinfo'): string => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${app}
  ports:
${ports}`;

/** An Istio Gateway with its own selector lines (four spaces in) and server items (carets allowed). */
export const gatewayWith = (name: string, ns: string, selector: string, servers: string): string => `\n${gatewayExample(name, ns, selector, servers)}`;

/** A Sidecar in `ns`; `selector` holds the `workloadSelector` lines (carets allowed) or is empty. */
export const sidecarWith = (name: string, ns: string, selector: string, marker = ''): string => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
${marker}  namespace: ${ns}
spec:
${selector}  egress:
  - hosts:
    - "./*"
`;
