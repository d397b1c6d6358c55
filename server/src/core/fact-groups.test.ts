/**
 * Fact groupings patched per changed document (what a keystroke does) must hold exactly the
 * lists a full pass over the documents builds: the same entries, in the same order, for every
 * indexer and every rule group, and lists that did not change must stay the same arrays.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from './engine';
import { ALL_RULES } from './registry';
import { defaultConfig } from './config';
import { FACTS, flagsOf } from './engine-memo';
import { FactGroups, type FileFacts } from './fact-groups';
import type { FileAnalysis } from './analysis';
import type { WorkspaceRule } from './rule';
import { generateDocs, joinDocs } from '../../../bench/corpus';
import { seededRandom } from '../test-support/seeded-random';

const groups = [
  ...new Set(ALL_RULES.filter((r): r is WorkspaceRule => r.scope === 'workspace').map((r) => [...new Set(r.uses.map((ix) => ix.key))].sort().join('\n'))),
].map((id) => id.split('\n'));
const keys = [...new Set(groups.flat())];
const flags = (f: FileAnalysis) => Uint8Array.from(f.docs, flagsOf);

/** Edits that keep the number of documents (patched) and some that do not (grouped again). */
function edit(text: string, r: () => number): string {
  const lines = text.split('\n');
  const pick = (pattern: RegExp) => {
    const at = lines.flatMap((l, i) => (pattern.test(l) ? [i] : []));
    return at.length ? at[Math.floor(r() * at.length)] : Math.floor(r() * lines.length);
  };
  switch (Math.floor(r() * 6)) {
    case 0: {
      const i = pick(/^ {2}host: /);
      lines[i] = lines[i].includes('host: x') ? lines[i].replace('host: x', 'host: ') : lines[i].replace('host: ', 'host: x');
      break;
    }
    case 1: {
      // A document stops (or starts again) being a kind any indexer reads: its facts go.
      const i = pick(/^kind: /);
      lines[i] = lines[i].endsWith('X') ? lines[i].slice(0, -1) : `${lines[i]}X`;
      break;
    }
    case 2: {
      const i = pick(/^ {2}namespace: /);
      lines[i] = lines[i].replace(/namespace: \S+/, `namespace: ns${Math.floor(r() * 3)}`);
      break;
    }
    case 3: {
      // Two documents in one edit: the same line typed into in two places.
      const i = pick(/^ {6}version: /);
      const j = pick(/^ {6}version: /);
      for (const k of [i, j]) lines[k] = lines[k].endsWith('v1') ? lines[k].replace(/v1$/, 'v2') : lines[k].replace(/v\d$/, 'v1');
      break;
    }
    case 4:
      lines.splice(pick(/^---$/), 0, '---');
      break;
    default: {
      const i = Math.floor(r() * lines.length);
      lines[i] = `${lines[i]}x`;
    }
  }
  return lines.join('\n');
}

function assertSame(got: readonly FileFacts[], want: readonly FileFacts[], live: FactGroups, fresh: FactGroups, step: number): void {
  for (const key of keys) {
    const a = live.entries(got, key);
    const b = fresh.entries(want, key);
    assert.equal(a.length, b.length, `step ${step}: ${key} entries`);
    // Entries are kept per document result: the very same objects, in the same order.
    a.forEach((e, i) => assert.equal(e, b[i], `step ${step}: ${key} entry ${i}`));
  }
  groups.forEach((_, g) => {
    const a = live.docsOf(got, g);
    const b = fresh.docsOf(want, g);
    assert.deepEqual(a.uris, b.uris, `step ${step}: group ${g} files`);
    a.lists.forEach((list, f) => {
      assert.equal(list.length, b.lists[f].length, `step ${step}: group ${g} documents`);
      list.forEach((d, i) => assert.equal(d, b.lists[f][i], `step ${step}: group ${g} document ${i}`));
    });
  });
}

describe('FactGroups', () => {
  it('patched per changed document equals a full grouping after every edit, across files', () => {
    const r = seededRandom(7);
    const config = defaultConfig();
    const a = new Analyzer({ rules: ALL_RULES });
    const docs = generateDocs(120);
    let texts: Record<string, string> = { 'a.yaml': joinDocs(docs.slice(0, 80)), 'b.yaml': joinDocs(docs.slice(80)) };
    const analyses = new Map(Object.entries(texts).map(([u, t]) => [u, a.analyzeFile(u, t, config)]));
    const live = new FactGroups(groups);
    let last = live.of(analyses.values(), flags, FACTS);
    for (let step = 0; step < 60; step++) {
      const uri = r() < 0.7 ? 'a.yaml' : 'b.yaml';
      texts = { ...texts, [uri]: edit(texts[uri], r) };
      analyses.set(uri, a.analyzeFile(uri, texts[uri], config));
      const got = live.of(analyses.values(), flags, FACTS);
      const fresh = new FactGroups(groups);
      assertSame(got, fresh.of(analyses.values(), flags, FACTS), live, fresh, step);
      // The file not edited keeps its grouping, lists and all.
      const other = uri === 'a.yaml' ? 1 : 0;
      assert.equal(got[other], last[other], `step ${step}: untouched file`);
      last = got;
    }
  });

  it('keeps the lists of indexers and groups an edit did not touch', () => {
    const config = defaultConfig();
    const a = new Analyzer({ rules: ALL_RULES });
    const text = joinDocs(generateDocs(60));
    const live = new FactGroups(groups);
    const [before] = live.of([a.analyzeFile('a.yaml', text, config)], flags, FACTS);
    const at = text.indexOf('\n  host: ') + '\n  host: '.length;
    const [after] = live.of([a.analyzeFile('a.yaml', `${text.slice(0, at)}x${text.slice(at)}`, config)], flags, FACTS);
    assert.notEqual(after, before);
    const changed = keys.filter((k) => after.entries.get(k) !== before.entries.get(k));
    assert.ok(changed.length > 0 && changed.length < keys.length, `some indexers changed: ${changed.join(', ')}`);
    assert.ok(after.groups.some((list, g) => list === before.groups[g]), 'groups that read no DestinationRule keep their list');
  });
});
