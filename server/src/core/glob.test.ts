import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { globMatcher, globsMatcher } from './glob';
import { isExcluded } from './config';
import { seededRandom } from '../test-support/seeded-random';

/** The backtracking translation the automaton replaced: same language, exponential on hostile globs. */
function referenceRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:[^/]*/)*';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(glob.includes('/') ? `^${re}$` : `(?:^|/)${re}$`);
}
const reference = (glob: string, path: string) => referenceRegExp(glob).test(path) || referenceRegExp(glob).test(`${path}/`);

describe('exclude globs', () => {
  it('match like the documented patterns', () => {
    const cases: [string, string, boolean][] = [
      ['charts/*/templates/**', 'charts/shop/templates/vs.yaml', true],
      ['charts/*/templates/**', 'charts/shop/values.yaml', false],
      ['charts/*/templates/**', 'charts/shop/templates', true],
      ['**/*.generated.yaml', 'a.generated.yaml', true],
      ['**/*.generated.yaml', 'x/y/a.generated.yaml', true],
      ['**/*.generated.yaml', 'x/y/a.yaml', false],
      ['*.yaml', 'deep/dir/f.yaml', true],
      ['f?.yaml', 'f1.yaml', true],
      ['f?.yaml', 'f/.yaml', false],
      ['**/node_modules/**', 'a/node_modules', true],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a/**/b', 'ab', false],
      ['a/**b', 'a/x/yb', true],
      ['[x].yaml', '[x].yaml', true],
    ];
    for (const [glob, path, want] of cases) {
      assert.equal(globMatcher(glob)(path), want, `${glob} on ${path}`);
      assert.equal(reference(glob, path), want, `reference: ${glob} on ${path}`);
    }
  });

  it('agree with the regex translation on random globs and paths', () => {
    const rand = seededRandom(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const globParts = ['a', 'b', '/', '*', '**', '**/', '?', '.', 'ab'];
    const pathParts = ['a', 'b', '/', '.', 'ab', 'ba', 'aa'];
    for (let n = 0; n < 20_000; n++) {
      const glob = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(globParts)).join('');
      const path = Array.from({ length: Math.floor(rand() * 7) }, () => pick(pathParts)).join('');
      assert.equal(globMatcher(glob)(path), reference(glob, path), `${JSON.stringify(glob)} on ${JSON.stringify(path)}`);
    }
  });

  it('backslashes in paths count as separators', () => {
    assert.equal(globsMatcher(['a/*.yaml'])('a\\b.yaml'), true);
    assert.equal(isExcluded('x\\node_modules\\y.yaml', ['**/node_modules/**']), true);
  });

  // Before: the backtracking regex took ~38 s of CPU for this glob on one 65-character name.
  it('a hostile glob is answered in linear time', { timeout: 5_000 }, () => {
    const globs = ['*a*a*a*a*a*a*a*b', '**a**a**a**a**a**a**a**b', 'a/**/**/**/**/**/**/**/b'];
    const name = 'a'.repeat(65);
    for (const glob of globs) {
      assert.equal(isExcluded(name, [glob]), false);
      assert.equal(isExcluded(`a/${'a/'.repeat(40)}c`, [glob]), false);
    }
  });
});
