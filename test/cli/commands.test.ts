/** `rules`, `explain`, `--help`, `--version`, and `npm start`'s view of examples/. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, json, ROOT, documentedRules, isRegistered } from './helpers';
import { enabledByDefault } from '../../server/src/core';

describe('rules', () => {
  it('lists every rule with severity, family, fix and summary', () => {
    const res = cli(['rules']);
    assert.equal(res.code, 0);
    const lines = res.stdout.split('\n');
    assert.match(lines[0], /^RULE +SEVERITY +FAMILY +FIX +SUMMARY$/);
    for (const r of documentedRules()) {
      const row = lines.find((l) => l.startsWith(`${r.meta.id} `));
      assert.ok(row, `row for ${r.meta.id}`);
      assert.match(row!, new RegExp(`^${r.meta.id} +${enabledByDefault(r.meta) ? r.meta.severity : 'off'} +${r.meta.family} +${r.meta.fix} +`));
      assert.ok(row!.endsWith(r.meta.docs.summary), 'full summary when not a terminal');
    }
  });

  it('--format json lists the same rules', () => {
    const out = JSON.parse(cli(['rules', '--format', 'json']).stdout);
    assert.deepEqual(out.rules.map((r: { id: string }) => r.id), documentedRules().map((r) => r.meta.id));
    assert.deepEqual(Object.keys(out.rules[0]), ['id', 'severity', 'defaultEnabled', 'family', 'fix', 'scope', 'kinds', 'summary', 'docs', 'istioctl']);
    // A rule off by default (RuleMeta.defaultEnabled: false) says so.
    assert.equal(out.rules.find((r: { id: string }) => r.id === 'traffic-port-name-protocol').defaultEnabled, false);
    const subset = out.rules.find((r: { id: string }) => r.id === 'traffic-subset-not-found');
    assert.equal(subset.defaultEnabled, true);
    assert.deepEqual(subset.istioctl, [{ code: 'IST0101', analyzer: 'virtualservice.DestinationRuleAnalyzer' }]);
  });
});

describe('explain', () => {
  it('renders a rule for the terminal: summary, why, examples, how to disable, link', () => {
    const res = cli(['explain', 'yaml-syntax']);
    assert.equal(res.code, 0);
    const rule = documentedRules().find((r) => r.meta.id === 'yaml-syntax')!;
    assert.ok(res.stdout.startsWith('yaml-syntax  error · yaml · per document\n'));
    for (const part of ['Why', 'Flagged', 'Corrected', 'Disable it', '# istio-tips-disable-next-line yaml-syntax', rule.meta.docs.link]) {
      assert.ok(res.stdout.includes(part), part);
    }
    assert.ok(res.stdout.includes('    regex: "/api/v\\d+/.*"'.replace('    ', '            ')), 'bad example indented');
    assert.doesNotMatch(res.stdout, /\u001b\[/);
  });

  it('suggests the closest id for a typo', () => {
    const res = cli(['explain', 'yaml-syntx']);
    assert.equal(res.code, 2);
    assert.equal(res.stderr, 'istio-tips: unknown rule "yaml-syntx" (did you mean "yaml-syntax"?); "istio-tips rules" lists them\n');
  });
});

describe('help and version', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(cli(['--version']).stdout, `istio-tips ${version}\n`);
  });

  it('--help and lint --help describe commands, options and exit codes', () => {
    const general = cli(['--help']);
    assert.equal(general.code, 0);
    for (const c of ['lint', 'rules', 'explain']) assert.match(general.stdout, new RegExp(`istio-tips ${c}`));
    const lint = cli(['lint', '--help']).stdout;
    for (const o of ['--format', '--fix', '--config', '--root-namespace', '--max-warnings', '--quiet', '--exit-zero', 'Exit codes']) {
      assert.ok(lint.includes(o), o);
    }
    assert.equal(cli([]).code, 0);
  });
});

describe('examples/', () => {
  it('clean.yaml has no findings', () => {
    const res = cli(['lint', '--format', 'json', 'examples/clean.yaml']);
    assert.deepEqual(json(res).findings, []);
    assert.equal(res.code, 0);
  });

  it('shows the weekly tips once their rules are registered', () => {
    const found = json(cli(['lint', '--format', 'json', 'examples/'])).findings;
    const expect = [
      ['regex-full-match', 'examples/regex-routing.yaml'],
      ['regex-escaped-wildcard', 'examples/regex-routing.yaml'],
      ['regex-unsupported-syntax', 'examples/regex-routing.yaml'],
      ['mtls-plaintext-to-strict', 'examples/mtls-migration/legacy-client.yaml'],
    ];
    for (const [rule, file] of expect) {
      if (!isRegistered(rule)) continue;
      assert.ok(found.some((f) => f.rule === rule && f.file === file), `${rule} in ${file}`);
    }
  });
});
