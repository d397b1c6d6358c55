/** YAML for the traffic rules' documentation examples (the same resources, one mistake apart). */

/** A VirtualService `name` in `ns` for host `name`, one http route; `destination` holds the destination's lines. */
export const routeExample = (name: string, ns: string, destination: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${name}
  http:
  - route:
    - destination:
${destination}`;

/** A Service `name` in `ns` selecting `app: name`, with http ports. */
export const serviceExample = (name: string, ns: string, ports: number[]): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
${ports.map((p, i) => `  - name: ${i ? `http-${p}` : 'http'}\n    port: ${p}\n`).join('')}`;

/** A DestinationRule for `host` in `ns` with subsets [name, version label]. */
export const subsetsExample = (host: string, ns: string, subsets: Array<[string, string]>): string => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${host}
  namespace: ${ns}
spec:
  host: ${host}
  subsets:
${subsets.map(([name, version]) => `  - name: ${name}\n    labels:\n      version: ${version}\n`).join('')}`;

/** An HTTPS server on 443 terminating TLS with `credential`, for `gatewayExample`. */
export const httpsServerExample = (host: string, credential: string): string => `  - port:
      number: 443
      name: https
      protocol: HTTPS
    tls:
      mode: SIMPLE
      credentialName: ${credential}
    hosts:
    - "${host}"
`;

/** An Istio Gateway; `selector` holds the label lines (four spaces in), `servers` the server items. */
export const gatewayExample = (name: string, ns: string, selector: string, servers: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
${selector}  servers:
${servers}`;

/** A Sidecar limiting egress to its namespace and istio-system; `selector` holds `workloadSelector` lines (two spaces in) or is empty. */
export const sidecarExample = (name: string, ns: string, selector = ''): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${selector}  egress:
  - hosts:
    - "./*"
    - "istio-system/*"
`;

/** A Deployment `name` in `ns` whose pods carry `app: name`. */
export const deploymentExample = (name: string, ns: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: ${name}
        image: example.com/${name}:1
`;
