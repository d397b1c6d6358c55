/**
 * Finds the YAML files of a workspace folder for cross-file facts: depth-first, no
 * symlinks (no cycles), never into node_modules or .git, honouring the config's excludes,
 * and bounded so a huge monorepo cannot exhaust memory.
 */
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, isExcluded } from '../core/config';
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
    try {
      for await (const entry of dir) {
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name) && !isExcluded(rel, options.exclude)) subdirs.push(rel);
          continue;
        }
        if (!entry.isFile() || !isYamlName(entry.name) || entry.name === CONFIG_FILE_NAME || isExcluded(rel, options.exclude)) continue;
        const path = join(root, rel);
        let size: number;
        try {
          size = (await stat(path)).size;
        } catch {
          continue;
        }
        if (size > options.maxFileSize) {
          options.onSkip?.(`${rel}: ${size} bytes is over maxFileSize (${options.maxFileSize}); not analysed`);
          continue;
        }
        if (count >= max) {
          options.onSkip?.(`stopped scanning after ${max} YAML files; cross-file checks see only those`);
          return;
        }
        count++;
        yield { path, rel, size };
        if (options.cancelled?.()) return;
      }
    } catch {
      // A directory that disappears mid-walk ends its listing early.
    }
    // Reverse so the walk visits directories in listing order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}
