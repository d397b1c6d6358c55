import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timingLog } from './timing-log';

describe('timingLog (ISTIO_TIPS_TIMING_LOG)', () => {
  it('is off without a file', () => {
    assert.equal(timingLog(''), undefined);
  });

  it('appends one JSON line per event, on a wall clock that does not go back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'timing-log-'));
    try {
      const file = join(dir, 'timing.jsonl');
      const log = timingLog(file)!;
      log('change', 'file:///a.yaml', 3);
      log('publish', 'file:///a.yaml', 3);
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map(({ event, uri, version }) => ({ event, uri, version })), [
        { event: 'change', uri: 'file:///a.yaml', version: 3 },
        { event: 'publish', uri: 'file:///a.yaml', version: 3 },
      ]);
      assert.ok(lines[1].t >= lines[0].t && lines[0].t > 1.6e12, 'milliseconds since the epoch');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws when the file cannot be written', () => {
    const log = timingLog('/nonexistent-dir/timing.jsonl')!;
    assert.doesNotThrow(() => log('open', 'file:///a.yaml', 1));
  });
});
