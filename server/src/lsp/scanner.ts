/**
 * Finds the YAML files of a workspace folder for cross-file facts with the walker the CLI
 * uses (fs/walk.ts: symlinks followed only inside the folder, loops and links out skipped
 * with a note), never into node_modules or .git, honouring the config's excludes, and
 * bounded so a huge monorepo cannot exhaust memory.
 */
import { basename } from 'node:path';
import { CONFIG_FILE_NAME, isExcluded } from '../core';
import { walkFiles } from '../fs/walk';
import { isYamlName, relativeInside } from './paths';

export const MAX_SCANNED_FILES = 5000;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface ScannedFile {
  path: string;
  /** '/'-separated path relative to the root. */
  rel: string;
  size: number;
}

export interface ScanOptions {
  exclude: readonly string[];
  maxFileSize: number;
  maxFiles?: number;
  /** Checked between directories and files; returning true stops the walk. */
  cancelled?: () => boolean;
  /** Told about files skipped for their size, links skipped by the symlink policy and hitting the file limit. */
  onSkip?: (message: string) => void;
}

export async function* scanYamlFiles(root: string, options: ScanOptions): AsyncGenerator<ScannedFile> {
  const max = options.maxFiles ?? MAX_SCANNED_FILES;
  let count = 0;
  const excluded = (path: string) => {
    const rel = relativeInside(root, path);
    return rel === undefined || (rel !== '' && (SKIPPED_DIRS.has(basename(path)) || isExcluded(rel, options.exclude)));
  };
  const accept = (name: string) => isYamlName(name) && name !== CONFIG_FILE_NAME;
  for await (const event of walkFiles(root, { excluded, accept, cancelled: options.cancelled })) {
    if (options.cancelled?.()) return;
    const rel = relativeInside(root, event.path) ?? event.path;
    if (event.type === 'skipped') options.onSkip?.(`${rel}: ${event.message}`);
    if (event.type !== 'file') continue; // unreadable or vanished: nothing to learn there
    const size = event.stats.size;
    if (size > options.maxFileSize) {
      options.onSkip?.(`${rel}: ${size} bytes is over maxFileSize (${options.maxFileSize}); not analysed`);
      continue;
    }
    if (count >= max) {
      options.onSkip?.(`stopped scanning after ${max} YAML files; cross-file checks see only those`);
      return;
    }
    count++;
    yield { path: event.path, rel, size };
  }
}
