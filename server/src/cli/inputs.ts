/**
 * Turns the paths on the command line into the texts to analyse.
 *
 * Directories are walked recursively for .yaml/.yml files, pruning excluded paths; files
 * named explicitly are always read (never excluded). Content problems (binary, not UTF-8,
 * over maxFileSize, a dangling symlink met while walking) skip that one file with a note.
 * Walking is fs/walk.ts, shared with the language server: symlinks are followed only while
 * their real path stays inside the named directory; links out and loops are noted and skipped.
 * I/O failures (a named path that does not exist, a file the OS refuses to read) are
 * errors: the other files are still analysed, and the run exits with 2 because its
 * result is incomplete.
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globsMatcher, type Config } from '../core';
import { displayPath, isYamlName } from './paths';
import { readRegularFileSync } from '../fs/read-regular';
import { describeErrno, walkFiles } from '../fs/walk';

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

  /** A named directory: symlinks are followed only while they stay inside it (fs/walk.ts). */
  const walk = async (dir: string, from: string) => {
    const first = problems.length;
    for await (const event of walkFiles(dir, { excluded: (path) => excluded(path, from), accept: isYamlName })) {
      const shown = displayPath(cwd, event.path);
      if (event.type === 'file') readOne(event.path, event.stats);
      else if (event.type === 'skipped') note(shown, event.message);
      else fail(shown, event.listing ? `cannot list directory: ${describeErrno(event.error)}` : describeErrno(event.error));
    }
    // Links are followed after the plain tree; their notes are shown in path order with the rest.
    const mine = problems.splice(first).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    problems.push(...mine);
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
      await walk(absolute, globBase(absolute));
    } else if (stats.isFile()) readOne(absolute, stats);
    else fail(p, 'not a regular file or directory');
  }
  return { files, problems, ioError };
}
