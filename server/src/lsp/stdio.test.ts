import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { coalescedOutput, consoleToClient } from './stdio';

describe('stdio output', () => {
  it('sends what one turn wrote in one write, in order, and calls writers back at once', async () => {
    const target = new PassThrough();
    const writes: string[] = [];
    target.on('data', (d: Buffer) => writes.push(d.toString()));
    const out = coalescedOutput(target);
    await new Promise<void>((resolve) => out.write('Content-Length: 2\r\n\r\n', 'ascii', () => resolve()));
    out.write(Buffer.from('{}'));
    assert.deepEqual(writes, []);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, ['Content-Length: 2\r\n\r\n{}']);
    out.write('next');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, ['Content-Length: 2\r\n\r\n{}', 'next']);
  });

  it('fails when its target fails', async () => {
    const target = new PassThrough();
    const out = coalescedOutput(target);
    const failed = new Promise<Error>((resolve) => out.on('error', resolve));
    target.destroy(new Error('EPIPE'));
    assert.equal((await failed).message, 'EPIPE');
  });

  it('sends every console method to the client log, none to stdout', () => {
    const saved = { ...console } as Record<string, unknown>;
    const logged: string[] = [];
    const stdoutWrite = process.stdout.write;
    const leaked: string[] = [];
    process.stdout.write = ((chunk: string) => (leaked.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      consoleToClient({ error: (m) => logged.push(`error ${m}`), warn: (m) => logged.push(`warn ${m}`), info: (m) => logged.push(`info ${m}`), log: (m) => logged.push(`log ${m}`) });
      console.dir({ a: 1 });
      console.table([{ a: 1 }]);
      console.assert(false, 'asserted');
      console.count('n');
      console.group('g');
      console.log('inside');
      console.groupEnd();
      console.trace('traced');
      console.timeLog('missing timer');
      console.dirxml('x');
      console.warn('w');
    } finally {
      Object.assign(console, saved);
      process.stdout.write = stdoutWrite;
    }
    assert.deepEqual(leaked, []);
    const all = logged.join('\n');
    for (const want of ['{ a: 1 }', '(index)', 'asserted', 'n: 1', 'inside', 'traced', 'warn w']) assert.ok(all.includes(want), `${want} in ${all}`);
  });
});
