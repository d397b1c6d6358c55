/**
 * Loads a CommonJS bundle through V8's code cache, so that a process after the first one
 * neither parses the bundle nor compiles its functions to bytecode again.
 *
 * Why: the language server's first diagnostics for a large file, and every CLI run, start
 * in a fresh process where V8 still has to compile each function the analysis calls; the
 * cache took 4-9% off the first diagnostics of a 2,000-document file in the benchmark (see the
 * README's Performance section). Node 22 has `module.enableCompileCache()`; Node 20 and
 * VS Code's Electron do not all have it, so this does the same with `vm.Script`.
 *
 * Safety: the cache is code, so it is only read from a file the current user owns and
 * nobody else may write (POSIX), in a per-user folder. Its name carries a hash of the
 * bundle's text, V8's version, the architecture and the process's V8 flags: V8 itself only
 * checks the text's length, and a cache made for other code of the same length must never
 * be fed to it. The folder itself must be this user's and not writable by others, or the
 * cache is skipped. Anything unexpected (no home, unreadable or unwritable folder, a rejected
 * cache) falls back to an ordinary load; nothing here throws past `loadBundle`'s own
 * loading of the bundle.
 *
 * `ISTIO_TIPS_CODE_CACHE`: a folder to keep the cache in, or `off` to load without one.
 */
import { isAscii } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * What happened to the cache: `accepted` (V8 used it), `rejected` (V8 refused it: it is
 * rewritten), `absent` (none yet), `untrusted` (owned by someone else or writable by
 * others: neither read nor rewritten), `off` (disabled, or no folder for it).
 */
export type CacheState = 'accepted' | 'rejected' | 'absent' | 'untrusted' | 'off';

export interface LoadedBundle {
  readonly state: CacheState;
  /** The cache file this load reads and writes (undefined when `off`). */
  readonly cacheFile: string | undefined;
  /**
   * Writes the cache from what V8 has compiled so far (call it late: functions compiled
   * after it are not in it) when that holds more than the cache on disk: a first run on a
   * small file leaves out the functions only larger files reach, and a later, larger run
   * adds them. Never for an untrusted cache or when off. True when a cache file was written.
   */
  save(): boolean;
}

export interface CacheEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The user's home folder; undefined when it cannot be known. */
  home: string | undefined;
}

const OFF = new Set(['off', '0', 'false', 'no']);

/** The folder the cache lives in for this user, or undefined when it is off. */
export function cacheFolder({ env, platform, home }: CacheEnvironment): string | undefined {
  const setting = env.ISTIO_TIPS_CODE_CACHE?.trim();
  if (setting) return OFF.has(setting.toLowerCase()) ? undefined : setting;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'istio-tips', 'code-cache') : undefined;
  if (!home) return undefined;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'istio-tips');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'istio-tips');
}

/** The cache file's name for this bundle text in this process (see the header for what the hash covers). */
export function cacheFileName(bundleFile: string, bytes: Buffer): string {
  const hash = createHash('sha256')
    .update(bytes)
    .update(`\0${process.versions.v8}\0${process.arch}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 24);
  return `${basename(bundleFile, '.js')}-${hash}.v8cache`;
}

function currentEnvironment(): CacheEnvironment {
  let home: string | undefined;
  try {
    home = homedir() || undefined;
  } catch {
    home = undefined;
  }
  return { env: process.env, platform: process.platform, home };
}

/**
 * Whether the folder may hold this user's cache: absent (it is made private when first
 * written), or a directory (not a symlink) this user owns that nobody else may write. A
 * folder others can write lets them swap the files in it, whatever the files' own modes.
 */
function folderTrusted(folder: string): boolean {
  let st;
  try {
    st = lstatSync(folder);
  } catch {
    return true;
  }
  if (!st.isDirectory()) return false;
  const uid = process.getuid?.();
  // Windows has neither uids nor these mode bits: the per-user folder is the protection there.
  return uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
}

/** The cache's bytes when this user may trust them; 'absent' or 'untrusted' otherwise. */
function readTrusted(file: string): Buffer | 'absent' | 'untrusted' {
  if (!folderTrusted(dirname(file))) return 'untrusted';
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'absent';
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'untrusted';
    const uid = process.getuid?.();
    // Windows has neither uids nor these mode bits: the per-user folder is the protection there.
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return 'untrusted';
    return readFileSync(fd);
  } catch {
    return 'absent';
  } finally {
    closeSync(fd);
  }
}

/** Caches unused this long, of other builds of the same bundle, are deleted when a cache is written. */
export const STALE_AFTER_MS = 30 * 24 * 3600 * 1000;

/**
 * Deletes the caches of other builds of the same bundle that no process has written for
 * STALE_AFTER_MS. Not sooner: two installed versions (the extension's and an npm CLI's) each
 * keep their own cache, and neither must delete the other's.
 */
function pruneStale(cacheFile: string): void {
  const folder = dirname(cacheFile);
  const own = basename(cacheFile);
  const prefix = own.slice(0, own.lastIndexOf('-') + 1);
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    if (name === own || !name.startsWith(prefix) || !/^[0-9a-f]{24}\.v8cache$/.test(name.slice(prefix.length))) continue;
    try {
      const file = join(folder, name);
      if (now - statSync(file).mtimeMs > STALE_AFTER_MS) unlinkSync(file);
    } catch {
      /* gone already, or not ours to delete */
    }
  }
}

/**
 * Runs the CommonJS bundle at `bundleFile` (as `require` would: its own `require`,
 * `module`, `__filename` and `__dirname`), with the code cache when there is one.
 */
export function loadBundle(bundleFile: string, environment: CacheEnvironment = currentEnvironment()): LoadedBundle {
  // Hashing the bytes is about 1 ms for the server bundle; hashing the decoded string, 5.
  const bytes = readFileSync(bundleFile);
  // The build keeps the bundles ASCII: decoded as such they are one-byte strings, in 4 ms
  // instead of UTF-8's 11, and half the memory.
  const source = typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const folder = cacheFolder(environment);
  const cacheFile = folder === undefined ? undefined : join(folder, cacheFileName(bundleFile, bytes));
  const cached = cacheFile === undefined ? 'absent' : readTrusted(cacheFile);
  const script = new Script(wrap(source), { filename: bundleFile, cachedData: typeof cached === 'string' ? undefined : cached });
  const state: CacheState = cacheFile === undefined ? 'off' : typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'accepted';

  const module = { exports: {}, filename: bundleFile, id: bundleFile, loaded: false };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
  module.loaded = true;

  // Cached data grows with what was compiled, so a larger cache holds more functions. The 5%
  // keeps processes that compiled about the same from rewriting it each time.
  let onDisk = state === 'accepted' && typeof cached !== 'string' ? cached.length : 0;
  const writable = cacheFile !== undefined && state !== 'untrusted';
  return {
    state,
    cacheFile,
    save() {
      if (!writable) return false;
      // A random name opened exclusively: never an existing file or a planted link.
      const temp = `${cacheFile}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
      try {
        const data = script.createCachedData();
        if (data.length <= onDisk * 1.05) return false;
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
        // A reader sees the old file or the whole new one, never half of one.
        renameSync(temp, cacheFile);
        onDisk = data.length;
        pruneStale(cacheFile);
        return true;
      } catch {
        try {
          unlinkSync(temp);
        } catch {
          /* never written */
        }
        return false;
      }
    },
  };
}
