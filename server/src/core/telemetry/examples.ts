/** YAML for the Telemetry rules' documentation examples. */

/** A Telemetry `name` in namespace bookinfo; `spec` holds its spec lines (selector first, if any). */
export const telemetryExample = (name: string, spec: string): string => `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: ${name}
  namespace: bookinfo
spec:
${spec}  tracing:
  - randomSamplingPercentage: 10
`;

/** `selector: matchLabels:` with the given label lines (indented 6). */
export const selectorExample = (labels: string): string => `  selector:\n    matchLabels:\n${labels}`;

/** A Deployment reviews-v1 in bookinfo whose pods carry `app: reviews, version: v1`; extra metadata lines for itself and its pods. */
export const reviewsDeploymentExample = (own = '', pod = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: bookinfo
${own}spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      labels:
        app: reviews
        version: v1
${pod}    spec:
      containers:
      - name: reviews
        image: example.com/reviews:1
`;

export const reviewsDeployment = reviewsDeploymentExample();
