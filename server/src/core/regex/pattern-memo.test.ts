import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PatternMemo } from './pattern-memo';
import { fullMatchProblem, plainEquivalent, type PatternContext } from './intent';
import { findEscapedWildcards, findGlob, findSlashDelimited } from './shape';
import { scanPattern } from './syntax-scan';
import { parseRegex } from './syntax-tree';

const patterns = ['Google', '.*Google.*', '.\\*Google.\\*', '*.example.com', '/Google/i', '^/api/v2', '/api/.*', '(?<v>x)\\Z', '[a-z', 'a{,5}', ''];
const contexts: PatternContext[] = [
  { field: 'header', name: 'user-agent', semantics: 'full' },
  { field: 'uri', semantics: 'full' },
  { field: 'corsOrigin', semantics: 'full' },
  { field: 'uri', semantics: 'replace' },
];

describe('PatternMemo', () => {
  it('returns what the functions it stands for return, for every pattern and context', () => {
    const memo = new PatternMemo();
    for (let round = 0; round < 2; round++) {
      for (const p of patterns) {
        assert.deepEqual(memo.tree(p), parseRegex(p));
        assert.deepEqual(memo.scan(p), scanPattern(p));
        assert.deepEqual(memo.escapedWildcards(p), findEscapedWildcards(p));
        for (const ctx of contexts) {
          assert.deepEqual(memo.glob(p, ctx.field), findGlob(p, ctx.field), `${p} ${ctx.field}`);
          assert.deepEqual(memo.slashDelimited(p, ctx.field, ctx.name), findSlashDelimited(p, ctx.field, ctx.name));
          assert.deepEqual(memo.fullMatchProblem(p, ctx), fullMatchProblem(p, ctx), `${p} ${JSON.stringify(ctx)}`);
          assert.deepEqual(memo.plainEquivalent(p, ctx), plainEquivalent(p, ctx));
        }
      }
    }
  });

  it('keeps results apart by context', () => {
    const memo = new PatternMemo();
    const header = memo.fullMatchProblem('Google', contexts[0]);
    const rewrite = memo.fullMatchProblem('Google', contexts[3]);
    assert.ok(header, 'a bare word in user-agent is a fragment');
    assert.equal(rewrite, undefined, 'a rewrite pattern is a search, not a full match');
  });

  it('computes once per pattern and hands out the same frozen result', () => {
    const memo = new PatternMemo();
    const a = memo.scan('(?<v>x)\\Z');
    assert.equal(memo.scan('(?<v>x)\\Z'), a);
    assert.ok(Object.isFrozen(a) && a.length > 0 && Object.isFrozen(a[0]));
    assert.throws(() => (a as unknown as unknown[]).push(1), TypeError);
  });

  it('stays bounded: keeps the most recently used patterns, and still answers correctly', () => {
    const memo = new PatternMemo({ maxEntries: 10, maxChars: 1_000 });
    const hot = memo.tree('hot.*');
    for (let i = 0; i < 100; i++) {
      memo.tree(`p${i}.*`);
      // A pattern asked for on every edit (the document being typed in) is never evicted.
      assert.equal(memo.tree('hot.*'), hot);
    }
    assert.equal(memo.size, 10);
    memo.tree('x'.repeat(600));
    memo.tree('y'.repeat(600));
    assert.ok(memo.size <= 2, `size ${memo.size} after two 600-character patterns`);
    assert.deepEqual(memo.scan('a{,5}'), scanPattern('a{,5}'));
  });

  it('holds a bounded weight of parsed patterns however many distinct ones an editing session makes', () => {
    const memo = new PatternMemo();
    // Typing inside a regex value: every keystroke is a new distinct pattern.
    for (let i = 0; i < 30_000; i++) memo.tree(`^/api/v${i}/(users|orders)(/.*)?$`);
    assert.ok(memo.size <= 2_000, `size ${memo.size}`);
  });
});
