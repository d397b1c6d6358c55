/** YAML for the EnvoyFilter rules' documentation examples: one filter, its priority line and patches given. */
export const envoyFilterExample = (priority: string, patches: string): string => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: reviews-lua
  namespace: bookinfo
spec:
  workloadSelector:
    labels:
      app: reviews
${priority}  configPatches:
${patches}`;

/** A patch of `applyTo` with `operation`, matching the router of the outbound HTTP connection manager. */
export const patchExample = (applyTo: string, operation: string, value = '        name: envoy.filters.http.lua\n'): string => `  - applyTo: ${applyTo}
    match:
      context: SIDECAR_OUTBOUND
      listener:
        filterChain:
          filter:
            name: envoy.filters.network.http_connection_manager
            subFilter:
              name: envoy.filters.http.router
    patch:
      operation: ${operation}
      value:
${value}`;
