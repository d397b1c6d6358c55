/** `istio-tips lint`: text output, exit codes, stdin, options, configuration. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, json, lintInProcess, BAD_ESCAPE, CLEAN } from './helpers';

describe('lint: text output', () => {
  it('prints file:line:col  severity  message  rule-id and a summary, without colour when piped', () => {
    const dir = tempDir({ 'a.yaml': BAD_ESCAPE });
    const res = cli(['lint', 'a.yaml'], { cwd: dir });
    const [f] = lintInProcess({ a: BAD_ESCAPE }).get('a')!;
    assert.equal(res.stdout, `a.yaml:10:18  error  ${f.message}  yaml-syntax\n\n✖ 1 problem (1 error, 0 warnings, 0 infos)\n  1 of them can be fixed safely with --fix\n`);
    assert.equal(res.stderr, '');
    assert.equal(res.code, 1);
  });

  it('says how many files were clean', () => {
    const dir = tempDir({ 'a.yaml': CLEAN, 'b.yml': CLEAN });
    const res = cli(['lint', '.'], { cwd: dir });
    assert.equal(res.stdout, 'No problems found in 2 files\n');
    assert.equal(res.code, 0);
  });

  it('colours only when asked: FORCE_COLOR and --color on, NO_COLOR and --no-color off', () => {
    const dir = tempDir({ 'a.yaml': BAD_ESCAPE });
    const ansi = /\u001b\[/;
    assert.match(cli(['lint', 'a.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, ansi);
    assert.match(cli(['lint', '--color', 'a.yaml'], { cwd: dir }).stdout, ansi);
    assert.doesNotMatch(cli(['lint', 'a.yaml'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout, ansi);
    assert.doesNotMatch(cli(['lint', '--no-color', 'a.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, ansi);
  });

  it('notes templated documents on stderr as file: note: …', () => {
    const dir = tempDir({ 't.yaml': CLEAN.replace('name: reviews', 'name: {{ .Release.Name }}') });
    const res = cli(['lint', 't.yaml'], { cwd: dir });
    assert.match(res.stderr, /^t\.yaml: note: 1 document contains Helm\/Go template directives/m);
    assert.equal(res.code, 0);
  });
});

describe('lint: exit codes', () => {
  it('0 without errors, 1 with an error, 0 with --exit-zero', () => {
    const dir = tempDir({ 'bad.yaml': BAD_ESCAPE, 'ok.yaml': CLEAN });
    assert.equal(cli(['lint', 'ok.yaml'], { cwd: dir }).code, 0);
    assert.equal(cli(['lint', 'bad.yaml', 'ok.yaml'], { cwd: dir }).code, 1);
    const zero = cli(['lint', '--exit-zero', 'bad.yaml'], { cwd: dir });
    assert.equal(zero.code, 0);
    assert.match(zero.stdout, /1 problem/);
  });

  it('2 for usage errors, with one clear line and no stack trace', () => {
    for (const [args, message] of [
      [['lint', '--formt', 'json'], /unknown option "--formt" for "lint" \(did you mean "--format"\?\)/],
      [['lint', '--format', 'xml', '.'], /--format must be text, json or sarif, got "xml"/],
      [['lint', '--max-warnings', 'many', '.'], /--max-warnings needs a whole number/],
      [['lint', '--config'], /option "--config" needs a value/],
      [['lnt', '.'], /unknown command "lnt" \(did you mean "istio-tips lint"\?\)/],
      [['lint', '--fix', '-'], /--fix .* cannot rewrite standard input/],
      [['lint', '--config', 'missing.yaml', '.'], /--config: missing\.yaml: no such file/],
    ] as const) {
      const res = cli([...args]);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, message);
      assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(res.stderr.trim().split('\n').length, 1);
    }
  });

  it('2 for a missing file named explicitly, after reporting the other files', () => {
    const dir = tempDir({ 'bad.yaml': BAD_ESCAPE });
    const res = cli(['lint', 'missing.yaml', 'bad.yaml'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.equal(res.stderr, 'missing.yaml: error: no such file or directory\n');
    assert.match(res.stdout, /^bad\.yaml:10:18 {2}error/m);
  });

  it('--max-warnings and --quiet count warnings (severity from the config file)', () => {
    const dir = tempDir({ 'a.yaml': BAD_ESCAPE, '.istio-tips.yaml': 'rules:\n  yaml-syntax: warning\n' });
    const plain = cli(['lint', 'a.yaml'], { cwd: dir });
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /a\.yaml:10:18 {2}warning {2}/);
    assert.match(plain.stdout, /✖ 1 problem \(0 errors, 1 warning, 0 infos\)/);
    const limited = cli(['lint', '--max-warnings', '0', 'a.yaml'], { cwd: dir });
    assert.equal(limited.code, 1);
    assert.match(limited.stderr, /1 warnings is more than --max-warnings 0/);
    assert.equal(cli(['lint', '--max-warnings=1', 'a.yaml'], { cwd: dir }).code, 0);
    const quiet = cli(['lint', '--quiet', 'a.yaml'], { cwd: dir });
    assert.equal(quiet.stdout, 'No problems found in 1 file\n');
  });
});

describe('lint: configuration', () => {
  it('finds .istio-tips.yaml in an ancestor of the working directory', () => {
    const dir = tempDir({ '.istio-tips.yaml': 'rules:\n  yaml-syntax: off\n', 'deep/er/a.yaml': BAD_ESCAPE });
    const res = cli(['lint', 'a.yaml'], { cwd: `${dir}/deep/er` });
    assert.equal(res.code, 0, res.stdout);
  });

  it('--config overrides the nearest file', () => {
    const dir = tempDir({ '.istio-tips.yaml': 'rules:\n  yaml-syntax: off\n', 'strict.yaml': 'rules: {}\n', 'a.yaml': BAD_ESCAPE });
    assert.equal(cli(['lint', '--config', 'strict.yaml', 'a.yaml'], { cwd: dir }).code, 1);
  });

  it('exits 2 on config problems, naming each', () => {
    const dir = tempDir({ '.istio-tips.yaml': 'rules:\n  no-such-rule: off\nrootNamespce: x\n', 'a.yaml': CLEAN });
    const res = cli(['lint', 'a.yaml'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /\.istio-tips\.yaml: unknown rule "no-such-rule"/);
    assert.match(res.stderr, /\.istio-tips\.yaml: unknown setting "rootNamespce"/);
    assert.equal(res.stdout, '');
  });

  it('validates --root-namespace', () => {
    const res = cli(['lint', '--root-namespace', 'Not_A_Namespace', '.'], { cwd: tempDir({ 'a.yaml': CLEAN }) });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /rootNamespace must be a Kubernetes namespace name/);
  });
});

// mtls-v1beta1-api's fix is safe only when the target Istio serves security.istio.io/v1 (1.22+;
// see the rule's test): --istio-version, else istioVersion in .istio-tips.yaml, decides.
describe('lint --istio-version', () => {
  const V1BETA1 = 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec:\n  mtls:\n    mode: STRICT\n';
  const fixed = (dir: string) => readFileSync(join(dir, 'pa.yaml'), 'utf8').split('\n')[0];

  it('applies the v1 fix with --fix only when the version is 1.22 or later', () => {
    const unknown = tempDir({ 'pa.yaml': V1BETA1 });
    cli(['lint', '--fix', '.'], { cwd: unknown });
    assert.equal(fixed(unknown), 'apiVersion: security.istio.io/v1beta1');
    const known = tempDir({ 'pa.yaml': V1BETA1 });
    assert.equal(cli(['lint', '--fix', '--istio-version', '1.22', '.'], { cwd: known }).code, 0);
    assert.equal(fixed(known), 'apiVersion: security.istio.io/v1');
  });

  it('reads istioVersion from .istio-tips.yaml, the flag overriding it, and rejects an unquoted 1.20', () => {
    const file = tempDir({ '.istio-tips.yaml': 'istioVersion: "1.23"\n', 'pa.yaml': V1BETA1 });
    assert.equal(json(cli(['lint', '--format', 'json', '--istio-version', '1.21', '.'], { cwd: file })).findings.length, 0);
    cli(['lint', '--fix', '.'], { cwd: file });
    assert.equal(fixed(file), 'apiVersion: security.istio.io/v1');
    const res = cli(['lint', '.'], { cwd: tempDir({ '.istio-tips.yaml': 'istioVersion: 1.20\n', 'pa.yaml': V1BETA1 }) });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /istioVersion must be a quoted version such as "1.22", got 1.2/);
  });
});

describe('lint: standard input', () => {
  it('reads - and names it <stdin>, or --stdin-filename', () => {
    const res = cli(['lint', '--format', 'json', '-'], { input: BAD_ESCAPE });
    assert.equal(res.code, 1);
    assert.deepEqual(json(res).findings.map((f) => [f.file, f.line]), [['<stdin>', 10]]);
    const named = cli(['lint', '--stdin-filename', 'chart/vs.yaml', '-'], { input: BAD_ESCAPE });
    assert.match(named.stdout, /^chart\/vs\.yaml:10:18 /m);
  });

  it('analyses stdin together with files (one workspace)', () => {
    const dir = tempDir({ 'ok.yaml': CLEAN });
    const res = cli(['lint', '--format', 'json', 'ok.yaml', '-'], { cwd: dir, input: BAD_ESCAPE });
    assert.deepEqual(json(res).findings.map((f) => f.file), ['<stdin>']);
  });
});
