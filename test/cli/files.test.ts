/**
 * Which files get analysed: directory recursion, excludes, and per-file problems that
 * must never stop the other files from being analysed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, json, BAD_ESCAPE, CLEAN } from './helpers';

const files = (res: ReturnType<typeof cli>) => [...new Set(json(res).findings.map((f) => f.file))].sort();

describe('lint: directories', () => {
  it('recurses into directories for .yaml/.yml, applying config and default excludes', () => {
    const dir = tempDir({
      '.istio-tips.yaml': 'exclude:\n  - "vendor/**"\n  - "*.generated.yaml"\n',
      'a.yaml': BAD_ESCAPE,
      'sub/deeper/b.yml': BAD_ESCAPE,
      'sub/notes.txt': BAD_ESCAPE,
      'sub/c.generated.yaml': BAD_ESCAPE,
      'vendor/c.yaml': BAD_ESCAPE,
      'node_modules/pkg/d.yaml': BAD_ESCAPE,
    });
    const res = cli(['lint', '--format', 'json', '.'], { cwd: dir });
    assert.deepEqual(files(res), ['a.yaml', 'sub/deeper/b.yml']);
    assert.equal(res.stderr, '');
  });

  it('does not exclude files named explicitly, nor below an excluded directory named explicitly', () => {
    const dir = tempDir({ '.istio-tips.yaml': 'exclude: ["vendor/**"]\n', 'vendor/c.yaml': BAD_ESCAPE, 'vendor/x/d.yaml': BAD_ESCAPE });
    assert.deepEqual(files(cli(['lint', '--format', 'json', 'vendor/c.yaml'], { cwd: dir })), ['vendor/c.yaml']);
    assert.deepEqual(files(cli(['lint', '--format', 'json', 'vendor'], { cwd: dir })), ['vendor/c.yaml', 'vendor/x/d.yaml']);
  });

  it('names files relative to the working directory, also above it', () => {
    const dir = tempDir({ 'k8s/a.yaml': BAD_ESCAPE, 'tools/.keep': '' });
    const res = cli(['lint', '--format', 'json', '../k8s'], { cwd: join(dir, 'tools') });
    assert.deepEqual(files(res), ['../k8s/a.yaml']);
  });

  it('analyses a file once when named twice', () => {
    const dir = tempDir({ 'a.yaml': BAD_ESCAPE });
    assert.equal(json(cli(['lint', '--format', 'json', 'a.yaml', '.', './a.yaml'], { cwd: dir })).findings.length, 1);
  });

  it('says so when a directory holds no YAML', () => {
    const dir = tempDir({ 'readme.md': '# hi' });
    const res = cli(['lint', '.'], { cwd: dir });
    assert.equal(res.code, 0);
    assert.match(res.stderr, /no \.yaml or \.yml files found in \./);
  });
});

describe('lint: symbolic links (fs/walk.ts policy)', () => {
  it('follows links that stay inside the named folder, once; skips links out, loops and dangling links with a note', () => {
    const dir = tempDir({
      'outside/x.yaml': BAD_ESCAPE,
      'tree/own.yaml': BAD_ESCAPE,
      'tree/data/vs.txt': BAD_ESCAPE,
      'tree/sub/inner.yaml': BAD_ESCAPE,
    });
    symlinkSync(join(dir, 'outside'), join(dir, 'tree/out-dir'));
    symlinkSync(join(dir, 'outside/x.yaml'), join(dir, 'tree/out.yaml'));
    symlinkSync(join(dir, 'tree'), join(dir, 'tree/sub/loop'));
    symlinkSync('data/vs.txt', join(dir, 'tree/vs.yaml')); // inside: followed, analysed under the link's name
    symlinkSync('sub', join(dir, 'tree/alias')); // inside, already walked: its files are not analysed twice
    symlinkSync('gone.yaml', join(dir, 'tree/dangling.yaml'));
    const res = cli(['lint', '--format', 'json', 'tree'], { cwd: dir });
    assert.equal(res.code, 1);
    assert.deepEqual(files(res), ['tree/own.yaml', 'tree/sub/inner.yaml', 'tree/vs.yaml']);
    const notes = res.stderr.split('\n').filter(Boolean);
    assert.equal(notes.length, 4, res.stderr);
    assert.match(notes[0], /^tree\/dangling\.yaml: note: broken symbolic link \(no such file or directory\): skipped$/);
    assert.match(notes[1], /^tree\/out-dir: note: symbolic link to .*outside, outside the folder walked: skipped$/);
    assert.match(notes[2], /^tree\/out\.yaml: note: symbolic link to .*outside\/x\.yaml, outside the folder walked: skipped$/);
    assert.match(notes[3], /^tree\/sub\/loop: note: symbolic link loop \(to .*tree\): skipped$/);
    // Named too, the outside folder is walked in its own right.
    const both = cli(['lint', '--format', 'json', 'tree', 'outside'], { cwd: dir });
    assert.deepEqual(files(both), ['outside/x.yaml', 'tree/own.yaml', 'tree/sub/inner.yaml', 'tree/vs.yaml']);
  });
});

describe('lint: per-file problems', () => {
  it('skips binary, non-UTF-8, oversized files and dangling links with a note; the others are analysed', () => {
    const dir = tempDir({
      '.istio-tips.yaml': 'maxFileSize: 2000\n',
      'good.yaml': BAD_ESCAPE,
      'binary.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02, 0x0a]),
      'latin1.yaml': Buffer.concat([Buffer.from('kind: Service\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'big.yaml': `${'# padding\n'.repeat(300)}${CLEAN}`,
    });
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    const res = cli(['lint', '.'], { cwd: dir });
    assert.equal(res.code, 1, 'content problems are notes: the exit code reflects the findings');
    assert.equal(
      res.stderr,
      [
        'big.yaml: note: 3.1 KB is over maxFileSize (2.0 KB): skipped',
        'binary.yaml: note: binary content (NUL bytes), not a YAML file: skipped',
        'dangling.yaml: note: broken symbolic link (no such file or directory): skipped',
        'latin1.yaml: note: not valid UTF-8 text (first bad byte at offset 35); Kubernetes manifests must be UTF-8: skipped',
        '',
      ].join('\n'),
    );
    assert.match(res.stdout, /^good\.yaml:10:18 {2}error/m);
    assert.match(res.stdout, /No problems|1 problem/);
  });

  it('exits 2 for a broken symlink named explicitly, after analysing the rest', () => {
    const dir = tempDir({ 'good.yaml': BAD_ESCAPE });
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'link.yaml'));
    const res = cli(['lint', 'link.yaml', 'good.yaml'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.equal(res.stderr, 'link.yaml: error: broken symbolic link (no such file or directory)\n');
    assert.match(res.stdout, /^good\.yaml:10:18/m);
  });

  it('exits 2 for a path that cannot be read, after analysing the rest', () => {
    const dir = tempDir({ 'good.yaml': BAD_ESCAPE, 'plain.txt': 'x' });
    const res = cli(['lint', 'plain.txt/inner.yaml', 'good.yaml'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.equal(res.stderr, 'plain.txt/inner.yaml: error: a parent of this path is not a directory\n');
    assert.match(res.stdout, /^good\.yaml:10:18/m);
  });

  it('exits 2 for a file without read permission', (t) => {
    if (process.getuid?.() === 0) return t.skip('root reads any file');
    const dir = tempDir({ 'good.yaml': BAD_ESCAPE, 'secret.yaml': CLEAN });
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    const res = cli(['lint', '.'], { cwd: dir });
    assert.equal(res.code, 2);
    assert.equal(res.stderr, 'secret.yaml: error: permission denied\n');
    assert.match(res.stdout, /^good\.yaml:10:18/m);
  });

  it('keeps a byte order mark out of the columns', () => {
    const dir = tempDir({});
    writeFileSync(join(dir, 'bom.yaml'), `\ufeff${BAD_ESCAPE}`);
    assert.deepEqual(
      json(cli(['lint', '--format', 'json', 'bom.yaml'], { cwd: dir })).findings.map((f) => [f.line, f.column]),
      [[10, 18]],
    );
  });
});
