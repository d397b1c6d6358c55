/**
 * meshConfig as the workspace writes it: the `istio` ConfigMap istiod reads (`data.mesh`, a YAML
 * string), an IstioOperator's `spec.meshConfig`, and Helm values (`meshConfig:` in a values
 * file of the istiod chart). Only the fields rules use are read: rootNamespace, enableAutoMtls,
 * meshNetworks, defaultProviders.accessLogging, defaultConfig.proxyMetadata and the names of
 * Lightstep extensionProviders. Which source decides is in mesh-settings.ts.
 */
import { parse } from 'yaml';
import type { Node } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { asMap, get, getIn, span, str } from '../yaml/nodes';
import { anchorOf, isTemplated } from './fact-read';

export type MeshSourceKind = 'ConfigMap' | 'IstioOperator' | 'Helm values';

export interface MeshField<T> {
  value: T;
  /** Where the value is written, relative to the document. */
  at: Span;
}

export interface MeshConfigFact {
  source: MeshSourceKind;
  anchor: Span;
  rootNamespace?: MeshField<string>;
  enableAutoMtls?: MeshField<boolean>;
  /** defaultProviders.accessLogging: the provider names, comma-joined ('' for an empty list) so sources compare by value. */
  accessLogProviders?: MeshField<string>;
  /** defaultConfig.proxyMetadata as sorted `KEY=value` lines, so sources compare by value. */
  proxyMetadata?: MeshField<string>;
  /** extensionProviders of type lightstep: their names, comma-joined ('' for none), so sources compare by value. */
  lightstepProviders?: MeshField<string>;
  /** meshNetworks (ConfigMap `meshNetworks`, Helm/IstioOperator `global.meshNetworks`): network names, and whether one names a gateway. */
  networks?: { names: string[]; gateways: boolean };
  /** The mesh YAML of a ConfigMap is not readable (templated, not YAML): what it sets is unknown. */
  unreadable?: string;
}

/** The kind-less marker: Helm values files have neither apiVersion nor kind (see Indexer.kinds). */
export const KINDLESS = '';

