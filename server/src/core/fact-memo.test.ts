/**
 * The memories keyed by fact objects: a derivation runs once per object, and an entry's reports
 * are replayed only while every object its check read is the very same.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EntryReports, groupBy, perList } from './fact-memo';
import type { DocRef, ReportInput, WorkspaceContext } from './rule';
import { NO_SERVICES } from './services';
import { defaultConfig } from './config';

const doc: DocRef = { uri: 'a.yaml', index: 0, apiVersion: 'v1', kind: 'Service', name: 'a', namespace: 'ns' };

describe('fact memories', () => {
  it('derives once per list object', () => {
    let runs = 0;
    const count = perList((list: readonly number[]) => (runs++, list.length));
    const list = [1, 2, 3];
    assert.equal(count(list), 3);
    assert.equal(count(list), 3);
    assert.equal(count([1, 2, 3]), 3);
    assert.equal(runs, 2);
  });

  it('groups entries by key in list order', () => {
    const e = (ns: string, n: number) => ({ doc, value: { ns, n } });
    const grouped = groupBy([e('a', 1), e('b', 2), e('a', 3)], (v) => v.ns);
    assert.deepEqual([...grouped.keys()], ['a', 'b']);
    assert.deepEqual(grouped.get('a')!.map((x) => x.value.n), [1, 3]);
  });

  it('replays an entry\'s reports while what it read is the same, and checks again otherwise', () => {
    const got: Array<{ at: DocRef; input: ReportInput }> = [];
    const ctx: WorkspaceContext = { config: defaultConfig(), services: NO_SERVICES, report: (at, input) => got.push({ at, input }) };
    const memo = new EntryReports<object>();
    const entry = {};
    const read = { n: 1 };
    let checks = 0;
    const run = (reads: readonly unknown[]) => memo.run(entry, doc, reads, ctx, (report) => (checks++, report({ start: checks, end: checks + 1 })));
    run([read, 'x']);
    run([read, 'x']);
    assert.equal(checks, 1);
    assert.deepEqual(got.map((g) => g.input.start), [1, 1]);
    // An equal but other object, or another value: checked again.
    run([{ n: 1 }, 'x']);
    run([read, 'y']);
    assert.equal(checks, 3);
    assert.equal(got[1].input, got[0].input, 'a replayed report is the same input object');
  });
});
