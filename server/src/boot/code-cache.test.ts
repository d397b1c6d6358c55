import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cacheFileName, cacheFolder, STALE_AFTER_MS } from './code-cache';

const ROOT = resolve(__dirname, '../../..');
const LOADER = join(__dirname, 'code-cache.ts');

/** Enough functions that compiling them (or not) shows in the cache's size. */
function bundleSource(marker: string): string {
  const fns = Array.from({ length: 300 }, (_, i) => `function f${i}(x) { let s = 0; for (let j = 0; j < x; j++) s += (j * ${i}) % 7; return s + ${i}; }`);
  return `'use strict';\n// ${marker}\n${fns.join('\n')}\nexports.small = () => f1(3);\nexports.large = () => [${fns.map((_, i) => `f${i}(2)`).join(', ')}].length;\nexports.dir = __dirname;\nexports.req = typeof require('node:path').join;\nglobalThis.__bundle = module.exports;\n`;
}

interface ChildReport {
  state: string;
  ran: unknown;
  dir: string;
  req: string;
  saved: boolean;
  /** The cache file the child used: its name hashes the child's own execArgv, not this process's. */
  cacheFile?: string;
}

/**
 * Each load runs in a process of its own, as in real use: inside one process V8's own
 * compilation cache would answer a second load before the code cache is even looked at.
 */
function load(dir: string, bundle: string, call: 'small' | 'large', env: Record<string, string> = {}): ChildReport {
  const child = join(dir, 'child.cjs');
  writeFileSync(
    child,
    `const { loadBundle } = require(${JSON.stringify(LOADER)});\n` +
      `const b = loadBundle(process.argv[2]);\n` +
      `const m = globalThis.__bundle;\n` +
      `process.stdout.write(JSON.stringify({ state: b.state, ran: m[process.argv[3]](), dir: m.dir, req: m.req, saved: b.save(), cacheFile: b.cacheFile }));\n`,
  );
  const res = spawnSync(process.execPath, ['--import', 'tsx', child, bundle, call], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ISTIO_TIPS_CODE_CACHE: join(dir, 'cache'), ...env },
  });
  assert.equal(res.status, 0, res.stderr);
  return JSON.parse(res.stdout) as ChildReport;
}

