/**
 * The engine's memory between analyses (incremental re-split, results reused by position
 * and by text, workspace-rule reports replayed while facts are unchanged) must never change
 * what it reports: after every edit, a long-lived analyzer agrees with a fresh one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from './engine';
import { ALL_RULES } from './registry';
import { defaultConfig, type Config } from './config';
import { createEngines } from '../engines';
import type { Indexer, WorkspaceRule } from './rule';
import type { TextEdit } from './types';
import { generateDocs, joinDocs } from '../../../bench/corpus';
import { seededRandom } from '../test-support/seeded-random';

const services = createEngines();
/** A fact with a span, as the traffic indexers keep them (a destination host and where it is). */
const ix: Indexer<{ host: string; start: number; end: number }> = {
  key: 'hosts',
  kinds: ['Service'],
  extract: (doc) => {
    const at = doc.text.indexOf('host: ');
    return at < 0 ? [] : [{ host: doc.text.slice(at + 6, doc.text.indexOf('\n', at)), start: at + 6, end: doc.text.indexOf('\n', at) }];
  },
};

const lintOnce = (files: Record<string, string>, config: Config) => {
  const a = new Analyzer({ rules: ALL_RULES, services });
  return a.analyzeWorkspace(Object.entries(files).map(([u, t]) => a.analyzeFile(u, t, config)), config);
};

/** Edits people make: type or delete a character, paste or cut a line, touch a marker or a mode. */
function edit(text: string, r: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  const line = lines[i];
  const at = Math.floor(r() * (line.length + 1));
  switch (Math.floor(r() * 7)) {
    case 0:
      lines[i] = line.slice(0, at) + 'x' + line.slice(at);
      break;
    case 1:
      lines[i] = line.slice(0, at) + line.slice(at + 1);
      break;
    case 2:
      lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
      break;
    case 3:
      lines.splice(i, 1);
      break;
    case 4:
      lines.splice(i, 0, '---');
      break;
    case 5:
      lines[i] = line.replace(/STRICT|PERMISSIVE|DISABLE|ISTIO_MUTUAL/, (m) => (m === 'STRICT' ? 'PERMISSIVE' : 'STRICT'));
      break;
    default:
      lines[i] = line.replace(/namespace: \S+/, 'namespace: other');
  }
  return lines.join('\n');
}

