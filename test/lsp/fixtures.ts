/** Manifests shared by the protocol tests. Real rules only: no fake rules in the bundle. */

export const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ports:
  - port: 80
`;

/**
 * A PeerAuthentication whose mode has the wrong letter case (mtls-invalid-mode, preferred fix
 * "Write STRICT in capitals", offered for review: the corrected policy starts to apply). Each test uses its own namespace: two namespace-wide
 * policies of one namespace anywhere in the project are a finding of their own.
 */
export const lowercaseStrict = (ns: string, name = 'default') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  mtls:
    mode: strict
`;

export const validStrict = (ns: string, name = 'default') => lowercaseStrict(ns, name).replace('mode: strict', 'mode: STRICT');

/**
 * Three documents; the flagged `mode: strict` of the third is on line 40 (0-based).
 * Returns the text and the line/column of the value.
 */
export function threeDocuments(): { text: string; line: number; character: number } {
  const labels = Array.from({ length: 16 }, (_, i) => `    label-${i}: value-${i}`).join('\n');
  const third = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: deep
  namespace: deep
  labels:
${labels}
spec:
  mtls:
    mode: strict
`;
  const text = `${service('a')}---\n${service('b')}---\n${third}`;
  const lines = text.split('\n');
  const line = lines.indexOf('    mode: strict');
  return { text, line, character: lines[line].indexOf('strict') };
}
