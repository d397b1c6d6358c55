/**
 * Whether sidecars capture DNS and auto-allocate addresses for ServiceEntries, as istioctl's
 * serviceentry.ProtocolAddressesAnalyzer reads it from meshConfig: `defaultConfig.proxyMetadata`
 * with ISTIO_META_DNS_CAPTURE "true" and ISTIO_META_DNS_AUTO_ALLOCATE or
 * PILOT_ENABLE_IP_AUTOALLOCATE "true".
 */
import type { WorkspaceIndex } from '../rule';
import { proxyMetadataMap } from '../mtls/mesh-config';
import { knownMeshValue } from '../mtls/mesh-settings';

export type MeshSetting = 'on' | 'off' | 'unknown';

/** The setting from meshConfig's `defaultConfig.proxyMetadata` (undefined: meshConfig not known). */
export function dnsAutoAllocationFrom(proxyMetadata: Readonly<Record<string, string>> | undefined): MeshSetting {
  if (!proxyMetadata) return 'unknown';
  if (proxyMetadata.ISTIO_META_DNS_CAPTURE !== 'true') return 'off';
  return proxyMetadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || proxyMetadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true' ? 'on' : 'off';
}

/** The workspace's setting: `defaultConfig.proxyMetadata` as istiod would read it (knownMeshValue). */
export function dnsAutoAllocation(ws: WorkspaceIndex): MeshSetting {
  const lines = knownMeshValue(ws, (s) => s.proxyMetadata);
  return dnsAutoAllocationFrom(lines === undefined ? undefined : proxyMetadataMap(lines));
}
