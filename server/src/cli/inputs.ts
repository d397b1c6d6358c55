/**
 * Turns the paths on the command line into the texts to analyse.
 *
 * Directories are walked recursively for .yaml/.yml files, pruning excluded paths; files
 * named explicitly are always read (never excluded). Content problems (binary, not UTF-8,
 * over maxFileSize, a dangling symlink met while walking) skip that one file with a note.
 * I/O failures (a named path that does not exist, a file the OS refuses to read) are
 * errors: the other files are still analysed, and the run exits with 2 because its
 * result is incomplete.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { globsMatcher, type Config } from '../core';
import { displayPath, isYamlName } from './paths';
import { readRegularFileSync } from '../fs/read-regular';

export interface SourceFile {
  /** Name used in findings and output: relative to the cwd with '/' separators. */
  uri: string;
  /** Absolute path to write fixes to; undefined for standard input. */
  path?: string;
  text: string;
  /** The file started with a UTF-8 byte order mark (kept when writing fixes back). */
  bom: boolean;
}

export interface InputProblem {
  file: string;
  level: 'note' | 'error';
  message: string;
}

export interface CollectOptions {
  cwd: string;
  config: Config;
  /** Directory exclude globs are relative to. */
  root: string;
  readStdin: () => Promise<Buffer>;
  stdinName?: string;
}

export interface Inputs {
  files: SourceFile[];
  problems: InputProblem[];
  /** True when a path could not be read at all (exit code 2). */
  ioError: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const describeErrno = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent of this path is not a directory';
    default:
      return code ? `cannot read (${code})` : `cannot read (${(e as Error).message})`;
  }
};

const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;

/** Decodes file bytes, or says in one phrase why they are not a text we analyse. */
export function decode(bytes: Uint8Array): { text: string; bom: boolean } | { skip: string } {
  if (bytes.includes(0)) return { skip: 'binary content (NUL bytes), not a YAML file: skipped' };
  try {
    const text = utf8.decode(bytes);
    const bom = text.charCodeAt(0) === 0xfeff;
    return { text: bom ? text.slice(1) : text, bom };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { skip: `not valid UTF-8 text (first bad byte at offset ${at}); Kubernetes manifests must be UTF-8: skipped` };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return bytes.length;
}

export async function collectInputs(paths: readonly string[], options: CollectOptions): Promise<Inputs> {
  const { cwd, config } = options;
  const files: SourceFile[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  let ioError = false;

  const fail = (file: string, message: string) => {
    problems.push({ file, level: 'error', message });
    ioError = true;
  };
  const note = (file: string, message: string) => problems.push({ file, level: 'note', message });

  const readOne = (absolute: string, stats: Stats) => {
    const shown = displayPath(cwd, absolute);
    // Device + inode identify a file however it was reached (twice named, via a link).
    const identity = `${stats.dev}:${stats.ino}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    if (stats.size > config.maxFileSize) {
      return note(shown, `${formatSize(stats.size)} is over maxFileSize (${formatSize(config.maxFileSize)}): skipped`);
    }
    // Checked again on the open file: it may have been swapped since the walk's stat.
    const read = readRegularFileSync(absolute, config.maxFileSize);
    if (!('bytes' in read)) return read.code ? fail(shown, describeErrno(read)) : note(shown, `${read.problem}: skipped`);
    const decoded = decode(read.bytes);
    if ('skip' in decoded) return note(shown, decoded.skip);
    files.push({ uri: shown, path: absolute, text: decoded.text, bom: decoded.bom });
  };

  const toGlobPath = (rel: string) => (sep === '/' ? rel : rel.split(sep).join('/'));
  // Compiled once: a walk tests every entry against every pattern.
  const isExcluded = globsMatcher(config.exclude);
  /**
   * Globs match paths relative to the config root. Below a directory outside that root, or
   * one the user named although it is excluded, they match relative to that directory.
   */
  const globBase = (dir: string): string => {
    const rel = relative(options.root, dir);
    if (rel.startsWith('..')) return dir;
    return rel !== '' && isExcluded(toGlobPath(rel)) ? dir : options.root;
  };
  const excluded = (absolute: string, from: string) => isExcluded(toGlobPath(relative(from, absolute)));

  const walk = (dir: string, from: string, visited: Set<string>) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      return fail(displayPath(cwd, dir), `cannot list directory: ${describeErrno(e)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let stats: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          stats = statSync(absolute);
        } catch (e) {
          // A dangling link is repository noise unless it looks like a manifest.
          if (isYamlName(entry.name)) note(displayPath(cwd, absolute), `broken symbolic link (${describeErrno(e)}): skipped`);
          continue;
        }
        isDir = stats.isDirectory();
        isFile = stats.isFile();
      }
      if (excluded(absolute, from)) continue;
      if (isDir) {
        let real: string;
        try {
          real = realpathSync(absolute);
        } catch (e) {
          fail(displayPath(cwd, absolute), describeErrno(e));
          continue;
        }
        if (visited.has(real)) continue; // a symlink loop
        walk(absolute, from, new Set(visited).add(real));
      } else if (isFile && isYamlName(entry.name)) {
        try {
          stats ??= statSync(absolute);
        } catch (e) {
          fail(displayPath(cwd, absolute), describeErrno(e));
          continue;
        }
        readOne(absolute, stats);
      }
    }
  };

  for (const p of paths) {
    if (p === '-') {
      const name = options.stdinName ?? '<stdin>';
      let bytes: Buffer;
      try {
        bytes = await options.readStdin();
      } catch (e) {
        fail(name, `cannot read standard input: ${(e as Error).message}`);
        continue;
      }
      if (bytes.length > config.maxFileSize) {
        note(name, `${formatSize(bytes.length)} is over maxFileSize (${formatSize(config.maxFileSize)}): skipped`);
        continue;
      }
      const decoded = decode(bytes);
      if ('skip' in decoded) note(name, decoded.skip);
      else files.push({ uri: name, text: decoded.text, bom: decoded.bom });
      continue;
    }
    const absolute = resolve(cwd, p);
    let stats: Stats;
    try {
      stats = statSync(absolute);
    } catch (e) {
      let linkBroken = false;
      try {
        linkBroken = lstatSync(absolute).isSymbolicLink();
      } catch {
        // does not exist at all
      }
      fail(p, linkBroken ? `broken symbolic link (${describeErrno(e)})` : describeErrno(e));
      continue;
    }
    if (stats.isDirectory()) {
      let real = absolute;
      try {
        real = realpathSync(absolute);
      } catch {
        // walk reports what it cannot list
      }
      walk(absolute, globBase(absolute), new Set([real]));
    } else if (stats.isFile()) readOne(absolute, stats);
    else fail(p, 'not a regular file or directory');
  }
  return { files, problems, ioError };
}
