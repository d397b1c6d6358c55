/**
 * --fix: the workspace fix loop (in process, with a controlled rule) and the real CLI
 * rewriting files with whatever registered rule declares safe fixes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Analyzer, defaultConfig, type DocRule } from '../../server/src/core';
import { fixWorkspace } from '../../server/src/cli/fix';
import { cli, tempDir, json, lintInProcess, documentedRules } from './helpers';

/** Flags `tls: off` (safe fix: `tls: on`) and `tls: on` next to `stage: 1` (safe fix: bump the stage). */
const stagedRule: DocRule = {
  scope: 'document',
  meta: {
    id: 'demo-staged',
    family: 'core',
    severity: 'error',
    kinds: ['Service'],
    messages: { off: 'tls is off', stage: 'stage 1 with tls on' },
    docs: { summary: 's', why: 'w', bad: '', good: '', link: 'https://istio.io' },
    fix: 'safe',
  },
  check(doc, ctx) {
    for (const m of doc.text.matchAll(/tls: off/g)) {
      const at = m.index! + 5;
      ctx.report({ start: at, end: at + 3, messageId: 'off', fixes: [{ title: 'turn on', safe: true, edits: [{ start: at, end: at + 3, newText: 'on' }] }] });
    }
    const stage = doc.text.indexOf('stage: 1');
    if (stage !== -1 && doc.text.includes('tls: on')) {
      const at = stage + 7;
      ctx.report({
        start: at,
        end: at + 1,
        messageId: 'stage',
        fixes: [
          { title: 'review me', safe: false, edits: [{ start: at, end: at + 1, newText: '9' }] },
          { title: 'next stage', safe: true, edits: [{ start: at, end: at + 1, newText: '2' }] },
        ],
      });
    }
  },
};