/** Istio's mesh ConfigMap: `istio`, or `istio-<revision>` (getMeshConfigMapName in pilot/pkg/bootstrap/mesh.go). */
const MESH_CONFIGMAP = /^istio(-[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/;

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function field<T>(node: Node | undefined, doc: ResourceDoc, read: (s: string) => T | undefined): MeshField<T> | undefined {
  const raw = str(node, doc.yaml);
  const at = span(node);
  if (raw === undefined || !at || isTemplated(raw)) return undefined;
  const value = read(raw);
  return value === undefined ? undefined : { value, at };
}

const namespaceValue = (s: string) => (NAMESPACE.test(s) ? s : undefined);
// protojson reads a BoolValue from a YAML boolean only; a quoted "false" fails ApplyMeshConfig.
const boolValue = (s: string) => (s === 'true' ? true : s === 'false' ? false : undefined);

/** A list of provider names as one comparable value; undefined when it is not a list of plain names. */
function providerList(raw: unknown): string | undefined {
  if (!Array.isArray(raw) || !raw.every((n) => typeof n === 'string' && !isTemplated(n))) return undefined;
  return (raw as string[]).join(',');
}

/** A string-to-string map as sorted `KEY=value` lines; undefined when it is not one. */
function metadataLines(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const entries = Object.entries(raw as Record<string, unknown>);
  if (!entries.every(([k, v]) => typeof v === 'string' && !isTemplated(k) && !isTemplated(v))) return undefined;
  return entries.map(([k, v]) => `${k}=${String(v)}`).sort().join('\n');
}

/** The proxyMetadata lines of meshConfig.defaultConfig.proxyMetadata (`KEY=value`, one per line) as a map. */
export function proxyMetadataMap(lines: string): Record<string, string> {
  return Object.fromEntries(lines.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** The names of `extensionProviders` entries with a `lightstep` block, comma-joined; undefined unless a readable list. */
function lightstepNames(raw: unknown): string | undefined {
  if (!Array.isArray(raw)) return undefined;
  const names = raw.flatMap((p) => (p && typeof p === 'object' && 'lightstep' in p && typeof (p as { name?: unknown }).name === 'string' ? [(p as { name: string }).name] : []));
  return names.filter((n) => !isTemplated(n)).join(',');
}

/** defaultProviders.accessLogging of a `meshConfig` mapping node. */
function accessLogField(map: Node | undefined, doc: ResourceDoc): MeshField<string> | undefined {
  const node = getIn(map, ['defaultProviders', 'accessLogging'], doc.yaml);
  const at = span(node);
  const value = node && at ? providerList(node.toJSON()) : undefined;
  return value === undefined || !at ? undefined : { value, at };
}

type MeshMapFields = Pick<MeshConfigFact, 'rootNamespace' | 'enableAutoMtls' | 'accessLogProviders' | 'proxyMetadata' | 'lightstepProviders'>;

/** The fields rules read (see MeshConfigFact) of a `meshConfig` mapping (IstioOperator, Helm values). */
function readMeshMap(mesh: Node | undefined, doc: ResourceDoc): MeshMapFields {
  const map = asMap(mesh, doc.yaml);
  const rootNamespace = field(get(map, 'rootNamespace', doc.yaml), doc, namespaceValue);
  const enableAutoMtls = field(get(map, 'enableAutoMtls', doc.yaml), doc, boolValue);
  const accessLogProviders = accessLogField(map, doc);
  const metaNode = getIn(map, ['defaultConfig', 'proxyMetadata'], doc.yaml);
  const metaAt = span(metaNode);
  const metaValue = metaNode && metaAt ? metadataLines(metaNode.toJSON()) : undefined;
  const proxyMetadata = metaValue !== undefined && metaAt ? { value: metaValue, at: metaAt } : undefined;
  const providersNode = getIn(map, ['extensionProviders'], doc.yaml);
  const providersAt = span(providersNode);
  const lightstep = providersNode && providersAt ? lightstepNames(providersNode.toJSON()) : undefined;
  const lightstepProviders = lightstep !== undefined && providersAt ? { value: lightstep, at: providersAt } : undefined;
  return {
    ...(rootNamespace ? { rootNamespace } : {}),
    ...(enableAutoMtls ? { enableAutoMtls } : {}),
    ...(accessLogProviders ? { accessLogProviders } : {}),
    ...(proxyMetadata ? { proxyMetadata } : {}),
    ...(lightstepProviders ? { lightstepProviders } : {}),
  };
}

/**
 * Helm values: the istiod chart renders `rootNamespace: meshConfig.rootNamespace | default
 * global.istioNamespace` into the ConfigMap (manifests/charts/istio-control/istio-discovery/
 * templates/configmap.yaml), so global.istioNamespace is the fallback.
 */
function readValues(values: Node | undefined, doc: ResourceDoc): MeshMapFields & Pick<MeshConfigFact, 'networks'> {
  const read = readMeshMap(getIn(values, ['meshConfig'], doc.yaml), doc);
  const istioNamespace = field(getIn(values, ['global', 'istioNamespace'], doc.yaml), doc, namespaceValue);
  const nets = getIn(values, ['global', 'meshNetworks'], doc.yaml);
  const networks = nets ? readNetworks(nets.toJSON()) : undefined;
  return { ...(istioNamespace ? { rootNamespace: istioNamespace } : {}), ...read, ...(networks ? { networks } : {}) };
}

/** MeshNetworks (`networks: {name: {endpoints, gateways}}`; Helm's global.meshNetworks is the inner map). */
function readNetworks(raw: unknown): MeshConfigFact['networks'] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const map = raw as Record<string, unknown>;
  const inner = map.networks && typeof map.networks === 'object' && !Array.isArray(map.networks) ? (map.networks as Record<string, unknown>) : map;
  const names = Object.keys(inner).filter((k) => !isTemplated(k));
  const gateways = names.some((n) => {
    const gw = (inner[n] as { gateways?: unknown } | null)?.gateways;
    return Array.isArray(gw) && gw.length > 0;
  });
  return names.length ? { names, gateways } : undefined;
}

function parseQuietly(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 10 });
  } catch {
    return undefined;
  }
}

