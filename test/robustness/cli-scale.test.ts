/**
 * The CLI on what CI meets in big repositories: a directory of 10,000 files and a 50 MB
 * file. Each gets a bounded answer (the test timeout is the bound) and a clear message.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli/helpers';

const dir = mkdtempSync(join(tmpdir(), 'istio-tips-scale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI at scale', () => {
  it('lints a directory of 10,000 files, finding the one bad manifest among them', { timeout: 180_000 }, () => {
    const root = join(dir, 'many');
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(root, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) {
        const name = `s${d}-${f}`;
        writeFileSync(join(root, `d${d}`, `${name}.yaml`), `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: 80}]\n`);
      }
    }
    writeFileSync(
      join(root, 'd42', 's42-7.yaml'),
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRCT\n',
    );
    const res = cli(['lint', '--format', 'json', root], { cwd: dir });
    assert.equal(res.code, 1, res.stderr);
    const { findings } = JSON.parse(res.stdout) as { findings: { file: string; rule: string; line: number }[] };
    assert.deepEqual(
      findings.map((f) => [f.file, f.rule, f.line]),
      [['many/d42/s42-7.yaml', 'mtls-invalid-mode', 8]],
    );
  });

  it('skips a 50 MB file with a message naming the limit, and still lints the others', { timeout: 60_000 }, () => {
    const root = join(dir, 'big');
    mkdirSync(root);
    const doc = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n';
    writeFileSync(join(root, 'huge.yaml'), doc.repeat(Math.ceil((50 * 1024 * 1024) / doc.length)).replace(/\nkind/g, '\n---\nkind').slice(0, 50 * 1024 * 1024));
    writeFileSync(join(root, 'small.yaml'), 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a, namespace: b}\nspec: {mtls: {mode: strict}}\n');
    const res = cli(['lint', root], { cwd: dir });
    assert.match(res.stdout + res.stderr, /huge\.yaml.*(larger|size|limit|maxFileSize)/i);
    assert.match(res.stdout, /small\.yaml:4:.*mtls-invalid-mode/);
  });
});
