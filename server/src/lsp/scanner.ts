/**
 * Finds the YAML files of a workspace folder for cross-file facts: depth-first, no
 * symlinks (no cycles), never into node_modules or .git, honouring the config's excludes,
 * and bounded so a huge monorepo cannot exhaust memory.
 */
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, isExcluded } from '../core';
import { isYamlName } from './paths';

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
  /** Told about files skipped for their size and about hitting the file limit. */
  onSkip?: (message: string) => void;
}

export async function* scanYamlFiles(root: string, options: ScanOptions): AsyncGenerator<ScannedFile> {
  const max = options.maxFiles ?? MAX_SCANNED_FILES;
  let count = 0;
  const stack: string[] = [''];
  while (stack.length) {
    if (options.cancelled?.()) return;
    const relDir = stack.pop()!;
    let dir;
    try {
      dir = await opendir(join(root, relDir));
    } catch {
      continue; // unreadable or vanished: nothing to learn there
    }
    const subdirs: string[] = [];
    const candidates: string[] = [];
    try {
      for await (const entry of dir) {
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name) && !isExcluded(rel, options.exclude)) subdirs.push(rel);
        } else if (entry.isFile() && isYamlName(entry.name) && entry.name !== CONFIG_FILE_NAME && !isExcluded(rel, options.exclude)) {
          candidates.push(rel);
        }
      }
    } catch {
      // A directory that disappears mid-walk ends its listing early.
    }
    // Sizes of one directory's files in parallel: one round trip instead of one per file.
    const sizes = await Promise.all(candidates.map((rel) => stat(join(root, rel)).then((st) => st.size, () => -1)));
    for (let i = 0; i < candidates.length; i++) {
      const rel = candidates[i];
      const size = sizes[i];
      if (size < 0) continue;
      if (size > options.maxFileSize) {
        options.onSkip?.(`${rel}: ${size} bytes is over maxFileSize (${options.maxFileSize}); not analysed`);
        continue;
      }
      if (count >= max) {
        options.onSkip?.(`stopped scanning after ${max} YAML files; cross-file checks see only those`);
        return;
      }
      count++;
      yield { path: join(root, rel), rel, size };
      if (options.cancelled?.()) return;
    }
    // Reverse so the walk visits directories in listing order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}
