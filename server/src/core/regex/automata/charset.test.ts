import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fold, prepareCaseFoldingStep, single } from './charset';

describe('case-folding table built in steps', () => {
  it('takes several short steps, and a half-built table is finished by the first fold with the same answers', () => {
    // This file runs in its own process: nothing has built the table yet.
    assert.equal(prepareCaseFoldingStep(), false);
    assert.equal(prepareCaseFoldingStep(), false);
    // k, K and the Kelvin sign fold together (CaseFolding.txt: 212A; K), as in RE2's (?i).
    assert.deepEqual(fold(single(0x6b)), [0x4b, 0x4b, 0x6b, 0x6b, 0x212a, 0x212a]);
    assert.deepEqual(fold(single(0x3c3)), [0x3a3, 0x3a3, 0x3c2, 0x3c3]);
    assert.equal(prepareCaseFoldingStep(), true);
  });
});
