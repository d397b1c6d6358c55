/**
 * Which Kubernetes namespaces and Services a DestinationRule `host` targets.
 *
 * Istio expands a host without dots to `<host>.<DR namespace>.svc.cluster.local` and takes
 * every other host literally. Kubernetes Services are registered only under their full name,
 * so `reviews.prod` or `reviews.prod.svc` match no Service in Istio, although people write
 * them meaning one: they resolve here with `literal: true` so messages can say both things.
 * Those forms only resolve to namespaces the workspace shows, so `example.com` never reads
 * as Service `example` in namespace `com`.
 */
import { isTemplated } from './fact-read';

export const CLUSTER_DOMAIN = 'cluster.local';

export interface HostTarget {
  namespace: string;
  /** The Service's name; undefined when the host is a wildcard over the namespace. */
  service?: string;
  /** Written as `svc.ns` or `svc.ns.svc`, which Istio does not expand. */
  literal?: boolean;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUFFIX = `.svc.${CLUSTER_DOMAIN}`;

/**
 * The targets of `host` written in a DestinationRule of `drNamespace`. `namespaces` are the
 * namespaces the workspace knows (what mesh-wide wildcards such as `*.local` reach).
 */
export function resolveHost(host: string, drNamespace: string, namespaces: ReadonlySet<string>): HostTarget[] {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (!h || isTemplated(h)) return [];
  if (h === '*' || h === '*.local' || h === `*.${CLUSTER_DOMAIN}` || h === `*${SUFFIX}`) {
    return [...namespaces].sort().map((namespace) => ({ namespace }));
  }
  if (!h.includes('.')) return DNS_LABEL.test(h) ? [{ namespace: drNamespace, service: h }] : [];
  if (h.endsWith(SUFFIX)) {
    const parts = h.slice(0, -SUFFIX.length).split('.');
    if (parts.length !== 2) return [];
    const [svc, ns] = parts;
    if (!DNS_LABEL.test(ns)) return [];
    if (svc === '*') return [{ namespace: ns }];
    return DNS_LABEL.test(svc) ? [{ namespace: ns, service: svc }] : [];
  }
  const parts = h.split('.');
  if ((parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) && parts.slice(0, 2).every((p) => DNS_LABEL.test(p)) && namespaces.has(parts[1])) {
    return [{ namespace: parts[1], service: parts[0], literal: true }];
  }
  return [];
}

/**
 * How specific a host is, for Istio's choice among DestinationRules matching one Service:
 * an exact name beats `*.ns.svc.cluster.local`, which beats `*.svc.cluster.local`, and so on.
 */
export function hostSpecificity(host: string): number {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (!h.startsWith('*')) return 1000;
  return h.length; // among wildcards, the longer suffix is the more specific
}

/** The fully qualified name of a Service. */
export const serviceFqdn = (service: string, namespace: string): string => `${service}.${namespace}${SUFFIX}`;
