/**
 * The one directory walker of the CLI (`lint DIR`) and the language server (workspace scan),
 * so both see the same files. Symlink policy (README "Configuration"):
 * - a link to a file or directory whose real path stays inside the walked root is followed;
 * - a link that leaves the root, a dangling link and a loop are skipped with a note, so
 *   neither a hostile tree nor `--fix` reaches outside what the user named or opened;
 * - plain entries are walked first and links after, so a file reachable both ways is
 *   reported under its own path, once (files by device + inode, directories by real path).
 * Excludes apply to the directories being walked, to a link's name and to its target. Files
 * are only stat'ed here: callers read them with read-regular, which checks type and size on
 * the open descriptor.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface WalkOptions {
  /** Whether a path met on the walk (absolute, as reached from the root) is excluded; tested for directories, files and link targets. */
  excluded: (path: string) => boolean;
  /** Files to yield, by name (e.g. `.yaml`/`.yml`); also decides whether a dangling link is worth a note. */
  accept: (name: string) => boolean;
  /** Checked between directories; returning true stops the walk. */
  cancelled?: () => boolean;
}

export type WalkEvent =
  | { type: 'file'; path: string; stats: Stats }
  /** A link skipped by the symlink policy: worth a note, never an error. */
  | { type: 'skipped'; path: string; message: string }
  /** A directory that could not be listed, or a path that could not be resolved. */
  | { type: 'error'; path: string; error: NodeJS.ErrnoException; listing: boolean };

interface Dir {
  path: string;
  /** Its real path: the root's real path plus the names walked (links resolved when followed). */
  real: string;
}

/** Whether `real` is `root` or below it (both real paths). */
export function isInside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !/^([a-zA-Z]:|[\\/])/.test(rel));
}

/**
 * Whether `path` resolves (links followed) to a place inside `root`: for a single file reached
 * without the walk (a watched-file event), the same boundary as the walk's. False when either
 * does not resolve.
 */
export async function resolvesInside(root: string, path: string): Promise<boolean> {
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(path)]);
    return isInside(realRoot, real);
  } catch {
    return false;
  }
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function* walkFiles(root: string, options: WalkOptions): AsyncGenerator<WalkEvent> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (e) {
    yield { type: 'error', path: root, error: e as NodeJS.ErrnoException, listing: false };
    return;
  }
  const walkedDirs = new Set<string>([realRoot]);
  const seenFiles = new Set<string>();
  /** Links met so far, followed once the plain tree is done. */
  const links: { path: string; name: string; within: string }[] = [];

  async function* files(paths: string[]): AsyncGenerator<WalkEvent> {
    // One directory's stats in parallel: one round trip instead of one per file.
    const stats = await Promise.all(paths.map((p) => stat(p).catch((e: NodeJS.ErrnoException) => e)));
    for (let i = 0; i < paths.length; i++) {
      const st = stats[i];
      if (st instanceof Error) yield { type: 'error', path: paths[i], error: st, listing: false };
      else yield* file(paths[i], st);
    }
  }

  function* file(path: string, st: Stats): Generator<WalkEvent> {
    if (!st.isFile()) return; // a FIFO or a device named .yaml
    const identity = `${st.dev}:${st.ino}`;
    if (seenFiles.has(identity)) return;
    seenFiles.add(identity);
    yield { type: 'file', path, stats: st };
  }

  async function* walkDir(dir: Dir): AsyncGenerator<WalkEvent> {
    if (options.cancelled?.()) return;
    let entries: Dirent[];
    try {
      entries = await readdir(dir.path, { withFileTypes: true });
    } catch (e) {
      yield { type: 'error', path: dir.path, error: e as NodeJS.ErrnoException, listing: true };
      return;
    }
    entries.sort(byName);
    let pending: string[] = [];
    for (const entry of entries) {
      const path = join(dir.path, entry.name);
      if (entry.isSymbolicLink()) links.push({ path, name: entry.name, within: dir.real });
      else if (options.excluded(path)) continue;
      else if (entry.isDirectory()) {
        // Files before this directory keep their listing order.
        yield* files(pending);
        pending = [];
        const real = join(dir.real, entry.name);
        walkedDirs.add(real);
        yield* walkDir({ path, real });
        if (options.cancelled?.()) return;
      } else if (entry.isFile() && options.accept(entry.name)) pending.push(path);
    }
    yield* files(pending);
  }

  async function* follow(link: { path: string; name: string; within: string }): AsyncGenerator<WalkEvent> {
    let st: Stats;
    let real: string;
    try {
      st = await stat(link.path);
      real = await realpath(link.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') yield { type: 'skipped', path: link.path, message: 'symbolic link loop: skipped' };
      // A dangling link is repository noise unless it looks like a file we would read.
      else if (options.accept(link.name)) yield { type: 'skipped', path: link.path, message: `broken symbolic link (${describeErrno(e)}): skipped` };
      return;
    }
    if (!st.isDirectory() && !(st.isFile() && options.accept(link.name))) return;
    if (!isInside(realRoot, real)) {
      yield { type: 'skipped', path: link.path, message: `symbolic link to ${real}, outside the folder walked: skipped` };
      return;
    }
    // The target as if reached without the link, for the excludes.
    if (options.excluded(link.path) || options.excluded(join(root, relative(realRoot, real)))) return;
    if (st.isFile()) return yield* file(link.path, st);
    if (walkedDirs.has(real)) {
      // Already walked: a loop when the link points at a directory that contains it.
      if (isInside(real, link.within)) yield { type: 'skipped', path: link.path, message: `symbolic link loop (to ${real}): skipped` };
      return;
    }
    walkedDirs.add(real);
    yield* walkDir({ path: link.path, real });
  }

  yield* walkDir({ path: root, real: realRoot });
  for (let i = 0; i < links.length; i++) {
    if (options.cancelled?.()) return;
    yield* follow(links[i]);
  }
}

/** An errno as a short phrase for notes and errors. */
export function describeErrno(e: unknown): string {
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
}
