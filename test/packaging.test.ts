/**
 * What ships: the .vsix (vsce's file list, from .vscodeignore) and the npm package (npm's,
 * from .npmignore) both carry dist/THIRD_PARTY_NOTICES.txt, which the build writes
 * with the licence of every bundled package and RE2's BSD licence.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const NOTICES = 'dist/THIRD_PARTY_NOTICES.txt';
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

describe('packaging', () => {
  it('the build writes the notices: every bundled package and RE2', () => {
    assert.ok(existsSync(join(ROOT, NOTICES)), 'run npm run build first');
    const text = readFileSync(join(ROOT, NOTICES), 'utf8');
    for (const pkg of ['re2-wasm', 're2js', 'yaml', 'vscode-languageserver', 'vscode-languageclient']) assert.match(text, new RegExp(`^${pkg} \\d`, 'm'), pkg);
    assert.match(text, /The RE2 Authors/);
    assert.match(text, /Redistributions in binary form must reproduce/);
  });

  it('the .vsix file list holds the notices', { timeout: 120_000 }, () => {
    const files = run(process.execPath, [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies']).split('\n');
    assert.ok(files.includes(NOTICES), files.join('\n'));
    assert.ok(files.includes('dist/re2.wasm'));
  });

  it('`npm run package` builds a .vsix whose readme is the Marketplace one', { timeout: 180_000 }, () => {
    // The script's own vsce arguments, with the output moved to a scratch folder.
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package;
    const args = script.slice(script.indexOf('vsce package') + 'vsce '.length).replace(/\s-o\s+\S+/, '').split(/\s+/);
    const dir = mkdtempSync(join(tmpdir(), 'istio-tips-vsix-'));
    try {
      const out = join(dir, 'istio-tips.vsix');
      run(process.execPath, [join(ROOT, 'node_modules/@vscode/vsce/vsce'), ...args, '-o', out]);
      // Zip entry names are stored as plain text.
      const zip = readFileSync(out).toString('latin1');
      assert.ok(zip.includes('extension/readme.md'), 'the .vsix has a readme');
      assert.ok(!zip.includes('extension/README.md'), 'the contributor README.md is not in the .vsix');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the npm package file list holds the notices', { timeout: 120_000 }, () => {
    const [pack] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'])) as { files: { path: string }[] }[];
    const files = pack.files.map((f) => f.path);
    assert.ok(files.includes(NOTICES), files.join('\n'));
    assert.ok(files.includes('dist/cli.js') && files.includes('bin/istio-tips.js'));
    // What the CLI loads at run time: both RE2 WebAssembly modules (verdicts, program size).
    for (const f of ['dist/re2.wasm', 'dist/re2-glue.js', 'dist/re2-size.wasm']) assert.ok(files.includes(f), f);
  });
});
