/**
 * The value checks Istio's sidecar injector runs on annotations before it injects a pod
 * (istio/istio pkg/kube/inject/validate.go `AnnotationValidation`, which istioctl's
 * annotations.K8sAnalyzer reuses for IST0125). A value that fails makes `RunTemplate` return an
 * error, so the injector refuses the pod. `proxy.istio.io/config` (a whole ProxyConfig, parsed
 * and validated as protobuf) is not judged here.
 */

/** A value as the problem names it, cut short (messages stay under 160 characters). */
const shown = (s: string): string => `"${s.length > 32 ? `${s.slice(0, 31)}…` : s}"`;

/** Returns the problem, or undefined when the value is accepted. */
type Check = (value: string) => string | undefined;

/** strconv.ParseUint(s, 10, bits): ASCII digits only (no sign, no spaces), within range. */
function parseUint(s: string, bits: 16 | 32): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 2 ** bits - 1 ? n : undefined;
}

/** parsePort: strings.TrimSpace, then ParseUint(…, 10, 16) (0 is accepted). */
const portProblem = (p: string): string | undefined => (parseUint(p.trim(), 16) === undefined ? `${shown(p)} is not a port (0-65535)` : undefined);

/** parsePorts: the whole list trimmed; empty is fine; otherwise every comma-separated item is a port. */
function portList(ports: string): string | undefined {
  const s = ports.trim();
  if (!s) return undefined;
  for (const p of s.split(',')) {
    const problem = portProblem(p);
    if (problem) return problem;
  }
  return undefined;
}

/** IPv4 as netip parses it: four decimal octets 0-255 without leading zeros. */
function ipv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** IPv6 as netip parses it (no zone in a prefix): hex groups, at most one "::", an optional IPv4 tail. */
function ipv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!ipv4(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** netip.ParsePrefix: address "/" bits, bits in decimal without sign or leading zero, within the family. */
function prefixProblem(cidr: string): string | undefined {
  const slash = cidr.lastIndexOf('/');
  const bad = `${shown(cidr)} is not a CIDR range`;
  if (slash < 0) return `${bad} (no /bits)`;
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bits)) return bad;
  const max = ipv4(addr) ? 32 : ipv6(addr) ? 128 : undefined;
  return max !== undefined && Number(bits) <= max ? undefined : bad;
}

/** validateCIDRList: split on "," without trimming (a space after a comma is an error); empty is fine. */
function cidrList(cidrs: string): string | undefined {
  if (!cidrs) return undefined;
  for (const c of cidrs.split(',')) {
    const problem = prefixProblem(c);
    if (problem) return c !== c.trim() ? `${problem}: remove the spaces` : problem;
  }
  return undefined;
}

/** netutil.ValidateInterfaceNames: comma-separated, trimmed, 1-15 characters, a letter first. */
function interfaceNames(list: string): string | undefined {
  if (!list) return undefined;
  for (const raw of list.split(',')) {
    const name = raw.trim();
    if (!name) return 'empty interface name';
    if (name.length > 15) return `interface name ${shown(name)} is longer than 15 characters`;
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(name)) return `interface name ${shown(name)} has invalid characters`;
  }
  return undefined;
}

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Kubernetes resource.ParseQuantity: an optional sign, a decimal number, and a suffix that is
 * binary (Ki…Ei), decimal (n u m k M G T P E) or an exponent (e3, E-2); nothing else.
 */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d*)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const uint32: Check = (v) => (parseUint(v, 32) === undefined ? `${shown(v)} is not a whole number` : undefined);

export const ANNOTATION_CHECKS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['sidecar.istio.io/interceptionMode', (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : 'use REDIRECT, TPROXY or NONE')],
  ['status.sidecar.istio.io/port', (v) => portProblem(v)],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', uint32],
  ['readiness.status.sidecar.istio.io/periodSeconds', uint32],
  ['readiness.status.sidecar.istio.io/failureThreshold', uint32],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', (v) => (v === '*' ? undefined : cidrList(v))],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', cidrList],
  ['traffic.sidecar.istio.io/includeInboundPorts', (v) => (v === '*' ? undefined : portList(v))],
  ['traffic.sidecar.istio.io/excludeInboundPorts', portList],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', portList],
  ['traffic.sidecar.istio.io/excludeInterfaces', interfaceNames],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', interfaceNames],
  ['istio.io/reroute-virtual-interfaces', interfaceNames],
  ['prometheus.istio.io/merge-metrics', (v) => (BOOLS.has(v) ? undefined : 'use true or false')],
  ...['proxyCPU', 'proxyMemory', 'proxyCPULimit', 'proxyMemoryLimit'].map(
    (k): [string, Check] => [`sidecar.istio.io/${k}`, (v) => (v && QUANTITY.test(v) ? undefined : `${shown(v)} is not a Kubernetes quantity (e.g. 100m, 128Mi)`)],
  ),
]);
