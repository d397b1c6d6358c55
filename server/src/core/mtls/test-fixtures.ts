/**
 * Manifest builders shared by the mTLS tests. Each returns test source text: a leading newline
 * and two-space indentation, so it can be joined with `---`, followed by a caret marker line,
 * or passed through `dedent`. The documents themselves come from `docs-manifests.ts`, which the rules'
 * documentation examples use too.
 */
import { destinationRuleDoc, mtlsMode, resource, type DestinationRuleDoc } from './docs-manifests';

export interface PeerAuthenticationFixture {
  namespace: string;
  /** `spec.mtls.mode`; omitted, the policy has no `mtls` at all. */
  mode?: string;
  name?: string;
  /** Spec lines written before `mtls` (a selector, `portLevelMtls`), each ending in a newline. */
  spec?: string;
  apiVersion?: string;
}

export const peerAuthentication = ({ namespace, mode, name = 'default', spec = '', apiVersion = 'security.istio.io/v1' }: PeerAuthenticationFixture): string =>
  `\n${resource(apiVersion, 'PeerAuthentication', name, namespace, `${spec}${mtlsMode(mode)}`)}`;

export const destinationRule = (fixture: DestinationRuleDoc): string => `\n${destinationRuleDoc(fixture)}`;

/** A top-level `trafficPolicy.tls` holding `tls` (its lines indented by six spaces). */
export const tlsPolicy = (tls: string): string => `  trafficPolicy:\n    tls:\n${tls}`;

/** A Namespace manifest with `labels` (`key: value` lines without indentation). */
export const namespaceManifest = (name: string, labels: string[]): string => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels.map((l) => `    ${l}\n`).join('')}`;

/** A Service `legacy` in `shop` and its Deployment, with the pod label sidecar.istio.io/inject set to `inject`. */
export const legacyApp = (inject: string): string => `
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
spec:
  selector:
    app: legacy
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: legacy
        sidecar.istio.io/inject: "${inject}"
    spec:
      containers:
      - name: legacy
        image: legacy
`;
