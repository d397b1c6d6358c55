/**
 * EnvoyFilter configPatches as istioctl's envoyfilter.EnvoyPatchAnalyzer reads them
 * (istio/istio pkg/config/analysis/analyzers/envoyfilter/envoyfilter.go): per patch its applyTo,
 * operation, whether `match.proxy.proxyVersion` is set, and the filter it names (`patch.value.name`,
 * else `match.listener.filterChain.filter.name` when the value has fields). Like the analyzer, the
 * list stops at the first entry without a `patch`.
 */
import type { Indexer } from '../rule';
import type { ResourceDoc } from '../document/resource';
import type { Span } from '../types';
import { ISTIO_NETWORKING } from '../kinds';
import { asMap, get, getIn, seqItems, span, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf } from '../mtls/fact-read';

export interface PatchFact {
  index: number;
  applyTo: string | undefined;
  operation: string;
  /** The operation value. */
  at: Span;
  proxyVersion: boolean;
  /** The filter the patch names ('' when none). */
  filter: string;
}

export interface EnvoyFilterFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** spec.priority (0 when absent); undefined when templated or not a number. */
  priority: number | undefined;
  patches: PatchFact[];
}

function readPatches(doc: ResourceDoc): PatchFact[] {
  const out: PatchFact[] = [];
  seqItems(getIn(doc.root, ['spec', 'configPatches'], doc.yaml), doc.yaml).every((item, index) => {
    const cp = asMap(item, doc.yaml);
    const patch = asMap(get(cp, 'patch', doc.yaml), doc.yaml);
    if (!patch) return false;
    const opNode = get(patch, 'operation', doc.yaml);
    const operation = str(opNode, doc.yaml);
    const at = span(opNode);
    const value = asMap(get(patch, 'value', doc.yaml), doc.yaml);
    const match = asMap(get(cp, 'match', doc.yaml), doc.yaml);
    const named = value?.items.length ? str(get(value, 'name', doc.yaml), doc.yaml) : undefined;
    const filter = named ?? (value?.items.length ? str(getIn(match, ['listener', 'filterChain', 'filter', 'name'], doc.yaml), doc.yaml) : undefined) ?? '';
    const applyTo = str(get(cp, 'applyTo', doc.yaml), doc.yaml);
    if (operation && at && !isTemplated(operation)) out.push({ index, applyTo, operation, at, proxyVersion: !!str(getIn(match, ['proxy', 'proxyVersion'], doc.yaml), doc.yaml), filter });
    return true;
  });
  return out;
}

/** The patches of an EnvoyFilter document (once per document for the rules and the indexer). */
export function envoyFilterPatches(doc: ResourceDoc): readonly PatchFact[] {
  return doc.group === ISTIO_NETWORKING && doc.kind === 'EnvoyFilter' ? doc.memo(readPatches, () => readPatches(doc)) : [];
}

export const ENVOY_FILTERS: Indexer<EnvoyFilterFact> = {
  key: 'envoyfilter.filters',
  kinds: ['EnvoyFilter'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined) return [];
    const raw = str(getIn(doc.root, ['spec', 'priority'], doc.yaml), doc.yaml);
    const priority = raw === undefined ? 0 : /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    return [{ name: doc.name, namespace, anchor: anchorOf(doc), priority, patches: [...envoyFilterPatches(doc)] }];
  },
};

/**
 * Where Istio applies each operation (pilot/pkg/networking/core/envoyfilter): REPLACE in
 * patchListenerFilters, the network and HTTP filter patches and patchVirtualHost; ROUTE_CONFIGURATION
 * takes only MERGE (rc_patch.go ApplyRouteConfigurationPatches). HTTP_ROUTE does apply ADD and
 * REMOVE (rc_patch.go patchHTTPRoutes), which istioctl reports as ignored.
 */
export const REPLACE_APPLIES_TO: ReadonlySet<string> = new Set(['LISTENER_FILTER', 'NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

/** Relative operations (their effect depends on what other filters did first), as the analyzer lists them. */
export function isRelative(p: PatchFact): boolean {
  if (p.operation === 'INSERT_BEFORE' || p.operation === 'INSERT_AFTER') return true;
  if (p.operation === 'REPLACE') return !!p.applyTo && REPLACE_APPLIES_TO.has(p.applyTo);
  if (p.operation === 'REMOVE') return p.applyTo !== 'ROUTE_CONFIGURATION';
  return false;
}
