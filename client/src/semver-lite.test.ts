import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse, satisfies } from './semver-lite';

const require = createRequire(__filename);
const realParse = require('semver/functions/parse') as (v: unknown) => { version: string; prerelease: unknown[] } | null;
const realSatisfies = require('semver/functions/satisfies') as (v: unknown, r: unknown, o?: unknown) => boolean;

const versions = ['1.82.0', '1.95.3', '1.81.9', '2.0.0', '0.0.3', '0.2.5', '0.3.0', 'v1.90.0', ' 1.90.0 ', '1.96.0-insider', '1.82.0-0', '1.2', '01.2.3', 'x', '', '1.2.3+build.5', '99999999999999999.0.0'];
const ranges = ['^1.82.0', '^1.95.3', '^0.2.3', '^0.0.3', '^2.0.0', '>=1.82.0', '1.x', '^1.82', ' ^1.82.0', 'not a range'];

test('parse agrees with semver on what it accepts and the version it reads', () => {
  for (const v of versions) {
    const ours = parse(v) as { version: string; prerelease: unknown[] } | null;
    const real = realParse(v);
    assert.equal(ours?.version, real?.version, v);
    assert.deepEqual(ours?.prerelease, real?.prerelease, v);
  }
});

test('satisfies agrees with semver for every version and range, as strings and parsed', () => {
  for (const v of versions) {
    for (const r of ranges) {
      assert.equal(satisfies(v, r), realSatisfies(v, r), `${v} ${r}`);
      const parsed = parse(v);
      if (parsed) assert.equal(satisfies(parsed, r), realSatisfies(realParse(v), r), `parsed ${v} ${r}`);
    }
  }
});

test("vscode-languageclient's check: an insiders build with its prerelease cleared, as the client does", () => {
  const v = parse('1.96.0-insider') as { prerelease: unknown[] };
  v.prerelease = [];
  assert.equal(satisfies(v, '^1.82.0'), true);
});

test("vscode-languageclient still asks for a caret range (the case answered without semver)", () => {
  const main = readFileSync(require.resolve('vscode-languageclient/lib/node/main.js'), 'utf8');
  assert.match(main, /REQUIRED_VSCODE_VERSION = '\^\d+\.\d+\.\d+'/);
  assert.match(main, /require\("semver\/functions\/parse"\)/);
  assert.match(main, /require\("semver\/functions\/satisfies"\)/);
});
