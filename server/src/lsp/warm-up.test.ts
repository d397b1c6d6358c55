import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RegexEngine, Services } from '../core/services';
import { warmUpAnalysis, warmUpEngines } from './warm-up';
import { ALL_RULES } from '../core';
import type { DocRule } from '../core/rule';
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

describe('analysis warm-up', () => {
  /** A rule that counts the documents it sees. */
  function counting(seen: string[]): DocRule {
    return {
      scope: 'document',
      meta: { ...ALL_RULES[0].meta, id: 'count-docs', kinds: ['Service'] },
      check: (doc) => void seen.push(doc.name ?? ''),
    } as DocRule;
  }
  const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n`;
  const samples = [service('A'), `${service('B')}---\n${service('C')}`];

  it('analyses every sample once per round while quiet, each round afresh', async () => {
    const seen: string[] = [];
    await warmUpAnalysis({ rules: [counting(seen)] }, samples, async () => true, 3);
    assert.deepEqual(seen, ['A', 'B', 'C', 'A', 'B', 'C', 'A', 'B', 'C']);
  });

  it('stops for good when quiet() says no (the server is gone)', async () => {
    const seen: string[] = [];
    let asked = 0;
    await warmUpAnalysis({ rules: [counting(seen)] }, samples, async () => ++asked <= 1, 3);
    assert.deepEqual(seen, ['A']);
  });
});
