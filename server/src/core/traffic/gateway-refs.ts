/**
 * What a VirtualService's `gateways` entry refers to, decided once for the three gateway
 * rules (istioctl virtualservice.GatewayAnalyzer): the mesh, an internal Gateway API name,
 * a Gateway of the workspace, one the workspace should hold but does not, or unknown.
 */
import type { FactEntry } from '../rule';
import type { ValueAt } from '../mtls/yaml-edit';
import type { GatewayFact, VsFact } from './facts';
import { isInternalGatewayRef, resolveGatewayRef } from './hosts';
import type { TrafficWorld } from './world';

export type GatewayRef =
  | { state: 'mesh' | 'internal' | 'unknown'; at: ValueAt }
  | { state: 'found'; at: ValueAt; gateway: FactEntry<GatewayFact> }
  | { state: 'missing'; at: ValueAt; namespace: string; name: string };

export function gatewayRefs(world: TrafficWorld, vs: VsFact): GatewayRef[] {
  const out: GatewayRef[] = [];
  for (const at of vs.gateways ?? []) {
    if (at.value === 'mesh') out.push({ state: 'mesh', at });
    else if (isInternalGatewayRef(at.value)) out.push({ state: 'internal', at });
    else {
      const { namespace, name } = resolveGatewayRef(at.value, vs.namespace);
      const gateway = world.gateway(namespace, name);
      if (gateway) out.push({ state: 'found', at, gateway });
      else if (world.gatewaysIn(namespace).length) out.push({ state: 'missing', at, namespace, name });
      else out.push({ state: 'unknown', at });
    }
  }
  return out;
}
