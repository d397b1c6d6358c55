/**
 * The closed files of a workspace root, which contribute cross-file facts: the background
 * scan, and watched-file events (create, change, delete, and `.istio-tips.yaml` edits).
 */
import { readRegularText } from '../fs/read-regular';
import { resolvesInside } from '../fs/walk';
import { basename, dirname } from 'node:path';
import { CONFIG_FILE_NAME } from '../core';
import type { Project } from './project';
import { fileKey, pathKey, pathToUri, uriToPath } from './paths';
import { scanYamlFiles, type ScannedFile } from './scanner';
import type { LogLevel } from './service';

export interface FileChange {
  uri: string;
  deleted: boolean;
}

/** What the disk side needs from the service. */
export interface DiskContext {
  /** True when the file (by key) is open in the editor: then the editor's text counts, not the disk's. */
  isOpen(key: string): boolean;
  projectFor(path: string): Project;
  /** Re-runs cross-file rules for the open documents of `p` and publishes what changed. */
  relint(p: Project): void;
  /** Reloads config and settings of `projects` and re-validates. */
  reload(projects: Project[]): Promise<void>;
  log(level: LogLevel, message: string): void;
  /** Logs once per key (default: the message): notices that would otherwise repeat on every scan. */
  logOnce(level: LogLevel, message: string, key?: string): void;
  disposed(): boolean;
}

/** UTF-8 size within `max` bytes; counts bytes only when the UTF-16 length cannot decide (a UTF-16 unit is 1 to 3 bytes). */
export function fitsSize(text: string | { length: number; byteLength(): number }, max: number): boolean {
  if (text.length > max) return false;
  if (text.length * 3 <= max) return true;
  return (typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength()) <= max;
}

/** Files read ahead of the analysis during a scan. */
const READ_AHEAD = 8;

export const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const errorText = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

export class DiskFiles {
  private queue: Promise<void> = Promise.resolve();
  /** File-event batches and scans not finished yet (see `idle`). */
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly ctx: DiskContext) {}

  /** File events are handled one batch after another, so a slow read never reorders them. */
  enqueue(changes: readonly FileChange[]): void {
    this.queue = this.queue.then(() => this.apply(changes)).catch((e) => this.ctx.log('error', `file changes: ${errorText(e)}`));
    this.track(this.queue);
  }

  /** Starts a background scan of `p` (see `scan`). */
  startScan(p: Project): void {
    this.track(this.scan(p).catch((e) => this.ctx.log('error', `scanning ${p.root} failed: ${errorText(e)}`)));
  }

  /** True while a file-event batch or scan is running. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves when no file-event batch or scan is running (including those started meanwhile). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async apply(changes: readonly FileChange[]): Promise<void> {
    const dirty = new Set<Project>();
    const reconfigure = new Set<Project>();
    for (const change of changes) {
      const path = uriToPath(change.uri);
      const key = fileKey(change.uri);
      if (path === undefined || this.ctx.isOpen(key)) continue;
      const p = this.ctx.projectFor(path);
      if (basename(path) === CONFIG_FILE_NAME) {
        if (p.root !== undefined && pathKey(dirname(path)) === pathKey(p.root)) reconfigure.add(p);
        continue;
      }
      // A link out of the folder counts no more than the scan lets it (fs/walk.ts policy).
      const keep = p.root !== undefined && p.settings.enable && p.settings.workspaceScan && !p.isExcluded(path) && (change.deleted || (await resolvesInside(p.root, path)));
      if (change.deleted || !keep) {
        if (p.remove(key)) dirty.add(p);
        continue;
      }
      // Stat before reading: a watched path may be a FIFO, a device or a huge sparse file.
      const text = await readRegularText(path, p.config.maxFileSize);
      if (this.ctx.isOpen(key)) continue;
      if (text === undefined) {
        if (p.remove(key)) dirty.add(p);
        continue;
      }
      if (p.update(key, pathToUri(path), text).factsChanged) dirty.add(p);
      await yieldNow();
    }
    if (reconfigure.size) await this.ctx.reload([...reconfigure]);
    for (const p of dirty) if (!reconfigure.has(p)) this.ctx.relint(p);
  }

  /**
   * Reads the YAML files of `p`'s root (not the open ones: the editor's text wins), one at a
   * time with a pause between files so edits are never blocked. Files no longer found stop
   * contributing facts. A newer scan or config change (generation) cancels this one.
   */
  async scan(p: Project): Promise<void> {
    if (p.root === undefined || !p.settings.enable || !p.settings.workspaceScan) return;
    const generation = p.generation;
    const cancelled = () => this.ctx.disposed() || p.generation !== generation;
    const began = Date.now();
    let files = 0;
    let changed = false;
    let lastRelint = began;
    const seen = new Set<string>();
    let completed = false;
    const walk = scanYamlFiles(p.root, {
      exclude: p.config.exclude,
      maxFileSize: p.config.maxFileSize,
      cancelled,
      onSkip: (message) => this.ctx.logOnce('info', message),
    });
    const iterator = walk[Symbol.asyncIterator]();
    try {
      // Reads run a few files ahead of the analysis, which stays one file at a time.
      const ahead: { file: ScannedFile; text: Promise<string | undefined> }[] = [];
      const read = (file: ScannedFile) => ({ file, text: readRegularText(file.path, p.config.maxFileSize) });
      let exhausted = false;
      const fill = async () => {
        while (!exhausted && ahead.length < READ_AHEAD) {
          const next = await iterator.next();
          if (next.done) exhausted = true;
          else ahead.push(read(next.value));
        }
      };
      for (await fill(); ahead.length; await fill()) {
        const { file, text: pending } = ahead.shift()!;
        const key = pathKey(file.path);
        seen.add(key);
        const text = await pending;
        if (cancelled()) return;
        if (text === undefined || this.ctx.isOpen(key)) continue;
        changed = p.update(key, pathToUri(file.path), text).factsChanged || changed;
        files++;
        // Let edits and requests through between files.
        await yieldNow();
        if (changed && Date.now() - lastRelint > 1000) {
          this.ctx.relint(p);
          changed = false;
          lastRelint = Date.now();
        }
      }
      completed = true;
    } catch (e) {
      this.ctx.log('error', `scanning ${p.root} failed: ${errorText(e)}`);
    } finally {
      await iterator.return?.(undefined); // closes the directory being listed, if any
    }
    if (cancelled()) return;
    // Files gone since the last scan (or now excluded) stop contributing facts.
    if (completed && p.prune((key) => seen.has(key) || this.ctx.isOpen(key))) changed = true;
    if (changed) this.ctx.relint(p);
    this.ctx.log('info', `scanned ${files} YAML file${files === 1 ? '' : 's'} in ${p.root} (${Date.now() - began} ms)`);
  }
}
