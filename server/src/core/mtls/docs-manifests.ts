/**
 * Manifest builders for the mTLS rules' documentation examples (`docs.bad` / `docs.good`), shared
 * with the mTLS tests through `test-fixtures.ts`. Every builder returns one YAML document that
 * starts at `apiVersion` and ends with a newline, so `documents(...)` can join them with `---`.
 * One shape per kind keeps the examples consistent: a rule's example differs from its neighbours'
 * only where the rule is about.
 */

/** Documents joined into one multi-document YAML text. */
export const documents = (...docs: string[]): string => docs.join('---\n');

/** `lines` each indented by `indent` spaces and ended with a newline. */
export const indented = (indent: number, lines: readonly string[]): string => lines.map((l) => `${' '.repeat(indent)}${l}\n`).join('');

/** A namespaced resource: the header, then `spec` (lines indented by two spaces, each ending in a newline). */
export const resource = (apiVersion: string, kind: string, name: string, namespace: string, spec: string): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`;

/** `mtls.mode` at the indentation of a spec field; nothing when `mode` is undefined. */
export const mtlsMode = (mode: string | undefined): string => (mode === undefined ? '' : `  mtls:\n    mode: ${mode}\n`);

/** `selector.matchLabels` with `key: value` labels; an empty list writes `matchLabels: {}`. */
export const selectorLines = (labels: readonly string[]): string =>
  labels.length === 0 ? '  selector:\n    matchLabels: {}\n' : `  selector:\n    matchLabels:\n${indented(6, labels)}`;

export interface PeerAuthenticationDoc {
  namespace: string;
  /** `spec.mtls.mode`; omitted, the policy has no `mtls` at all. */
  mode?: string;
  name?: string;
  /** `selector.matchLabels` as `key: value` lines; `[]` writes an empty `matchLabels: {}`. */
  selector?: readonly string[];
  /** `portLevelMtls` entries (port key to mode), written after `mtls`. */
  portLevel?: Readonly<Record<string, string>>;
  apiVersion?: string;
}

export const peerAuthenticationDoc = ({ namespace, mode, name = 'default', selector, portLevel, apiVersion = 'security.istio.io/v1' }: PeerAuthenticationDoc): string => {
  const ports = portLevel ? `  portLevelMtls:\n${Object.entries(portLevel).map(([port, m]) => `    ${port}:\n      mode: ${m}\n`).join('')}` : '';
  return resource(apiVersion, 'PeerAuthentication', name, namespace, `${selector ? selectorLines(selector) : ''}${mtlsMode(mode)}${ports}`);
};

/** A top-level `trafficPolicy.tls` with `mode` and further `key: value` TLS fields. */
export const tlsPolicyDoc = (mode: string, fields: readonly string[] = []): string => `  trafficPolicy:\n    tls:\n${indented(6, [`mode: ${mode}`, ...fields])}`;

export interface DestinationRuleDoc {
  name: string;
  namespace: string;
  host: string;
  /** Spec lines after `host` (a `trafficPolicy`, `subsets`), each ending in a newline. */
  policy: string;
  apiVersion?: string;
}

export const destinationRuleDoc = ({ name, namespace, host, policy, apiVersion = 'networking.istio.io/v1' }: DestinationRuleDoc): string =>
  resource(apiVersion, 'DestinationRule', name, namespace, `  host: ${host}\n${policy}`);

/** The PeerAuthentication `default` of `namespace` with `paMode`, and a DestinationRule `name` toward `name.namespace` with TLS `drMode`. */
export const policyAndRule = (namespace: string, paMode: string, name: string, drMode: string): string =>
  documents(
    peerAuthenticationDoc({ namespace, mode: paMode }),
    destinationRuleDoc({ name, namespace, host: `${name}.${namespace}.svc.cluster.local`, policy: tlsPolicyDoc(drMode) }),
  );

/** Istio's mesh ConfigMap (`istio` in istio-system) whose `data.mesh` holds `mesh` lines (`key: value`). */
export const meshConfigMapDoc = (mesh: readonly string[]): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |-\n${indented(4, mesh)}`;