describe('code cache (boot/code-cache.ts)', () => {
  let dir: string;
  let bundle: string;
  const cacheDir = () => join(dir, 'cache');
  const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'istio-tips-code-cache-'));
    bundle = join(dir, 'bundle.js');
    writeFileSync(bundle, bundleSource('v1'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a first process finds no cache, runs the bundle as require would, and writes a private cache file', () => {
    const r = load(dir, bundle, 'small');
    assert.equal(r.state, 'absent');
    assert.deepEqual([r.ran, r.dir, r.req], [4, dir, 'function']);
    assert.equal(r.saved, true);
    const [file] = cacheFiles();
    assert.match(file, /^bundle-[0-9a-f]{24}\.v8cache$/);
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(cacheDir(), file)).mode & 0o777, 0o600);
      assert.equal(statSync(cacheDir()).mode & 0o777, 0o700);
    }
  });

  it('the next process has V8 accept it, and rewrites it only when it compiled clearly more', () => {
    const file = join(cacheDir(), cacheFiles()[0]);
    const before = readFileSync(file).length;
    const same = load(dir, bundle, 'small');
    assert.deepEqual([same.state, same.ran, same.saved], ['accepted', 4, false]);
    const more = load(dir, bundle, 'large');
    assert.deepEqual([more.state, more.ran, more.saved], ['accepted', 300, true]);
    assert.ok(readFileSync(file).length > before * 1.05, `${readFileSync(file).length} vs ${before}`);
    assert.equal(cacheFiles().length, 1, 'no temporary file left behind');
  });

  it('a corrupt cache is refused by V8, the bundle still runs, and the cache is replaced', () => {
    const file = join(cacheDir(), cacheFiles()[0]);
    writeFileSync(file, Buffer.alloc(4096, 7), { mode: 0o600 });
    const r = load(dir, bundle, 'small');
    assert.deepEqual([r.state, r.ran, r.saved], ['rejected', 4, true]);
    assert.equal(load(dir, bundle, 'small').state, 'accepted');
  });

  it('a cache file others may write is neither read nor replaced', { skip: process.platform === 'win32' }, () => {
    const file = join(cacheDir(), cacheFiles()[0]);
    chmodSync(file, 0o666);
    const bytes = readFileSync(file);
    const r = load(dir, bundle, 'large');
    assert.deepEqual([r.state, r.ran, r.saved], ['untrusted', 300, false]);
    assert.deepEqual(readFileSync(file), bytes);
    chmodSync(file, 0o600);
  });

  it('a cache folder others may write is skipped: its files are neither read nor replaced', { skip: process.platform === 'win32' }, () => {
    const file = join(cacheDir(), cacheFiles()[0]);
    const bytes = readFileSync(file);
    chmodSync(cacheDir(), 0o777);
    try {
      const r = load(dir, bundle, 'large');
      assert.deepEqual([r.state, r.ran, r.saved], ['untrusted', 300, false]);
      assert.deepEqual(readFileSync(file), bytes);
    } finally {
      chmodSync(cacheDir(), 0o700);
    }
  });

  it('another text of the same length gets a cache of its own', () => {
    const other = join(dir, 'other', 'bundle.js');
    mkdirSync(join(dir, 'other'));
    const text = bundleSource('v2');
    assert.equal(text.length, bundleSource('v1').length);
    writeFileSync(other, text);
    assert.notEqual(cacheFileName(other, Buffer.from(text)), cacheFileName(bundle, readFileSync(bundle)));
    const r = load(dir, other, 'small');
    assert.deepEqual([r.state, r.ran], ['absent', 4]);
    assert.equal(cacheFiles().length, 2);
  });

  it('writing a cache deletes other builds\' caches of the same bundle unused for a month, and only those', () => {
    const stale = join(cacheDir(), `bundle-${'a'.repeat(24)}.v8cache`);
    const recent = join(cacheDir(), `bundle-${'b'.repeat(24)}.v8cache`);
    const otherBundle = join(cacheDir(), `server-${'c'.repeat(24)}.v8cache`);
    for (const f of [stale, recent, otherBundle]) writeFileSync(f, 'x');
    const old = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    utimesSync(stale, old, old);
    utimesSync(otherBundle, old, old);
    const current = load(dir, bundle, 'small').cacheFile!;
    rmSync(current);
    assert.equal(load(dir, bundle, 'small').saved, true);
    assert.deepEqual([existsSync(stale), existsSync(recent), existsSync(otherBundle), existsSync(current)], [false, true, true, true]);
  });

  it('off, or a folder that cannot be made: the bundle runs without a cache and nothing throws', () => {
    const off = load(dir, bundle, 'small', { ISTIO_TIPS_CODE_CACHE: 'off' });
    assert.deepEqual([off.state, off.ran, off.saved], ['off', 4, false]);
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const r = load(dir, bundle, 'small', { ISTIO_TIPS_CODE_CACHE: join(blocked, 'cache') });
    assert.deepEqual([r.state, r.ran, r.saved], ['absent', 4, false]);
  });

  it('lives in a per-user cache folder on each platform', () => {
    const env = (e: Record<string, string>) => e as NodeJS.ProcessEnv;
    assert.equal(cacheFolder({ env: env({}), platform: 'linux', home: '/home/u' }), join('/home/u', '.cache', 'istio-tips'));
    assert.equal(cacheFolder({ env: env({ XDG_CACHE_HOME: '/x' }), platform: 'linux', home: '/home/u' }), join('/x', 'istio-tips'));
    assert.equal(cacheFolder({ env: env({}), platform: 'darwin', home: '/Users/u' }), join('/Users/u', 'Library', 'Caches', 'istio-tips'));
    assert.equal(cacheFolder({ env: env({ LOCALAPPDATA: 'C:\\L' }), platform: 'win32', home: 'C:\\U' }), join('C:\\L', 'istio-tips', 'code-cache'));
    assert.equal(cacheFolder({ env: env({}), platform: 'win32', home: 'C:\\U' }), undefined);
    assert.equal(cacheFolder({ env: env({}), platform: 'linux', home: undefined }), undefined);
    assert.equal(cacheFolder({ env: env({ ISTIO_TIPS_CODE_CACHE: '/c' }), platform: 'linux', home: '/home/u' }), '/c');
    assert.equal(cacheFolder({ env: env({ ISTIO_TIPS_CODE_CACHE: 'OFF' }), platform: 'linux', home: '/home/u' }), undefined);
  });
});
