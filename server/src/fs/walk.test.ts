import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isInside, walkFiles, type WalkOptions } from './walk';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'istio-tips-walk-')));
after(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function tree(files: Record<string, string>, links: Record<string, string>): string {
  const root = join(base, `t${n++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return root;
}

const yaml = (name: string) => /\.ya?ml$/.test(name);

async function walk(root: string, options: Partial<WalkOptions> = {}) {
  const files: string[] = [];
  const skipped: string[] = [];
  for await (const e of walkFiles(root, { excluded: () => false, accept: yaml, ...options })) {
    const rel = relative(root, e.path);
    if (e.type === 'file') files.push(rel);
    else if (e.type === 'skipped') skipped.push(`${rel}: ${e.message}`);
    else skipped.push(`${rel}: error ${e.error.code}`);
  }
  return { files, skipped };
}

describe('walkFiles: one symlink policy for the CLI and the language server', () => {
  it('walks plain files in name order, depth first, only accepted names', async () => {
    const root = tree({ 'b.yaml': '', 'a/z.yml': '', 'a/notes.txt': '', 'c.yaml': '' }, {});
    assert.deepEqual((await walk(root)).files, ['a/z.yml', 'b.yaml', 'c.yaml']);
  });

  it('follows links inside the root (files once, under their own path first), skips links out, loops and dangling links', async () => {
    const root = tree(
      { 'in/own.yaml': '', 'in/data/vs.txt': '', 'in/sub/inner.yaml': '', 'out/x.yaml': '' },
      {
        'in/out-dir': '../out',
        'in/out.yaml': '../out/x.yaml',
        'in/sub/loop': '..',
        'in/vs.yaml': 'data/vs.txt',
        'in/alias': 'sub',
        'in/again.yaml': 'own.yaml',
        'in/dangling.yaml': 'gone.yaml',
        'in/dangling.txt': 'gone.txt',
        'in/l1.yaml': 'l2.yaml',
        'in/l2.yaml': 'l1.yaml',
      },
    );
    const { files, skipped } = await walk(join(root, 'in'));
    assert.deepEqual(files, ['own.yaml', 'sub/inner.yaml', 'vs.yaml']);
    assert.deepEqual(skipped, [
      'dangling.yaml: broken symbolic link (no such file or directory): skipped',
      'l1.yaml: symbolic link loop: skipped',
      'l2.yaml: symbolic link loop: skipped',
      `out-dir: symbolic link to ${root}/out, outside the folder walked: skipped`,
      `out.yaml: symbolic link to ${root}/out/x.yaml, outside the folder walked: skipped`,
      `sub/loop: symbolic link loop (to ${root}/in): skipped`,
    ]);
  });

  it('walks a directory reached only through a link inside the root, and the root itself through a link', async () => {
    const root = tree({ 'real/skipped/a.yaml': '', 'real/b.yaml': '' }, { 'real/view': 'skipped', 'link': 'real' });
    // `skipped/` excluded by name, reached through `view`: the target is excluded too.
    const excluded = (p: string) => p.endsWith('/skipped');
    assert.deepEqual((await walk(join(root, 'real'), { excluded })).files, ['b.yaml']);
    assert.deepEqual((await walk(join(root, 'link'))).files, ['b.yaml', 'skipped/a.yaml']);
  });

  it('applies excludes to directories being walked and to link names', async () => {
    const root = tree({ 'gen/a.yaml': '', 'keep/b.yaml': '' }, { 'keep/to-gen': '../gen', 'keep/c.yaml': 'b.yaml' });
    const excluded = (p: string) => /\/gen$|to-gen$/.test(p);
    assert.deepEqual((await walk(root, { excluded })).files, ['keep/b.yaml']);
  });

  it('stops when cancelled', async () => {
    const root = tree({ 'a/x.yaml': '', 'b/y.yaml': '' }, {});
    let seen = 0;
    const { files } = await walk(root, { cancelled: () => seen++ > 1 });
    assert.ok(files.length < 2, files.join());
  });

  it('isInside: a name starting with two dots is inside, a parent is not', () => {
    assert.equal(isInside('/r', '/r/..hidden'), true);
    assert.equal(isInside('/r', '/r'), true);
    assert.equal(isInside('/r', '/r2'), false);
    assert.equal(isInside('/r', '/'), false);
  });
});