const svc = (body: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n${body}`;

describe('fixWorkspace', () => {
  it('applies safe fixes only, re-analyses, and loops until nothing changes', () => {
    const analyzer = new Analyzer({ rules: [stagedRule] });
    const input = new Map([
      ['a.yaml', svc('  tls: off\n  stage: 1\n')],
      ['b.yaml', svc('  tls: on\n')],
    ]);
    const result = fixWorkspace(analyzer, input, defaultConfig());
    assert.equal(result.texts.get('a.yaml'), svc('  tls: on\n  stage: 2\n'), 'the first pass reveals the stage finding, the second fixes it');
    assert.equal(result.texts.get('b.yaml'), input.get('b.yaml'));
    assert.deepEqual([...result.fixed], [['a.yaml', 2]]);
    assert.equal(result.passes, 2);
    assert.deepEqual([...result.findings.values()].flat(), []);
  });

  it('stops after the bound when fixes never settle', () => {
    const flipFlop: DocRule = {
      ...stagedRule,
      check(doc, ctx) {
        const at = doc.text.search(/ping|pong/);
        if (at === -1) return;
        const next = doc.text.startsWith('ping', at) ? 'pong' : 'ping';
        ctx.report({ start: at, end: at + 4, message: 'x', fixes: [{ title: 'flip', safe: true, edits: [{ start: at, end: at + 4, newText: next }] }] });
      },
    };
    const result = fixWorkspace(new Analyzer({ rules: [flipFlop] }), new Map([['f', svc('  a: ping\n')]]), defaultConfig(), { maxPasses: 3 });
    assert.equal(result.passes, 3);
    assert.equal(result.findings.get('f')!.length, 1);
  });
});

/** A registered rule with a safe fix for its own bad example, if any rule has landed yet. */
function safeFixExample(): { id: string; bad: string } | undefined {
  for (const rule of documentedRules()) {
    if (rule.meta.fix !== 'safe' && rule.meta.fix !== 'sometimes-safe') continue;
    const findings = lintInProcess({ 'bad.yaml': rule.meta.docs.bad }).get('bad.yaml') ?? [];
    const safe = findings.filter((f) => f.rule === rule.meta.id).flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));
    if (safe.length) return { id: rule.meta.id, bad: rule.meta.docs.bad };
  }
  return undefined;
}

describe('lint --fix', () => {
  it('rewrites files with safe fixes, keeps their mode, and reports what remains', (t) => {
    const example = safeFixExample();
    if (!example) return t.skip('no registered rule offers a safe fix yet');
    const untouched = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n';
    const dir = tempDir({ 'bad.yaml': example.bad, 'untouched.yaml': untouched });
    chmodSync(join(dir, 'bad.yaml'), 0o640);
    const before = lintInProcess({ 'bad.yaml': example.bad }).get('bad.yaml')!.filter((f) => f.rule === example.id).length;
    assert.match(cli(['lint', '.'], { cwd: dir }).stdout, /\n {2}\d+ of them can be fixed safely with --fix\n$/);
    const res = cli(['lint', '--fix', '--format', 'json', '.'], { cwd: dir });
    const after = readFileSync(join(dir, 'bad.yaml'), 'utf8');
    assert.notEqual(after, example.bad, 'the file was rewritten');
    assert.equal(statSync(join(dir, 'bad.yaml')).mode & 0o777, 0o640);
    // What is printed is the analysis of the rewritten file, in the workspace it was linted in
    // (cross-file rules see the other file's Service).
    const remaining = lintInProcess({ 'bad.yaml': after, 'untouched.yaml': untouched }).get('bad.yaml')!;
    assert.deepEqual(json(res).findings.map((f) => [f.rule, f.line]), remaining.map((f) => [f.rule, expectLine(after, f.start)]));
    assert.ok(remaining.filter((f) => f.rule === example.id).length < before, `${example.id} findings went down`);
    assert.deepEqual(remaining.filter((f) => f.fixes.some((x) => x.safe)).map((f) => f.rule), [], 'no safe fix left unapplied');
    assert.match(res.stderr, /✔ Fixed \d+ problems? in 1 file/);
    assert.equal(readFileSync(join(dir, 'untouched.yaml'), 'utf8'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n');
    // A second run has nothing left to fix.
    const again = cli(['lint', '--fix', '.'], { cwd: dir });
    assert.match(again.stdout, /✔ Fixed 0 problems in 0 files/);
    assert.equal(readFileSync(join(dir, 'bad.yaml'), 'utf8'), after);
  });

  // Before: `lint --fix manifests/` rewrote ../outside/x.yaml through a symlink ("Fixed 1 problem in 1 file").
  it('never writes a file whose real path is outside the named paths; symlink loops are harmless', (t) => {
    const example = safeFixExample();
    if (!example) return t.skip('no registered rule offers a safe fix yet');
    const dir = tempDir({ 'outside/x.yaml': example.bad, 'manifests/own.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n' });
    symlinkSync(join(dir, 'outside/x.yaml'), join(dir, 'manifests/link.yaml'));
    symlinkSync(join(dir, 'outside'), join(dir, 'manifests/outdir'));
    symlinkSync(join(dir, 'manifests'), join(dir, 'manifests/loop'));
    symlinkSync(join(dir, 'manifests/l2.yaml'), join(dir, 'manifests/l1.yaml'));
    symlinkSync(join(dir, 'manifests/l1.yaml'), join(dir, 'manifests/l2.yaml'));
    const plain = cli(['lint', 'manifests/'], { cwd: dir });
    const res = cli(['lint', '--fix', 'manifests/'], { cwd: dir });
    assert.equal(readFileSync(join(dir, 'outside/x.yaml'), 'utf8'), example.bad, 'the outside file is untouched');
    // The walker does not follow links out of the named folder (fs/walk.ts); write-fixed.ts would refuse them anyway.
    assert.match(res.stderr, /manifests\/link\.yaml: note: symbolic link to .*outside\/x\.yaml, outside the folder walked: skipped/);
    assert.match(res.stderr, /manifests\/loop: note: symbolic link loop/);
    assert.match(res.stderr, /manifests\/l1\.yaml: note: symbolic link loop: skipped/);
    assert.match(res.stdout, /✔ Fixed 0 problems in 0 files/);
    assert.equal(res.code, plain.code, 'the exit code is what the findings say');
    // Named explicitly (or its directory), the target is in scope and is fixed.
    const named = cli(['lint', '--fix', 'manifests/', 'outside/'], { cwd: dir });
    assert.match(named.stdout, /✔ Fixed \d+ problems? in 1 file/);
    assert.notEqual(readFileSync(join(dir, 'outside/x.yaml'), 'utf8'), example.bad);
    assert.deepEqual(readdirSync(join(dir, 'outside')), ['x.yaml'], 'no temporary file left');
  });

  // Before: the temporary file was .<name>.istio-tips-<pid>.tmp, opened without O_EXCL: a link
  // planted at that name (pids are guessable) made --fix write the link's target.
  it('creates its temporary file exclusively: a link planted at the temporary name is never written through', (t) => {
    const example = safeFixExample();
    if (!example) return t.skip('no registered rule offers a safe fix yet');
    const victim = 'not yours\n';
    const dir = tempDir({ 'manifests/bad.yaml': example.bad, 'victim.txt': victim });
    // Runs in the CLI's process before it starts: the "random" part of every temporary name is
    // made known in advance (zeros), and links to victim.txt wait at that name and at the old one.
    const plant = join(dir, 'plant.cjs');
    writeFileSync(
      plant,
      `const { symlinkSync } = require('node:fs');
const crypto = require('node:crypto');
crypto.randomBytes = (n) => Buffer.alloc(n);
for (const name of ['.bad.yaml.istio-tips-' + process.pid + '.tmp', '.bad.yaml.istio-tips-${'00'.repeat(6)}.tmp'])
  symlinkSync(${JSON.stringify(join(dir, 'victim.txt'))}, ${JSON.stringify(join(dir, 'manifests'))} + '/' + name);
`,
    );
    const res = cli(['lint', '--fix', 'manifests/'], { cwd: dir, env: { NODE_OPTIONS: `--require ${plant}`, ISTIO_TIPS_CODE_CACHE: 'off' } });
    assert.equal(readFileSync(join(dir, 'victim.txt'), 'utf8'), victim, `the link's target is untouched\n${res.stderr}`);
    // The name is taken, so this write fails (reported, exit 2) rather than follow the link.
    assert.match(res.stderr, /manifests\/bad\.yaml: error: cannot write the fixed file: EEXIST/);
    assert.equal(readFileSync(join(dir, 'manifests/bad.yaml'), 'utf8'), example.bad);
  });

  it('leaves files without safe fixes byte for byte as they were', () => {
    const text = 'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: x\r\n  name: y\r\n';
    const dir = tempDir({ 'crlf.yaml': text });
    const res = cli(['lint', '--fix', 'crlf.yaml'], { cwd: dir });
    assert.equal(res.code, 1);
    assert.equal(readFileSync(join(dir, 'crlf.yaml'), 'utf8'), text);
  });
});

function expectLine(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
