/**
 * Writing --fix results back. `lint --fix` runs in CI on pull requests from strangers, so a
 * symlink in the tree must not let it write elsewhere: a file is written only when its real
 * path lies inside the real path of something named on the command line; anything else is
 * left alone and reported as skipped. Writes go through a temporary file created
 * exclusively (O_EXCL, random name: never an existing file or a planted symlink) and a rename.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** Real paths of the files and directories named on the command line (standard input has none). */
export function namedRoots(paths: readonly string[], cwd: string): string[] {
  const roots: string[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    try {
      roots.push(realpathSync(resolve(cwd, p)));
    } catch {
      // a path that cannot be resolved was reported by the input collection
    }
  }
  return roots;
}

const inside = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** Outcome of one write: written, or skipped with the reason. */
export type WriteOutcome = { written: true } | { written: false; skipped: string };

/** Writes `text` to `file` when its real path is inside one of `roots`; throws on I/O errors. */
export function writeFixed(file: string, text: string, roots: readonly string[]): WriteOutcome {
  // Through a symlink, replace the target rather than the link, but only a target inside the named paths.
  const path = realpathSync(file);
  if (!roots.some((root) => inside(path, root))) {
    return { written: false, skipped: `not written: it resolves to ${path}, outside the paths named on the command line` };
  }
  const mode = statSync(path).mode & 0o7777;
  const tmp = join(dirname(path), `.${basename(path)}.istio-tips-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    try {
      fchmodSync(fd, mode); // the umask applies to the mode given at creation
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
  return { written: true };
}
