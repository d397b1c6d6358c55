/**
 * The stdio transport's output: each message leaves in one write. vscode-jsonrpc writes a
 * message's header and its body separately, the body once the header's write has called
 * back; a client then wakes up for a 25-byte header, and on a busy machine the body waits
 * until the server gets the processor back (3–9 ms per publish during the first keystrokes of
 * the benchmark). Here a write calls back at once and everything written in one turn of the
 * event loop goes out together on the next.
 */
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { Console } from 'node:console';

export function coalescedOutput(target: NodeJS.WritableStream): Writable {
  let chunks: Buffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!chunks.length) return;
    const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    chunks = [];
    target.write(data);
  };
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      callback();
    },
    final(callback) {
      flush();
      callback();
    },
  });
  target.on('error', (e: Error) => out.destroy(e));
  target.on('close', () => out.destroy());
  return out;
}

interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

/**
 * Over stdio, stdout is the protocol channel: what anything prints with `console` goes to the
 * client's log instead. Every method (dir, table, assert, count, group, time...) is taken
 * from a Console whose streams lead to the client, so none can reach stdout; log, info, warn
 * and error keep their own levels.
 */
export function consoleToClient(logger: Logger): void {
  const stream = (send: (message: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        send(chunk.toString().replace(/\n$/, ''));
        callback();
      },
    });
  const toClient = new Console({ stdout: stream((m) => logger.log(m)), stderr: stream((m) => logger.error(m)), colorMode: false });
  const target = console as unknown as Record<string, unknown>;
  const source = toClient as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    if (typeof target[key] === 'function' && typeof source[key] === 'function') target[key] = source[key];
  }
  const to = (send: (message: string) => void) => (...args: unknown[]) => send(format(...args));
  console.log = to((m) => logger.log(m));
  console.debug = to((m) => logger.log(m));
  console.info = to((m) => logger.info(m));
  console.warn = to((m) => logger.warn(m));
  console.error = to((m) => logger.error(m));
}
