/** The generated rule docs (docs/rules, README table) must match the rules' metadata. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

it('docs/rules and the README rule table are up to date (npm run docs)', () => {
  const root = join(__dirname, '..');
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-docs.ts', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(res.status, 0, `${res.stderr}${res.stdout}`);
});
