/**
 * Hostile inputs through the engine: each gets an answer (findings or a notice) and never a
 * throw, a hang or an explosion of memory. Bounds are the test timeouts, and a CPU-time budget
 * for the cases answered synchronously (cpu-budget.ts says why the timeout alone cannot catch them).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, ALL_RULES, defaultConfig, type FileFinding, type FileAnalysis } from '../../server/src/core';
import { createEngines } from '../../server/src/engines';
import { maskTemplates } from '../../server/src/core/document/template';
import { isExcluded } from '../../server/src/core/config';
import { withinCpuBudget } from './cpu-budget';

const config = defaultConfig();
const analyzer = new Analyzer({ rules: ALL_RULES, services: createEngines() });

function run(text: string): { analysis: FileAnalysis; findings: FileFinding[] } {
  const analysis = analyzer.analyzeFile('hostile.yaml', text, config);
  const findings = analyzer.analyzeWorkspace([analysis], config).get('hostile.yaml') ?? [];
  for (const f of findings) {
    assert.notEqual(f.rule, 'internal-error', f.message);
    assert.ok(f.start >= 0 && f.end <= text.length);
  }
  return { analysis, findings };
}

const vs = (extra = '') => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n${extra}`;

describe('hostile YAML', () => {
  it('alias bomb (billion laughs) is not expanded', { timeout: 20_000 }, () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = vs(`  http:\n  - match:\n    - headers:\n        x: {regex: "*l"}\n    route: [{destination: {host: r}}]\n  extra:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
    const { findings } = run(bomb);
    assert.ok(Array.isArray(findings));
  });

  it('100-level nesting', { timeout: 20_000 }, () => {
    let nested = '';
    for (let i = 0; i < 100; i++) nested += `${'  '.repeat(i + 1)}k${i}:\n`;
    run(vs(`  extra:\n${nested}${'  '.repeat(101)}leaf: 1\n`));
    run(vs(`  flow: ${'['.repeat(100)}1${']'.repeat(100)}\n`));
  });

  it('a 1 MB single line', { timeout: 60_000 }, () => {
    run(vs(`  description: "${'x'.repeat(1 << 20)}"\n`));
    run('x'.repeat(1 << 20));
  });

  it('10,000 documents', { timeout: 120_000 }, () => {
    const docs = Array.from({ length: 10_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`);
    docs[5_000] = vs('  http: [}\n');
    const { analysis, findings } = run(docs.join('---\n'));
    assert.equal(analysis.docs.length, 10_000);
    assert.ok(findings.some((f) => f.rule === 'yaml-syntax'), 'the broken document in the middle is reported');
  });

  it('binary junk with a .yaml name', () => {
    const junk = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const { analysis, findings } = run(junk);
    assert.deepEqual(findings, []);
    assert.match(analysis.notices.join('\n'), /binary/);
  });

  it('Helm templates: masked, analysed where they parse, one notice', () => {
    const helm = [
      '{{- if .Values.mtls.enabled }}',
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}',
      '  namespace: {{ .Release.Namespace }}',
      'spec:',
      '  mtls:',
      '    mode: {{ .Values.mtls.mode | default "STRICT" }}',
      '{{- end }}',
      '---',
      '{{ range .Values.routes }}',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: {{ .name }}}',
      'spec: {{ toYaml .spec | nindent 2 }}',
      '{{ end }}',
      '',
    ].join('\n');
    const { analysis, findings } = run(helm);
    assert.equal(analysis.notices.length, 1);
    assert.match(analysis.notices[0], /template/);
    assert.deepEqual(findings.filter((f) => /mode/.test(f.message) && f.rule.startsWith('mtls-invalid')), [], 'templated values are not judged');
  });

  // Before: the "alone on its line" test sliced the whole line per directive (quadratic): 5-67 s.
  it('one line of 80,000 Helm directives is masked in linear time', { timeout: 10_000 }, () => {
    // The masking alone: ~0.1 s of CPU now, ~5.5 s before (quadratic in the directives).
    const line = `    - uri: {regex: "${'{{x}}'.repeat(80_000)}"}\n`;
    const masked = withinCpuBudget(1_000, 'masking 80,000 directives', () => maskTemplates(`a: 1\n${line}b: 2\n`));
    assert.equal(masked.spans.length, 80_000);
    const { analysis } = run(vs(`  http:\n  - match:\n    - uri: {regex: "${'{{x}}'.repeat(80_000)}"}\n    route: [{destination: {host: r}}]\n`));
    assert.match(analysis.notices.join('\n'), /template/);
    const { text, spans } = maskTemplates(`a: {{x}}\n  {{- if y }}\n{{\n z}} b\n`);
    assert.equal(text, `a: ${'\u2591'.repeat(5)}\n  ${' '.repeat(11)}\n${'\u2591'.repeat(2)}\n${'\u2591'.repeat(4)} b\n`);
    assert.equal(spans.length, 3);
  });

  it('Kustomize files and JSON manifests', () => {
    run('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\npatches:\n- path: p.yaml\n');
    const json = JSON.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'j' }, spec: { hosts: ['j'], http: [{ match: [{ uri: { regex: '(?=x)' } }], route: [{ destination: { host: 'j' } }] }] } }, null, 2);
    run(json);
    run(JSON.stringify(JSON.parse(json)));
  });

  it('CRLF, BOM, tabs, unterminated quotes', () => {
    run(`\uFEFF${vs('  http:\r\n  - match:\r\n    - uri: {regex: "abc}\r\n').replace(/\n/g, '\r\n')}`);
    run(vs('\thttp: [\n'));
  });

  // Before: globs compiled to backtracking regexes, ~38 s of CPU for this glob on one 65-character name.
  it('an exclude glob written to backtrack is answered in linear time', { timeout: 10_000 }, () => {
    const excluded = withinCpuBudget(1_000, 'exclude *a*a*a*a*a*a*a*b', () => isExcluded('a'.repeat(65), ['*a*a*a*a*a*a*a*b']));
    assert.equal(excluded, false);
  });
});