describe('incremental analysis', () => {
  it('a long-lived analyzer reports exactly what a fresh one does, edit after edit', () => {
    const r = seededRandom(3);
    const config = defaultConfig();
    const docs = generateDocs(140);
    let files: Record<string, string> = {
      'a.yaml': joinDocs(docs.slice(0, 70)),
      'b.yaml': joinDocs(docs.slice(70, 120)),
      'c.yaml': joinDocs(docs.slice(120)),
    };
    const live = new Analyzer({ rules: ALL_RULES, services });
    const analyses = new Map(Object.entries(files).map(([u, t]) => [u, live.analyzeFile(u, t, config)]));
    for (let step = 0; step < 50; step++) {
      const uri = Object.keys(files)[Math.floor(r() * 3)];
      files = { ...files, [uri]: edit(files[uri], r) };
      analyses.set(uri, live.analyzeFile(uri, files[uri], config));
      const got = live.analyzeWorkspace(analyses.values(), config);
      assert.deepEqual(got, lintOnce(files, config), `step ${step}`);
    }
  });

  it('re-runs workspace rules when facts change and replays them when they do not', () => {
    let runs = 0;
    const ix: Indexer<string> = { key: 'names', kinds: ['Service'], extract: (doc) => (doc.name ? [doc.name] : []) };
    const counting: WorkspaceRule = {
      scope: 'workspace',
      uses: [ix],
      meta: { id: 'count', family: 'core', severity: 'info', kinds: [], messages: {}, docs: { summary: 'services: {n}', why: '', bad: '', good: '', link: '' }, fix: 'none' },
      check(ws, ctx) {
        runs++;
        const all = ws.facts(ix);
        for (const f of all) ctx.report(f.doc, { start: 0, end: 3, message: `${all.length} services` });
      },
    };
    const a = new Analyzer({ rules: [counting] });
    const config = defaultConfig();
    const svc = (name: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}`;
    const lint = (text: string) => a.analyzeWorkspace([a.analyzeFile('f.yaml', text, config)], config).get('f.yaml')!;
    const starts = (text: string) => [0, text.indexOf('---\n')];
    const text1 = `${svc('a')}---\n${svc('b')}`;
    assert.deepEqual(lint(text1).map((f) => f.start), starts(text1));
    assert.equal(runs, 1);
    // An edit that leaves every fact as it was: replayed, at the documents' new positions.
    const text2 = `${svc('a', 'spec: {}\n')}---\n${svc('b')}`;
    assert.deepEqual(lint(text2).map((f) => f.start), starts(text2));
    assert.equal(runs, 1);
    // A new service is a new fact.
    assert.equal(lint(`${svc('a')}---\n${svc('b')}---\n${svc('c')}`)[0].message, '3 services');
    assert.equal(runs, 2);
    // Config changed in place still counts as a change.
    config.rules.count = 'warning';
    assert.equal(lint(`${svc('a')}---\n${svc('b')}---\n${svc('c')}`)[0].severity, 'warning');
    assert.equal(runs, 3);
  });

  it('replays workspace reports moved with their spans when an edit only moves facts within a document', () => {
    let runs = 0;
    const hosts: WorkspaceRule = {
      scope: 'workspace',
      uses: [ix],
      meta: { id: 'host', family: 'core', severity: 'info', kinds: [], messages: {}, docs: { summary: 'host', why: '', bad: '', good: '', link: '' }, fix: 'unsafe' },
      check(ws, ctx) {
        runs++;
        for (const f of ws.facts(ix)) {
          ctx.report(f.doc, { start: f.value.start, end: f.value.end, message: `host ${f.value.host}`, fixes: [{ title: 'x', safe: false, edits: [{ start: f.value.start, end: f.value.end, newText: 'y' }] }] });
        }
      },
    };
    const a = new Analyzer({ rules: [hosts] });
    const config = defaultConfig();
    const svc = (name: string, before = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${before}host: ${name}.example\n`;
    const lint = (text: string) => a.analyzeWorkspace([a.analyzeFile('f.yaml', text, config)], config).get('f.yaml')!;
    const fresh = (text: string) => {
      const b = new Analyzer({ rules: [hosts] });
      return b.analyzeWorkspace([b.analyzeFile('f.yaml', text, config)], config).get('f.yaml')!;
    };
    const check = (text: string, expectedRuns: number) => {
      const got = lint(text);
      assert.equal(runs, expectedRuns, text);
      assert.deepEqual(got, fresh(text));
      runs = expectedRuns;
      for (const f of got) assert.equal(text.slice(f.start, f.end), text.slice(f.fixes[0].edits[0].start, f.fixes[0].edits[0].end));
      return got;
    };
    check(`${svc('a')}---\n${svc('b')}`, 1);
    // Typing before the span in the first document moves it (and the second document): replayed.
    const moved = check(`${svc('a', 'spec: {x: 1}\n')}---\n${svc('b')}`, 1);
    assert.deepEqual(moved.map((f) => f.message), ['host a.example', 'host b.example']);
    check(`${svc('a', 'spec: {x: 12}\n')}---\n${svc('b', '# b\n')}`, 1);
    // Changing what a fact says re-runs the rule.
    check(`${svc('a', 'spec: {x: 12}\n')}---\n${svc('c', '# b\n')}`, 2);
  });

  it('moves a replayed report’s related location with the other resource’s document', () => {
    let runs = 0;
    // Reports on the first Service and points at the second one's host (both sides of a conflict).
    const pair: WorkspaceRule = {
      scope: 'workspace',
      uses: [ix],
      meta: { id: 'pair', family: 'core', severity: 'info', kinds: [], messages: {}, docs: { summary: 'pair', why: '', bad: '', good: '', link: '' }, fix: 'none' },
      check(ws, ctx) {
        runs++;
        const [first, second] = ws.facts(ix);
        if (!first || !second) return;
        ctx.report(first.doc, { start: first.value.start, end: first.value.end, message: 'pair', related: [{ at: second.doc, start: second.value.start, end: second.value.end, message: 'other' }] });
      },
    };
    const config = defaultConfig();
    const svc = (name: string, before = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${before}host: ${name}.example\n`;
    const a = new Analyzer({ rules: [pair] });
    const lint = (files: Record<string, string>) => a.analyzeWorkspace(Object.entries(files).map(([u, t]) => a.analyzeFile(u, t, config)), config);
    const relatedText = (files: Record<string, string>) => {
      const [f] = lint(files).get('a.yaml')!;
      const r = f.related![0];
      return files[r.uri].slice(r.start, r.end);
    };
    assert.equal(relatedText({ 'a.yaml': svc('a'), 'b.yaml': svc('b') }), 'b.example');
    // A line typed above the other resource's host moves it; facts are the same, so the report is replayed and its related location must move too.
    assert.equal(relatedText({ 'a.yaml': svc('a'), 'b.yaml': svc('b', 'spec: {x: 1}\n') }), 'b.example');
    assert.equal(runs, 1);
  });

  it('notices a NUL typed into a file it has cached, and analyses it again once the NUL is gone', () => {
    const a = new Analyzer({ rules: ALL_RULES, services });
    const config = defaultConfig();
    const text = joinDocs(generateDocs(30));
    const mid = text.indexOf('\n', text.length >> 1) + 1;
    const clean = a.analyzeFile('f.yaml', text, config);
    assert.ok(clean.docs.length > 20);
    const binary = a.analyzeFile('f.yaml', `${text.slice(0, mid)}\u0000${text.slice(mid)}`, config);
    assert.equal(binary.docs.length, 0);
    assert.match(binary.notices.join(), /NUL/);
    const again = a.analyzeFile('f.yaml', text, config);
    assert.deepEqual(a.analyzeWorkspace([again], config), lintOnce({ 'f.yaml': text }, config));
  });

  it('analyses edits (the text left unbuilt) exactly as a fresh analyzer analyses the whole new text', () => {
    const r = seededRandom(5);
    const config = defaultConfig();
    const docs = generateDocs(120);
    let files: Record<string, string> = { 'a.yaml': joinDocs(docs.slice(0, 80)), 'b.yaml': joinDocs(docs.slice(80)) };
    const live = new Analyzer({ rules: ALL_RULES, services });
    const analyses = new Map(Object.entries(files).map(([u, t]) => [u, live.analyzeFile(u, t, config)]));
    for (let step = 0; step < 60; step++) {
      const uri = Object.keys(files)[Math.floor(r() * 2)];
      // One to three edits, each in offsets of the text just before it (as LSP sends them).
      const edits: TextEdit[] = [];
      let text = files[uri];
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const next = edit(text, r);
        edits.push(diff(text, next));
        text = next;
      }
      files = { ...files, [uri]: text };
      const got = live.analyzeEdits(uri, analyses.get(uri)!, edits, config);
      assert.ok(got, `step ${step}: edits of the latest analysis are applied`);
      assert.equal(got.length, text.length);
      analyses.set(uri, got);
      assert.deepEqual(live.analyzeWorkspace(analyses.values(), config), lintOnce(files, config), `step ${step}`);
      if (step % 10 === 0) assert.equal(got.text, text);
    }
    // The full-text path takes over from an edited analysis, and the other way round.
    const text = files['a.yaml'].replace('kind: Service', 'kind: Service\n# note');
    const full = live.analyzeFile('a.yaml', text, config);
    const more = live.analyzeEdits('a.yaml', full, [{ start: 0, end: 0, newText: '# top\n' }], config)!;
    assert.equal(more.text, `# top\n${text}`);
    assert.deepEqual(live.analyzeWorkspace([more, analyses.get('b.yaml')!], config), lintOnce({ ...files, 'a.yaml': more.text }, config));
  });

  it('refuses edits of an analysis that is not the latest of its file', () => {
    const a = new Analyzer({ rules: ALL_RULES, services });
    const config = defaultConfig();
    const text = joinDocs(generateDocs(10));
    const first = a.analyzeFile('f.yaml', text, config);
    const second = a.analyzeEdits('f.yaml', first, [{ start: 0, end: 0, newText: '#\n' }], config)!;
    assert.ok(second);
    assert.equal(a.analyzeEdits('f.yaml', first, [{ start: 0, end: 0, newText: '#\n' }], config), undefined);
    assert.equal(a.analyzeEdits('g.yaml', second, [], config), undefined);
    assert.equal(a.analyzeEdits('f.yaml', second, [{ start: 0, end: text.length + 9, newText: '' }], config), undefined);
    assert.equal(a.analyzeEdits('f.yaml', second, [], { ...config, rootNamespace: 'other-root' }), undefined);
  });

  it('notices a NUL typed as an edit', () => {
    const a = new Analyzer({ rules: ALL_RULES, services });
    const config = defaultConfig();
    const text = joinDocs(generateDocs(30));
    const mid = text.indexOf('\n', text.length >> 1) + 1;
    const binary = a.analyzeEdits('f.yaml', a.analyzeFile('f.yaml', text, config), [{ start: mid, end: mid, newText: '\u0000' }], config)!;
    assert.equal(binary.docs.length, 0);
    assert.match(binary.notices.join(), /NUL/);
  });
});

/** The single edit that turns `a` into `b`. */
function diff(a: string, b: string): TextEdit {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return { start: p, end: a.length - q, newText: b.slice(p, b.length - q) };
}
