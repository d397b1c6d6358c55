/**
 * Which meshConfig value the mTLS model uses, and who decided it. Precedence: the user's setting
 * (CLI flag, config file, editor setting), then the workspace's meshConfig, then Istio's default
 * (DefaultMeshConfig in pkg/config/mesh/mesh.go: rootNamespace istio-system, enableAutoMtls true).
 *
 * Inside the workspace, the ConfigMap is what istiod reads (ApplyMeshConfig lays its YAML over the
 * defaults); IstioOperator and Helm values are the inputs an install renders into that ConfigMap.
 * When sources disagree the setting is marked disputed: the ConfigMap's value is used when the
 * ConfigMaps agree among themselves, Istio's default otherwise, and rules that would raise an
 * error on the value stay silent.
 */
import type { Config } from '../config';
import type { FactEntry, WorkspaceIndex } from '../rule';
import { MESH_CONFIGS, type MeshConfigFact, type MeshField } from './mesh-config';

export interface MeshSetting<T> {
  value: T;
  /** Who decided, for hovers: "Istio's default", "your settings (--root-namespace)", "the ConfigMap istio-system/istio". */
  from: string;
  /** The workspace sources that wrote a value (empty for defaults and user settings). */
  sources: ReadonlyArray<{ entry: FactEntry<MeshConfigFact>; field: MeshField<T> }>;
  /** The workspace's sources disagree: what each says. */
  disputed?: string;
}

export interface MeshSettings {
  rootNamespace: MeshSetting<string>;
  enableAutoMtls: MeshSetting<boolean>;
  /** defaultProviders.accessLogging, comma-joined ('' when none is set: Istio's default sets none). */
  accessLogProviders: MeshSetting<string>;
  /** defaultConfig.proxyMetadata as `KEY=value` lines ('' when none is set). */
  proxyMetadata: MeshSetting<string>;
  /** Names of Lightstep extensionProviders, comma-joined ('' when none). */
  lightstepProviders: MeshSetting<string>;
  /** ConfigMaps whose mesh YAML cannot be read. */
  unreadable: ReadonlyArray<FactEntry<MeshConfigFact>>;
}

export function describeMeshSource(e: FactEntry<MeshConfigFact>): string {
  const file = e.doc.uri.slice(e.doc.uri.lastIndexOf('/') + 1);
  if (e.value.source === 'Helm values') return `Helm values in ${file}`;
  const ref = e.doc.namespace ? `${e.doc.namespace}/${e.doc.name ?? 'unnamed'}` : (e.doc.name ?? 'unnamed');
  return `the ${e.value.source} ${ref} (${file})`;
}

function resolve<T>(entries: ReadonlyArray<FactEntry<MeshConfigFact>>, pick: (f: MeshConfigFact) => MeshField<T> | undefined, fallback: T): MeshSetting<T> {
  const sources = entries.flatMap((entry) => {
    const field = pick(entry.value);
    return field ? [{ entry, field }] : [];
  });
  if (!sources.length) return { value: fallback, from: "Istio's default", sources };
  const distinct = new Set(sources.map((s) => s.field.value));
  const first = sources[0];
  if (distinct.size === 1) return { value: first.field.value, from: `meshConfig in ${describeMeshSource(first.entry)}`, sources };
  const disputed = sources.map((s) => `${describeMeshSource(s.entry)} says ${String(s.field.value)}`).join('; ');
  const maps = new Set(sources.filter((s) => s.entry.value.source === 'ConfigMap').map((s) => s.field.value));
  if (maps.size === 1) {
    const cm = sources.find((s) => s.entry.value.source === 'ConfigMap')!;
    return { value: cm.field.value, from: `meshConfig in ${describeMeshSource(cm.entry)} (what istiod reads)`, sources, disputed };
  }
  return { value: fallback, from: "Istio's default (the workspace's meshConfig sources disagree)", sources, disputed };
}

const cache = new WeakMap<WorkspaceIndex, WeakMap<Config, MeshSettings>>();

/** The meshConfig settings of a workspace analysed with `config` (memoised per index and config). */
export function meshSettings(ws: WorkspaceIndex, config: Config = ws.config): MeshSettings {
  let byConfig = cache.get(ws);
  if (!byConfig) cache.set(ws, (byConfig = new WeakMap()));
  let s = byConfig.get(config);
  if (s) return s;
  const entries = ws.facts(MESH_CONFIGS);
  const fromFiles = resolve(entries, (f) => f.rootNamespace, config.rootNamespace);
  // The user's setting wins; the workspace's values stay listed so the hover can say they differ.
  const rootNamespace: MeshSetting<string> = config.rootNamespaceFrom
    ? { value: config.rootNamespace, from: `your settings (${config.rootNamespaceFrom})`, sources: fromFiles.sources }
    : fromFiles;
  s = {
    rootNamespace,
    enableAutoMtls: resolve(entries, (f) => f.enableAutoMtls, true),
    accessLogProviders: resolve(entries, (f) => f.accessLogProviders, ''),
    proxyMetadata: resolve(entries, (f) => f.proxyMetadata, ''),
    lightstepProviders: resolve(entries, (f) => f.lightstepProviders, ''),
    unreadable: entries.filter((e) => e.value.unreadable),
  };
  byConfig.set(config, s);
  return s;
}

/**
 * A meshConfig value as istiod would read it, or undefined while the files cannot tell: sources
 * disagree, a ConfigMap cannot be read, or nothing sets it and no mesh ConfigMap is in the
 * workspace (IstioOperator or Helm values alone do not tell what the cluster's ConfigMap holds).
 * With a readable mesh ConfigMap that leaves it unset, Istio's default applies.
 */
export function knownMeshValue(ws: WorkspaceIndex, pick: (s: MeshSettings) => MeshSetting<string>): string | undefined {
  const settings = meshSettings(ws);
  const setting = pick(settings);
  if (setting.disputed || settings.unreadable.length) return undefined;
  if (setting.sources.length) return setting.value;
  return ws.facts(MESH_CONFIGS).some((e) => e.value.source === 'ConfigMap') ? setting.value : undefined;
}
