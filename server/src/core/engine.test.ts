import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from './engine';
import { defaultConfig } from './config';
import { LineIndex } from './text';
import type { DocRule, Rule, WorkspaceRule, Indexer } from './rule';
import { rule as yamlSyntax } from './rules/yaml-syntax';

const meta = (id: string, kinds: string[]) => ({
  id,
  family: 'core' as const,
  severity: 'warning' as const,
  kinds,
  messages: { hit: 'hit {what}' },
  docs: { summary: id, why: '', bad: '', good: '', link: '' },
  fix: 'none' as const,
});

/** Flags every `flagme` value. */
const flagRule: DocRule = {
  scope: 'document',
  meta: meta('flag', ['Service']),
  check(doc, ctx) {
    for (let i = doc.text.indexOf('flagme'); i !== -1; i = doc.text.indexOf('flagme', i + 1)) {
      ctx.report({ start: i, end: i + 6, messageId: 'hit', data: { what: 'flagme' } });
    }
  },
};

const throwingRule: DocRule = {
  scope: 'document',
  meta: meta('boom', ['Service']),
  check() {
    throw new Error('kaboom');
  },
};

const svc = (name: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}`;

function run(rules: Rule[], files: Record<string, string>) {
  const a = new Analyzer({ rules });
  const config = defaultConfig();
  return a.analyzeWorkspace(Object.entries(files).map(([u, t]) => a.analyzeFile(u, t, config)), config);
}

describe('engine', () => {
  it('reports the right line for a finding deep in the third document', () => {
    const filler = Array.from({ length: 30 }, (_, i) => `    k${i}: v`).join('\n');
    const third = `apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n  labels:\n${filler}\nspec:\n  x: flagme\n`;
    const text = `${svc('a')}---\n${svc('b')}---\n${third}`;
    const [f] = run([flagRule], { 'f.yaml': text }).get('f.yaml')!;
    const pos = new LineIndex(text).positionAt(f.start);
    assert.equal(text.split('\n')[pos.line], '  x: flagme');
    assert.equal(pos.line, text.split('\n').indexOf('  x: flagme'));
    assert.equal(pos.character, 5);
  });

  it('isolates a throwing rule: internal-error names it, the others still report', () => {
    const out = run([throwingRule, flagRule], { 'f.yaml': svc('a', 'spec: {x: flagme}\n') }).get('f.yaml')!;
    assert.deepEqual(out.map((f) => f.rule).sort(), ['flag', 'internal-error']);
    const ie = out.find((f) => f.rule === 'internal-error')!;
    assert.match(ie.message, /"boom" crashed.*kaboom/);
  });

  it('honours suppression comments and config', () => {
    const text = svc('a', 'spec:\n  # istio-tips-disable-next-line flag\n  a: flagme\n  b: flagme # istio-tips-disable-line\n  c: flagme\n');
    const out = run([flagRule], { 'f.yaml': text }).get('f.yaml')!;
    assert.equal(out.length, 1);
    assert.equal(text.slice(out[0].start - 3, out[0].end), 'c: flagme');
    const a = new Analyzer({ rules: [flagRule] });
    const config = { ...defaultConfig(), rules: { flag: 'off' as const } };
    assert.deepEqual(a.analyzeWorkspace([a.analyzeFile('f', text, config)], config).get('f'), []);
    const filed = `# istio-tips-disable-file flag\n${text}`;
    assert.deepEqual(run([flagRule], { f: filed }).get('f'), []);
  });

  it('keeps a rule that is off by default silent until the config gives it a severity', () => {
    const optIn: DocRule = { ...flagRule, meta: { ...flagRule.meta, defaultEnabled: false } };
    const text = svc('a', 'spec:\n  a: flagme\n');
    assert.deepEqual(run([optIn], { f: text }).get('f'), []);
    const a = new Analyzer({ rules: [optIn] });
    const config = { ...defaultConfig(), rules: { flag: 'info' as const } };
    assert.deepEqual(a.analyzeWorkspace([a.analyzeFile('f', text, config)], config).get('f')!.map((f) => f.severity), ['info']);
  });

  it('masks Helm directives, drops findings on templated values, says so once', () => {
    const text = `{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  a: flagme\n  b: {{ .Values.flagme }}\n{{- end }}\n`;
    const a = new Analyzer({ rules: [flagRule, yamlSyntax] });
    const config = defaultConfig();
    const analysis = a.analyzeFile('f', text, config);
    assert.equal(analysis.notices.length, 1);
    const out = a.analyzeWorkspace([analysis], config).get('f')!;
    assert.deepEqual(out.map((f) => [f.rule, text.slice(f.start, f.end)]), [['flag', 'flagme']]);
    assert.equal(text.slice(out[0].start - 3, out[0].end), 'a: flagme');
  });

  it('re-analyses only the documents an edit touched', () => {
    let parses = 0;
    const counting: DocRule = { ...flagRule, check: (d, c) => (parses++, flagRule.check(d, c)) };
    const a = new Analyzer({ rules: [counting] });
    const config = defaultConfig();
    const docs = Array.from({ length: 50 }, (_, i) => svc(`s${i}`, 'spec: {x: flagme}\n'));
    a.analyzeFile('f', docs.join('---\n'), config);
    assert.equal(parses, 50);
    docs[25] = svc('s25', 'spec: {x: flagme, y: flagme}\n');
    const second = a.analyzeFile('f', `# a new first line\n${docs.join('---\n')}`, config);
    // The new comment belongs to the first document, so documents 0 and 25 changed; the other
    // 48 moved but are reused.
    assert.equal(parses, 52, 'only the edited documents are re-checked');
    const out = a.analyzeWorkspace([second], config).get('f')!;
    assert.equal(out.length, 51);
    for (const f of out) assert.equal(second.text.slice(f.start, f.end), 'flagme');
  });

  it('skips binary content with a notice', () => {
    const a = new Analyzer({ rules: [flagRule] });
    const r = a.analyzeFile('f', 'kind: Service\u0000\u0001', defaultConfig());
    assert.deepEqual(r.docs, []);
    assert.match(r.notices[0], /binary/);
  });

  it('gives workspace rules facts from every file, reported on the right document', () => {
    const names: Indexer<{ name: string; at: number }> = {
      key: 'names',
      kinds: ['Service'],
      extract: (doc) => (doc.name ? [{ name: doc.name, at: doc.text.indexOf(doc.name, doc.text.indexOf('name:')) }] : []),
    };
    const dupes: WorkspaceRule = {
      scope: 'workspace',
      meta: meta('dupe', ['Service']),
      uses: [names],
      check(ws, ctx) {
        const seen = new Map<string, number>();
        for (const e of ws.facts(names)) seen.set(e.value.name, (seen.get(e.value.name) ?? 0) + 1);
        for (const e of ws.facts(names)) {
          if (seen.get(e.value.name)! > 1) ctx.report(e.doc, { start: e.value.at, end: e.value.at + e.value.name.length, message: 'dupe' });
        }
      },
    };
    const b = `${svc('x')}---\n${svc('dup')}`;
    const out = run([dupes], { a: svc('dup'), b });
    assert.equal(out.get('a')!.length, 1);
    const [fb] = out.get('b')!;
    assert.equal(b.slice(fb.start, fb.end), 'dup');
    assert.ok(fb.start > b.indexOf('---'));
  });
});
