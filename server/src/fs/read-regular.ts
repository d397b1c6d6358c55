/**
 * Reading a file the workspace names (a config file, a watched or scanned manifest) without
 * trusting what it is: the file is opened without blocking (a FIFO would otherwise wait for a
 * writer forever), checked with fstat on the open descriptor (a regular file, at most
 * `maxBytes`; /dev/zero or a 2 GB sparse file are refused before a byte is read), and read
 * up to its size, so it cannot grow under the reader either.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** What a config file may weigh: real ones are a few hundred bytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type ReadResult = { bytes: Buffer } | { problem: string; code?: string };

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const tooLarge = (size: number, max: number) => `${size} bytes is over the limit of ${max} bytes`;
const notRegular = 'not a regular file';
const failure = (e: unknown): ReadResult => {
  const code = (e as NodeJS.ErrnoException).code;
  return { problem: code ?? (e as Error).message, code };
};

export function readRegularFileSync(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (e) {
    return failure(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: notRegular };
    if (st.size > maxBytes) return { problem: tooLarge(st.size, maxBytes) };
    const bytes = Buffer.alloc(st.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return { bytes: at === bytes.length ? bytes : bytes.subarray(0, at) };
  } catch (e) {
    return failure(e);
  } finally {
    closeSync(fd);
  }
}

export async function readRegularFile(path: string, maxBytes: number): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(path, FLAGS);
  } catch (e) {
    return failure(e);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { problem: notRegular };
    if (st.size > maxBytes) return { problem: tooLarge(st.size, maxBytes) };
    const bytes = Buffer.alloc(st.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return { bytes: at === bytes.length ? bytes : bytes.subarray(0, at) };
  } catch (e) {
    return failure(e);
  } finally {
    await handle.close();
  }
}

/** The text of a regular file of at most `maxBytes`, or undefined (missing, special, too large, unreadable). */
export async function readRegularText(path: string, maxBytes: number): Promise<string | undefined> {
  const r = await readRegularFile(path, maxBytes);
  return 'bytes' in r ? r.bytes.toString('utf8') : undefined;
}