/** The ConfigMap's `data.mesh` string, read as ApplyMeshConfig reads it; ranges point into the block. */
function readConfigMap(doc: ResourceDoc): MeshConfigFact | undefined {
  const networksText = str(getIn(doc.root, ['data', 'meshNetworks'], doc.yaml), doc.yaml);
  const networks = networksText && !isTemplated(networksText) ? readNetworks(parseQuietly(networksText)) : undefined;
  const base = { source: 'ConfigMap' as const, anchor: anchorOf(doc), ...(networks ? { networks } : {}) };
  const node = getIn(doc.root, ['data', 'mesh'], doc.yaml);
  const text = str(node, doc.yaml);
  const at = span(node);
  if (text === undefined || !at) return networks ? base : undefined;
  if (isTemplated(text)) return { ...base, unreadable: 'its mesh YAML is templated' };
  let mesh: unknown;
  try {
    mesh = parse(text, { maxAliasCount: 10 });
  } catch {
    return { ...base, unreadable: 'its mesh YAML does not parse (istiod would refuse it)' };
  }
  if (mesh === null || mesh === undefined) return base;
  if (typeof mesh !== 'object' || Array.isArray(mesh)) return { ...base, unreadable: 'its mesh value is not a mapping' };
  const m = mesh as Record<string, unknown>;
  // The block's own lines carry the keys: point at them when they can be found, else at the block.
  const locate = (key: string): Span => {
    const re = new RegExp(`(^|\\n)([ \\t]*)${key}[ \\t]*:[ \\t]*([^\\s#]+)`);
    const hit = re.exec(doc.text.slice(at.start, at.end));
    if (!hit) return at;
    const start = at.start + hit.index + hit[1].length + hit[2].length;
    return { start, end: start + hit[0].length - hit[1].length - hit[2].length };
  };
  const out: MeshConfigFact = { ...base };
  if (typeof m.rootNamespace === 'string' && NAMESPACE.test(m.rootNamespace)) out.rootNamespace = { value: m.rootNamespace, at: locate('rootNamespace') };
  if (typeof m.enableAutoMtls === 'boolean') out.enableAutoMtls = { value: m.enableAutoMtls, at: locate('enableAutoMtls') };
  const providers = m.defaultProviders && typeof m.defaultProviders === 'object' ? providerList((m.defaultProviders as Record<string, unknown>).accessLogging) : undefined;
  if (providers !== undefined) out.accessLogProviders = { value: providers, at: locate('accessLogging') };
  const defaults = m.defaultConfig && typeof m.defaultConfig === 'object' ? metadataLines((m.defaultConfig as Record<string, unknown>).proxyMetadata) : undefined;
  if (defaults !== undefined) out.proxyMetadata = { value: defaults, at: locate('proxyMetadata') };
  const lightstep = lightstepNames(m.extensionProviders);
  if (lightstep !== undefined) out.lightstepProviders = { value: lightstep, at: locate('extensionProviders') };
  return out;
}

export const MESH_CONFIGS: Indexer<MeshConfigFact> = {
  key: 'mtls.meshConfigs',
  kinds: ['ConfigMap', 'IstioOperator', KINDLESS],
  extraKinds: {
    ConfigMap: (source) => /\n[ \t]+mesh(Networks)?[ \t]*:/.test(source),
    IstioOperator: () => true,
    [KINDLESS]: (source) => /(^|\n)(meshConfig|global)[ \t]*:/.test(source),
  },
  extract(doc) {
    if (doc.kind === 'ConfigMap' && doc.group === '') {
      if (!doc.name || !MESH_CONFIGMAP.test(doc.name)) return [];
      const fact = readConfigMap(doc);
      return fact ? [fact] : [];
    }
    if (doc.kind === 'IstioOperator' && doc.group === 'install.istio.io') {
      const spec = get(doc.root, 'spec', doc.yaml);
      // translateIstioOperatorToHelm merges spec.meshConfig over spec.values.meshConfig (Map.MergeFrom).
      const values = readValues(getIn(spec, ['values'], doc.yaml), doc);
      const top = readMeshMap(getIn(spec, ['meshConfig'], doc.yaml), doc);
      return [{ source: 'IstioOperator', anchor: anchorOf(doc), ...values, ...top }];
    }
    if (doc.kind !== '' || doc.apiVersion !== '') return [];
    const fact = readValues(doc.root, doc);
    const key = doc.root.items[0]?.key as Node | undefined;
    return fact.rootNamespace || fact.enableAutoMtls || fact.accessLogProviders || fact.proxyMetadata || fact.lightstepProviders || fact.networks ? [{ source: 'Helm values', anchor: span(key) ?? { start: 0, end: 0 }, ...fact }] : [];
  },
};
