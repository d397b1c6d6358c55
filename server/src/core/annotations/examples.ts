/** YAML for the annotation rules' documentation examples: one Pod, its metadata lines given. */
export const podExample = (metadata: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1
  namespace: bookinfo
${metadata}spec:
  containers:
  - name: reviews
    image: example.com/reviews:1
`;
