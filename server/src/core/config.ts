/**
 * User configuration, shared by the CLI (`.istio-tips.yaml`) and the language server
 * (the same file plus `istioTips.*` settings). Pure data: the config file is parsed as
 * YAML, never evaluated, and unknown or ill-typed entries become readable problems.
 */
import { parse } from 'yaml';
import { SEVERITIES, type Severity } from './types';
import { globsMatcher, type GlobMatcher } from './glob';

export type RuleSetting = Severity | 'off';

export interface Config {
  /** Istio's root namespace (meshConfig.rootNamespace): mesh-wide policies live there. */
  rootNamespace: string;
  /** Who set rootNamespace (config file, flag, settings); undefined: Istio's default, so the workspace's meshConfig may decide. */
  rootNamespaceFrom?: string;
  /** Namespace assumed for resources without metadata.namespace. */
  defaultNamespace: string;
  /** Per-rule severity override or 'off'. */
  rules: Record<string, RuleSetting>;
  /** Glob patterns (relative to the workspace root) of files not to analyse. */
  exclude: string[];
  /** Files larger than this many bytes are skipped with a notice. */
  maxFileSize: number;
  /** The Istio version the manifests target ("1.22"); undefined: unknown, so version-dependent fixes are not safe. */
  istioVersion?: string;
}

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  rootNamespace: 'istio-system',
  defaultNamespace: 'default',
  rules: {},
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSize: 5 * 1024 * 1024,
});

export function defaultConfig(): Config {
  return { ...DEFAULT_CONFIG, rules: {}, exclude: [...DEFAULT_CONFIG.exclude] };
}

export const CONFIG_FILE_NAME = '.istio-tips.yaml';

const ISTIO_VERSION = /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]*)?$/;

/** Whether `version` ("1.22", "1.23.1") is at least `major.minor`; undefined when the version is unknown. */
export function istioAtLeast(version: string | undefined, major: number, minor: number): boolean | undefined {
  const m = version === undefined ? null : /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

const RULE_SETTINGS: readonly string[] = [...SEVERITIES, 'off'];

export interface ConfigResult {
  config: Config;
  problems: string[];
}

/** Merges a plain object (parsed config file or editor settings) onto `base`. */
export function mergeConfig(base: Config, raw: unknown, knownRules: ReadonlySet<string>, source: string): ConfigResult {
  const config: Config = { ...base, rules: { ...base.rules }, exclude: [...base.exclude] };
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { config, problems: [`${source}: expected a mapping of settings`] };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case 'rootNamespace':
      case 'defaultNamespace':
        if (typeof value === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
          config[key] = value;
          if (key === 'rootNamespace') config.rootNamespaceFrom = source;
        } else problems.push(`${source}: ${key} must be a Kubernetes namespace name, got ${JSON.stringify(value)}`);
        break;
      case 'istioVersion':
        // A bare 1.20 in YAML is the number 1.2: only a string says which minor version is meant.
        if (typeof value === 'string' && ISTIO_VERSION.test(value.trim())) config.istioVersion = value.trim().replace(/^v/, '');
        else problems.push(`${source}: istioVersion must be a quoted version such as "1.22", got ${JSON.stringify(value)}`);
        break;
      case 'maxFileSize':
        if (typeof value === 'number' && value > 0) config.maxFileSize = value;
        else problems.push(`${source}: maxFileSize must be a positive number of bytes`);
        break;
      case 'exclude':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) config.exclude.push(...(value as string[]));
        else problems.push(`${source}: exclude must be a list of glob patterns`);
        break;
      case 'rules':
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
            if (!knownRules.has(id)) problems.push(`${source}: unknown rule "${id}"`);
            else if (typeof setting === 'string' && RULE_SETTINGS.includes(setting)) config.rules[id] = setting as RuleSetting;
            else problems.push(`${source}: rule "${id}" must be one of ${RULE_SETTINGS.join(', ')}`);
          }
        } else problems.push(`${source}: rules must map rule ids to a severity or "off"`);
        break;
      default:
        problems.push(`${source}: unknown setting "${key}"`);
    }
  }
  return { config, problems };
}

/**
 * What the config makes of a rule: a severity, 'off', or undefined for the rule's own severity.
 * A rule off by default (`RuleMeta.defaultEnabled: false`) stays off until the config names a severity for it.
 */
export function ruleSetting(config: Config, id: string, offByDefault: boolean): RuleSetting | undefined {
  return config.rules[id] ?? (offByDefault ? 'off' : undefined);
}

/** Parses the text of a `.istio-tips.yaml` file. */
export function parseConfigText(text: string, knownRules: ReadonlySet<string>, source = CONFIG_FILE_NAME, base = defaultConfig()): ConfigResult {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 10 });
  } catch (e) {
    return { config: base, problems: [`${source}: not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  return mergeConfig(base, raw, knownRules, source);
}

/** Matchers compiled once per exclude list (a config keeps its list until it is replaced). */
const compiled = new WeakMap<readonly string[], GlobMatcher>();

/** Whether a '/'-separated path relative to the config root matches one of `patterns` (core/glob.ts: linear time). */
export function isExcluded(relativePath: string, patterns: readonly string[]): boolean {
  let matcher = compiled.get(patterns);
  if (!matcher) compiled.set(patterns, (matcher = globsMatcher(patterns)));
  return matcher(relativePath);
}
