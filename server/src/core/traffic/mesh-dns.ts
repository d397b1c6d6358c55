/**
 * Whether sidecars capture DNS and auto-allocate addresses for ServiceEntries, as istioctl's
 * serviceentry.ProtocolAddressesAnalyzer reads it from meshConfig: `defaultConfig.proxyMetadata`
 * with ISTIO_META_DNS_CAPTURE "true" and ISTIO_META_DNS_AUTO_ALLOCATE or
 * PILOT_ENABLE_IP_AUTOALLOCATE "true".
 */
import type { WorkspaceIndex } from '../rule';
import { MESH_CONFIGS, proxyMetadataMap } from '../mtls/mesh-config';
import { meshSettings } from '../mtls/mesh-settings';

export type MeshSetting = 'on' | 'off' | 'unknown';

/** The setting from meshConfig's `defaultConfig.proxyMetadata` (undefined: meshConfig not known). */
export function dnsAutoAllocationFrom(proxyMetadata: Readonly<Record<string, string>> | undefined): MeshSetting {
  if (!proxyMetadata) return 'unknown';
  if (proxyMetadata.ISTIO_META_DNS_CAPTURE !== 'true') return 'off';
  return proxyMetadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || proxyMetadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true' ? 'on' : 'off';
}

/**
 * The workspace's setting, from what istiod reads: the mesh ConfigMap's (or any undisputed
 * source's) `defaultConfig.proxyMetadata`. Unknown when the workspace holds no mesh ConfigMap
 * (IstioOperator or Helm values alone do not tell what the cluster's ConfigMap holds), when
 * sources disagree or a ConfigMap cannot be read.
 */
export function dnsAutoAllocation(ws: WorkspaceIndex): MeshSetting {
  const s = meshSettings(ws);
  const setting = s.proxyMetadata;
  if (setting.disputed || s.unreadable.length) return 'unknown';
  if (setting.sources.length) return dnsAutoAllocationFrom(proxyMetadataMap(setting.value));
  return ws.facts(MESH_CONFIGS).some((e) => e.value.source === 'ConfigMap') ? dnsAutoAllocationFrom({}) : 'unknown';
}
