/**
 * Editor settings (`istioTips.*`) and how they combine with `.istio-tips.yaml`:
 * defaults, then the workspace root's config file, then the settings the user set in
 * the editor. Settings whose value means "not set" (empty namespace, size 0, no rules)
 * leave the config file in charge, so a team's file is not silently overridden by defaults.
 */
import { MAX_CONFIG_BYTES, readRegularText } from '../fs/read-regular';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, defaultConfig, mergeConfig, parseConfigText, type Config } from '../core';

export type RunMode = 'onType' | 'onSave';

export interface Settings {
  enable: boolean;
  run: RunMode;
  workspaceScan: boolean;
  /**
   * Milliseconds to wait after a keystroke before analysing (0, the default: next turn of the
   * event loop; a keystroke costs the analysis a few milliseconds even in a 2,000-document file,
   * so squiggles that went away, and new ones, show at once).
   */
  debounce: number;
  /** '' leaves `.istio-tips.yaml` (or `istio-system`) in charge. */
  rootNamespace: string;
  /** '' leaves `.istio-tips.yaml` (or "unknown") in charge. */
  istioVersion: string;
  /** Bytes; 0 leaves `.istio-tips.yaml` (or 5 MB) in charge. */
  maxFileSize: number;
  /** Rule id -> severity or "off"; validated when merged into the config. */
  rules: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  run: 'onType',
  workspaceScan: true,
  debounce: 0,
  rootNamespace: '',
  istioVersion: '',
  maxFileSize: 0,
  rules: {},
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads whatever the client sent; wrong types fall back to defaults with a problem each. */
export function normalizeSettings(raw: unknown, source = 'settings'): { settings: Settings; problems: string[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  const problems: string[] = [];
  if (!isObject(raw)) return { settings, problems };
  const bad = (key: string, expected: string) => problems.push(`${source}: istioTips.${key} must be ${expected}; using the default`);
  const has = (key: string) => raw[key] !== undefined && raw[key] !== null;
  if (has('enable')) typeof raw.enable === 'boolean' ? (settings.enable = raw.enable) : bad('enable', 'true or false');
  if (has('workspaceScan')) typeof raw.workspaceScan === 'boolean' ? (settings.workspaceScan = raw.workspaceScan) : bad('workspaceScan', 'true or false');
  if (has('run')) raw.run === 'onType' || raw.run === 'onSave' ? (settings.run = raw.run) : bad('run', '"onType" or "onSave"');
  if (has('debounce')) {
    const ok = typeof raw.debounce === 'number' && raw.debounce >= 0 && raw.debounce <= 10_000;
    ok ? (settings.debounce = raw.debounce as number) : bad('debounce', 'a number of milliseconds between 0 and 10000');
  }
  if (has('rootNamespace')) typeof raw.rootNamespace === 'string' ? (settings.rootNamespace = raw.rootNamespace.trim()) : bad('rootNamespace', 'a namespace name');
  if (has('istioVersion')) typeof raw.istioVersion === 'string' ? (settings.istioVersion = raw.istioVersion.trim()) : bad('istioVersion', 'a version such as "1.22"');
  if (has('maxFileSize')) {
    typeof raw.maxFileSize === 'number' && raw.maxFileSize >= 0 ? (settings.maxFileSize = raw.maxFileSize) : bad('maxFileSize', 'a number of bytes (0: default)');
  }
  if (has('rules')) isObject(raw.rules) ? (settings.rules = { ...raw.rules }) : bad('rules', 'an object mapping rule ids to a severity or "off"');
  return { settings, problems };
}

/**
 * The config one workspace root runs with. `fileText` is the root's `.istio-tips.yaml`
 * (undefined when absent). Problems are meant for the output channel.
 */
export function buildConfig(
  fileText: string | undefined,
  fileSource: string,
  settings: Settings,
  knownRules: ReadonlySet<string>,
): { config: Config; problems: string[] } {
  const problems: string[] = [];
  let config = defaultConfig();
  if (fileText !== undefined) {
    const fromFile = parseConfigText(fileText, knownRules, fileSource);
    config = fromFile.config;
    problems.push(...fromFile.problems);
  }
  const overlay: Record<string, unknown> = {};
  if (settings.rootNamespace) overlay.rootNamespace = settings.rootNamespace;
  if (settings.istioVersion) overlay.istioVersion = settings.istioVersion;
  if (settings.maxFileSize > 0) overlay.maxFileSize = settings.maxFileSize;
  if (Object.keys(settings.rules).length) overlay.rules = settings.rules;
  const fromSettings = mergeConfig(config, overlay, knownRules, 'settings (istioTips.*)');
  problems.push(...fromSettings.problems);
  return { config: fromSettings.config, problems };
}

/**
 * Settings and config of one workspace root: `rawSettings` as the client sent them, the
 * root's `.istio-tips.yaml` read from disk (none for files outside every root).
 */
export async function loadRootConfig(
  root: string | undefined,
  rawSettings: unknown,
  knownRules: ReadonlySet<string>,
): Promise<{ settings: Settings; config: Config; problems: string[] }> {
  const normalized = normalizeSettings(rawSettings);
  const file = root !== undefined ? join(root, CONFIG_FILE_NAME) : CONFIG_FILE_NAME;
  // Stat before reading: the folder may be hostile (a FIFO, /dev/zero, a huge file).
  const fileText = root !== undefined ? await readRegularText(file, MAX_CONFIG_BYTES) : undefined;
  const built = buildConfig(fileText, file, normalized.settings, knownRules);
  return { settings: normalized.settings, config: built.config, problems: [...normalized.problems, ...built.problems] };
}
