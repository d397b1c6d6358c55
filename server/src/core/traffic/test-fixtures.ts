/** YAML builders for the traffic rules' tests (test-only). */

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
export const virtualService = (name: string, ns: string, dest: string, spec = ''): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec}  http:
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
