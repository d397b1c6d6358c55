/**
 * The machine-readable outputs are public contracts: --format json exactly, and SARIF
 * 2.1.0 as GitHub code scanning expects it (validated structurally, no schema download).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, json, lintInProcess, lintAll, ROOT, BAD_ESCAPE, CLEAN } from './helpers';
import { placeFindings } from '../../server/src/cli/report';
import { toJsonFindings } from '../../server/src/cli/format-json';
import type { FileFinding } from '../../server/src/core';

const FIELDS = ['file', 'rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixes'];

describe('--format json', () => {
  it('prints exactly one object with 1-based positions in UTF-16 columns after an emoji', () => {
    // `    description: ` is 17 units: the value starts at column 18 and, after the 2-unit emoji, ends at column 33.
    const text = BAD_ESCAPE.replace('"\\d+', '"😀\\d+');
    assert.equal(text.split('\n')[9].slice(20, 22), '\\d');
    const dir = tempDir({ 'sub/a.yaml': text });
    const res = cli(['lint', '--format', 'json', 'sub'], { cwd: dir });
    assert.equal(res.code, 1, res.stderr);
    assert.equal(res.stdout.trimEnd().split('\n').length, 1, 'one line of JSON');
    const out = json(res);
    assert.deepEqual(Object.keys(out), ['findings']);
    const [expected] = lintInProcess({ x: text }).get('x')!;
    assert.deepEqual(out, {
      findings: [
        {
          file: 'sub/a.yaml',
          rule: 'yaml-syntax',
          severity: 'error',
          message: expected.message,
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 33,
          fixes: [{ title: expected.fixes[0].title, safe: true, edits: [{ line: 10, column: 18, endLine: 10, endColumn: 33, newText: "'😀\\d+ reviews'" }] }],
        },
      ],
    });
    assert.deepEqual(Object.keys(out.findings[0]), FIELDS);
  });

  it('converts every finding and fix edit of real rules exactly (examples/)', () => {
    const out = json(cli(['lint', '--format', 'json', 'examples']));
    const names = readdirSync(join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((n) => /\.ya?ml$/.test(n));
    const files = Object.fromEntries(names.sort().map((n) => [`examples/${n}`, readFileSync(join(ROOT, 'examples', n), 'utf8')]));
    const expected = lintAll(files);
    // Independent conversion: split lines, count UTF-16 units.
    const pos = (text: string, offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, column: before[before.length - 1].length + 1 };
    };
    const region = (text: string, start: number, end: number) => {
      const a = pos(text, start);
      const b = pos(text, end);
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    };
    const want = Object.entries(files).flatMap(([file, text]) =>
      (expected.get(file) ?? []).map((f) => ({
        file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        ...region(text, f.start, f.end),
        // Cross-file findings name the other resources (issue 15), placed in their own file's text.
        ...(f.related?.length ? { related: f.related.map((r) => ({ file: r.uri, message: r.message, ...region(files[r.uri], r.start, r.end) })) } : {}),
        fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe, edits: x.edits.map((e) => ({ ...region(text, e.start, e.end), newText: e.newText })) })),
      })),
    );
    assert.deepEqual(out.findings, want);
    for (const f of out.findings) assert.deepEqual(Object.keys(f).filter((k) => k !== 'related'), FIELDS);
  });

  it('reports line 40 for a finding on line 40 of the third document', () => {
    const svc = (n: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\n`;
    const head = `${svc('a')}---\n${svc('b')}---\n`; // 10 lines
    const filler = Array.from({ length: 20 }, (_, i) => `    k${i}: v`).join('\n');
    const third = `apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n  labels:\n${filler}\n`;
    let text = `${head}${third}`;
    const lineOfNext = text.split('\n').length; // 1-based number of the line we append next
    const pad = Array.from({ length: 40 - lineOfNext }, (_, i) => `    p${i}: v`).join('\n');
    text += `${pad ? `${pad}\n` : ''}    bad: "x\\qy"\n`;
    assert.equal(text.split('\n')[39], '    bad: "x\\qy"');
    const dir = tempDir({ 'multi.yaml': text });
    const out = json(cli(['lint', '--format=json', 'multi.yaml'], { cwd: dir }));
    assert.deepEqual(
      out.findings.filter((f) => f.rule === 'yaml-syntax').map((f) => [f.line, f.column]),
      [[40, 10]],
    );
  });

  it('places fixes with the same 1-based UTF-16 positions', () => {
    const text = 'a: 1\nb: "é😀x"\n';
    const at = text.indexOf('x');
    const finding: FileFinding = {
      uri: 'f.yaml',
      rule: 'demo',
      severity: 'warning',
      message: 'm',
      start: at,
      end: at + 1,
      fixes: [{ title: 'Replace x', safe: true, edits: [{ start: at, end: at + 1, newText: 'y' }, { start: 0, end: 0, newText: '# c\n' }] }],
    };
    assert.deepEqual(toJsonFindings(placeFindings('f.yaml', text, [finding])), [
      {
        file: 'f.yaml',
        rule: 'demo',
        severity: 'warning',
        message: 'm',
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 9,
        fixes: [
          {
            title: 'Replace x',
            safe: true,
            edits: [
              { line: 2, column: 8, endLine: 2, endColumn: 9, newText: 'y' },
              { line: 1, column: 1, endLine: 1, endColumn: 1, newText: '# c\n' },
            ],
          },
        ],
      },
    ]);
  });

  it('prints {"findings":[]} for a clean file', () => {
    const dir = tempDir({ 'ok.yaml': CLEAN });
    const res = cli(['lint', '--format', 'json', 'ok.yaml'], { cwd: dir });
    assert.equal(res.code, 0);
    assert.equal(res.stdout, '{"findings":[]}\n');
  });
});

describe('--format sarif', () => {
  it('produces SARIF 2.1.0 that code scanning accepts', () => {
    const dir = tempDir({ 'k8s/vs one.yaml': BAD_ESCAPE, 'k8s/ok.yaml': CLEAN });
    const res = cli(['lint', '--format', 'sarif', 'k8s'], { cwd: dir });
    assert.equal(res.code, 1, res.stderr);
    const log = JSON.parse(res.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /^https:\/\/.*sarif.*2\.1\.0.*\.json$/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'istio-tips');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.ok(driver.rules.length >= 2);
    const ids = new Set<string>();
    for (const r of driver.rules) {
      assert.match(r.id, /^[a-z][a-z0-9-]*$/);
      assert.ok(!ids.has(r.id), `duplicate rule ${r.id}`);
      ids.add(r.id);
      assert.match(r.name, /^[A-Z][A-Za-z0-9]*$/);
      for (const field of [r.shortDescription.text, r.fullDescription.text, r.help.text, r.help.markdown]) {
        assert.equal(typeof field, 'string');
        assert.ok(field.length > 0);
      }
      assert.ok(r.shortDescription.text.length <= 1024);
      assert.match(r.helpUri, /^https:\/\/.*\/docs\/rules\/[a-z0-9-]+\.md$/);
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
      // Rules off by default are described as disabled (SARIF reportingConfiguration.enabled).
      assert.equal(r.defaultConfiguration.enabled, r.id === 'traffic-port-name-protocol' ? false : undefined, r.id);
      assert.ok(Array.isArray(r.properties.tags) && r.properties.tags.every((t: unknown) => typeof t === 'string'));
    }
    assert.equal(run.results.length, 1);
    const [result] = run.results;
    assert.equal(result.ruleId, 'yaml-syntax');
    assert.equal(driver.rules[result.ruleIndex].id, 'yaml-syntax');
    assert.equal(result.level, 'error');
    assert.equal(typeof result.message.text, 'string');
    const loc = result.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: 'k8s/vs%20one.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, { startLine: 10, startColumn: 18, endLine: 10, endColumn: 31 });
    const fp = Object.values(result.partialFingerprints);
    assert.ok(fp.length === 1 && typeof fp[0] === 'string' && (fp[0] as string).length >= 16);
  });

  it('keeps fingerprints stable when unrelated lines move', () => {
    const moved = `# a comment added above\n# and another\n${BAD_ESCAPE}`;
    const fingerprint = (text: string) => {
      const dir = tempDir({ 'a.yaml': text });
      const res = JSON.parse(cli(['lint', '--format', 'sarif', 'a.yaml'], { cwd: dir }).stdout).runs[0].results[0];
      return [res.partialFingerprints, res.locations[0].physicalLocation.region.startLine];
    };
    const [a, lineA] = fingerprint(BAD_ESCAPE);
    const [b, lineB] = fingerprint(moved);
    assert.equal(lineB, lineA + 2);
    assert.deepEqual(a, b);
  });
});
