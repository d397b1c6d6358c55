import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closesWithWildcard, literalOf, opensWithWildcard, parseRegex, type RegexNode } from './syntax-tree';

/** A compact rendering of a tree: lit chars, `.`, [class], ^/$, (group), x{min,max}. */
function show(nodes: readonly RegexNode[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'lit':
          return n.ch;
        case 'any':
          return '.';
        case 'class':
          return `[${n.negated ? '^' : ''}${n.sample}]`;
        case 'assert':
          return `<${n.kind}>`;
        case 'flags':
          return `(?${n.flags})`;
        case 'group':
          return `(${n.alts.map(show).join('|')})`;
        case 'repeat':
          return `${show([n.node])}{${n.min},${n.max === Infinity ? '' : n.max}${n.lazy ? '?' : ''}}`;
        case 'badRepeat':
          return `!${n.op}`;
      }
    })
    .join('');
}

describe('parseRegex', () => {
  it('reads literals, escapes, classes, anchors and repetitions with positions', () => {
    const tree = parseRegex('^/api/v\\d+\\.json$');
    assert.equal(tree.ok, true);
    assert.equal(show(tree.alts[0]), '<^>/api/v[7]{1,}.json<$>');
    const dot = tree.alts[0].find((n) => n.t === 'lit' && n.ch === '.' && n.escaped)!;
    assert.deepEqual([dot.start, dot.end], [10, 12]);
  });

  it('reads groups, alternation, flags, lazy and counted repetitions', () => {
    const tree = parseRegex('(?i)(?:a|b)(?P<v>c)*?x{2,3}');
    assert.equal(show(tree.alts[0]), '(?i)(a|b)(c){0,?}x{2,3}');
    assert.equal(tree.groups, 1);
  });

  it('keeps RE2 literal braces and POSIX classes', () => {
    assert.equal(show(parseRegex('a{,5}[[:digit:]]').alts[0]), 'a{,5}[0]');
  });

  it('quotes \\Q…\\E as literals', () => {
    assert.equal(literalOf(parseRegex('\\Qa.b*\\E').alts[0]), 'a.b*');
  });

  it('marks a repetition with nothing to repeat, and syntax RE2 lacks', () => {
    const star = parseRegex('*.svc');
    assert.equal(star.ok, false);
    assert.equal(show(star.alts[0]), '!*.svc');
    assert.equal(parseRegex('(?=a)b').ok, false);
    assert.equal(parseRegex('(a)\\1').ok, false);
    assert.equal(parseRegex('(a').ok, false);
    assert.equal(parseRegex('a)').ok, false);
  });

  it('never throws on hostile input', () => {
    for (const p of ['\\', '[', '(?', '(?P<', '\\x{zz', '\\p{', '[\\', 'a{99999999999999999999}', '\u{1F600}*', '\u2591\u2591']) {
      assert.doesNotThrow(() => parseRegex(p), p);
    }
  });
});

describe('wildcard helpers', () => {
  it('sees wildcards at the ends, including inside optional groups', () => {
    const t = (p: string) => parseRegex(p).alts;
    assert.equal(opensWithWildcard(t('.*Google')), true);
    assert.equal(opensWithWildcard(t('(?i).*google')), true);
    assert.equal(opensWithWildcard(t('(.*?;)?(user=jason)')), true);
    assert.equal(opensWithWildcard(t('Google.*')), false);
    assert.equal(closesWithWildcard(t('/api(/.*)?')), true);
    assert.equal(closesWithWildcard(t('[^;]+')), true);
    assert.equal(closesWithWildcard(t('[a-z]+')), false);
    assert.equal(opensWithWildcard(t('.*a|b')), false);
  });

  it('reads literals only when nothing but literals is there', () => {
    assert.equal(literalOf(parseRegex('/health\\.json').alts[0]), '/health.json');
    assert.equal(literalOf(parseRegex('/health.').alts[0]), undefined);
  });
});
