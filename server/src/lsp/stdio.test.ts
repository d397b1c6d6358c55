import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { coalescedOutput } from './stdio';

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
});
