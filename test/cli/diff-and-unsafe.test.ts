/**
 * --diff (print the fixes as a unified diff, write nothing) and --unsafe-fixes (also apply
 * fixes that change behaviour), through the real CLI.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Analyzer, defaultConfig, type DocRule } from '../../server/src/core';
import { fixWorkspace } from '../../server/src/cli/fix';
import { cli, tempDir } from './helpers';

// Safe fixes: the empty selector removed, and v1beta1 -> v1 when the target Istio is >= 1.22 (--istio-version);
// fixes that change behaviour: Permissive -> PERMISSIVE (the resource was rejected as written), the regex,
// and v1beta1 -> v1 when the Istio version is unknown.
const LEGACY = readFileSync(join(__dirname, '../e2e/fixtures/workspace/fixall/legacy-policies.yaml'), 'utf8');
const CLEAN = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n';

/** Applies a unified diff with GNU patch when the machine has it (the format is patch's). */
function patched(dir: string, file: string, diff: string): string | undefined {
  const r = spawnSync('patch', ['-s', '-o', '-', file], { cwd: dir, input: diff, encoding: 'utf8' });
  return r.error ? undefined : r.stdout;
}

describe('fixWorkspace with unsafe fixes', () => {
  const onlyUnsafe: DocRule = {
    scope: 'document',
    meta: {
      id: 'demo-unsafe',
      family: 'core',
      severity: 'warning',
      kinds: ['Service'],
      messages: { m: 'x' },
      docs: { summary: 's', why: 'w', bad: '', good: '', link: 'https://istio.io' },
      fix: 'unsafe',
    },
    check(doc, ctx) {
      const at = doc.text.search(/port: 80$/m);
      if (at !== -1) ctx.report({ start: at + 6, end: at + 8, messageId: 'm', fixes: [{ title: 'use 8080', safe: false, edits: [{ start: at + 6, end: at + 8, newText: '8080' }] }] });
    },
  };
  const input = new Map([['a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  port: 80\n']]);

  it('leaves fixes that change behaviour alone by default and lists the ones it applies', () => {
    const analyzer = new Analyzer({ rules: [onlyUnsafe] });
    assert.equal(fixWorkspace(analyzer, input, defaultConfig()).fixed.size, 0);
    const r = fixWorkspace(analyzer, input, defaultConfig(), { unsafe: true });
    assert.match(r.texts.get('a.yaml')!, /port: 8080\n/);
    assert.deepEqual(r.unsafe.get('a.yaml'), [{ rule: 'demo-unsafe', title: 'use 8080' }]);
  });
});

describe('lint --diff and --unsafe-fixes', () => {
  it('--diff prints the safe fixes as a unified diff, writes nothing, exits 1', () => {
    const dir = tempDir({ 'legacy.yaml': LEGACY, 'clean.yaml': CLEAN });
    const r = cli(['lint', '--diff', '--istio-version', '1.22', '.'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^--- a\/legacy\.yaml\n\+\+\+ b\/legacy\.yaml\n@@ -1,\d+ \+1,\d+ @@\n/);
    assert.match(r.stdout, /\n-apiVersion: security\.istio\.io\/v1beta1\n\+apiVersion: security\.istio\.io\/v1\n/);
    assert.match(r.stdout, /\n-  selector: \{\}\n/);
    assert.doesNotMatch(r.stdout, /PERMISSIVE/, 'the mode fix makes a rejected resource enforce: not without --unsafe-fixes');
    assert.doesNotMatch(r.stdout, /regex/, 'the regex fix changes behaviour: not without --unsafe-fixes');
    assert.doesNotMatch(r.stdout, /clean\.yaml/);
    assert.match(r.stderr, /Would fix 2 problems in 1 file/);
    assert.equal(readFileSync(join(dir, 'legacy.yaml'), 'utf8'), LEGACY, 'nothing written');
    // The diff is what --fix writes.
    const viaPatch = patched(dir, 'legacy.yaml', r.stdout);
    cli(['lint', '--fix', '--istio-version', '1.22', '.'], { cwd: dir });
    if (viaPatch !== undefined) assert.equal(viaPatch, readFileSync(join(dir, 'legacy.yaml'), 'utf8'));
  });

  it('--diff exits 0 with no output when nothing would change, and works on standard input', () => {
    const dir = tempDir({ 'clean.yaml': CLEAN });
    const r = cli(['lint', '--diff', '.'], { cwd: dir });
    assert.deepEqual([r.code, r.stdout], [0, '']);
    assert.match(r.stderr, /No fixes to apply/);
    const stdin = cli(['lint', '--diff', '--stdin-filename', 'in.yaml', '-'], { cwd: dir, input: LEGACY });
    assert.equal(stdin.code, 1);
    assert.match(stdin.stdout, /^--- a\/in\.yaml\n/);
  });

  it('--unsafe-fixes adds the fixes that change behaviour to --diff and --fix, and says so', () => {
    const dir = tempDir({ 'legacy.yaml': LEGACY });
    const d = cli(['lint', '--diff', '--unsafe-fixes', '.'], { cwd: dir });
    assert.equal(d.code, 1);
    assert.match(d.stdout, /\n-        regex: '\/api\/v1\/\.\\\*'\n\+ {8}\S.*\n/);
    assert.match(d.stderr, /Would fix \d+ problems in 1 file \(3 fixes that change behaviour\)/);
    assert.equal(readFileSync(join(dir, 'legacy.yaml'), 'utf8'), LEGACY);
    const f = cli(['lint', '--fix', '--unsafe-fixes', '.'], { cwd: dir });
    assert.match(f.stdout, /✔ Fixed \d+ problems in 1 file \(3 fixes that change behaviour: review them\)/);
    const after = readFileSync(join(dir, 'legacy.yaml'), 'utf8');
    assert.doesNotMatch(after, /\\\*/);
    assert.equal(cli(['lint', '--diff', '--unsafe-fixes', '.'], { cwd: dir }).code, 0, 'nothing left to fix');
  });

  it('rejects combinations that cannot mean anything', () => {
    for (const args of [['--unsafe-fixes'], ['--diff', '--fix'], ['--diff', '--format', 'json']]) {
      const r = cli(['lint', ...args, '.'], { cwd: tempDir({ 'clean.yaml': CLEAN }) });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /--diff|--unsafe-fixes/);
    }
  });
});
