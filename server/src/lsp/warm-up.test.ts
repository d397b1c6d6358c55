import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RegexEngine, Services } from '../core/services';
import { warmUpEngines } from './warm-up';
import { provablyValid } from '../engines/plain-syntax';

function recording(name: string, calls: string[]): RegexEngine {
  return { name, check: (p) => (calls.push(`${name}:${p}`), { ok: true }), fullMatch: () => true };
}

describe('engine warm-up', () => {
  it('compiles a few patterns in both engines while idle', async () => {
    const calls: string[] = [];
    const services: Services = { re2: recording('re2', calls), go: recording('go', calls) };
    await warmUpEngines(services, () => false);
    assert.ok(calls.some((c) => c.startsWith('re2:')) && calls.some((c) => c.startsWith('go:')), calls.join());
  });

  it('warms patterns the engines really compile (none of the plain syntax they accept unread)', async () => {
    const calls: string[] = [];
    await warmUpEngines({ re2: recording('re2', calls), go: recording('go', calls) }, () => false);
    for (const call of calls) assert.equal(provablyValid(call.slice(call.indexOf(':') + 1)), false, call);
  });

  it('gives way for good once busy, between two engine calls', async () => {
    const calls: string[] = [];
    const services: Services = { re2: recording('re2', calls), go: recording('go', calls) };
    await warmUpEngines(services, () => calls.length >= 1);
    assert.equal(calls.length, 1);
    const none: string[] = [];
    await warmUpEngines({ re2: recording('re2', none), go: recording('go', none) }, () => true);
    assert.deepEqual(none, []);
  });
});
