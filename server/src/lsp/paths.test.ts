import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { relativeInside } from './paths';

describe('relativeInside', () => {
  it('keeps names that merely start with two dots', () => {
    assert.equal(relativeInside('/repo', '/repo/..hidden.yaml'), '..hidden.yaml');
    assert.equal(relativeInside('/repo', '/repo/a/..b/c.yaml'), 'a/..b/c.yaml');
  });
  it('rejects paths outside the root', () => {
    assert.equal(relativeInside('/repo', '/other/x.yaml'), undefined);
    assert.equal(relativeInside('/repo', '/repo-2/x.yaml'), undefined);
    assert.equal(relativeInside('/repo/a', '/repo'), undefined);
    assert.equal(relativeInside('/repo', '/repo'), '');
  });
});
