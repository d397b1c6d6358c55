/**
 * Finds and reads `.istio-tips.yaml` for the CLI: the file named by --config, else the
 * first one found in the working directory or its ancestors. Exclude globs are relative
 * to the directory of that file (the working directory when there is none).
 */
import { existsSync, statSync } from 'node:fs';
import { MAX_CONFIG_BYTES, readRegularFileSync } from '../fs/read-regular';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, RULE_IDS, defaultConfig, mergeConfig, parseConfigText, type Config } from '../core';
import { UsageError } from './args';
import { displayPath } from './paths';

export interface LoadedConfig {
  config: Config;
  /** Directory exclude globs are relative to. */
  root: string;
  /** The config file used (as shown to the user), if any. */
  source?: string;
}

/** Thrown for a config file that cannot be read or has problems: exit code 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export function findConfigFile(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: keep walking up
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadConfig(cwd: string, configPath?: string, rootNamespace?: string, istioVersion?: string): LoadedConfig {
  let file: string | undefined;
  if (configPath !== undefined) {
    file = resolve(cwd, configPath);
    if (!existsSync(file)) throw new UsageError(`--config: ${configPath}: no such file`);
  } else {
    file = findConfigFile(cwd);
  }
  let config = defaultConfig();
  const problems: string[] = [];
  let source: string | undefined;
  if (file) {
    source = displayPath(cwd, file);
    // Stat before reading: a config that is a FIFO, /dev/zero or a huge file is refused, not read.
    const read = readRegularFileSync(file, MAX_CONFIG_BYTES);
    if (!('bytes' in read)) throw new ConfigError([`${source}: cannot read the config file (${read.problem})`]);
    const parsed = parseConfigText(read.bytes.toString('utf8'), RULE_IDS, source, config);
    config = parsed.config;
    problems.push(...parsed.problems);
  }
  for (const [flag, overlay] of [['--root-namespace', { rootNamespace }], ['--istio-version', { istioVersion }]] as const) {
    if (Object.values(overlay)[0] === undefined) continue;
    const merged = mergeConfig(config, overlay, RULE_IDS, flag);
    config = merged.config;
    problems.push(...merged.problems);
  }
  if (problems.length) throw new ConfigError(problems);
  return { config, root: file ? dirname(file) : resolve(cwd), source };
}
