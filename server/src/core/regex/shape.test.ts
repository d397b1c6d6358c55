import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findEscapedWildcards, findGlob, findSlashDelimited, hasForeignSyntax } from './shape';

describe('findEscapedWildcards', () => {
  it('finds every Markdown-escaped wildcard with the backslash to drop', () => {
    assert.deepEqual(
      findEscapedWildcards('.\\*Google.\\*').map((w) => [w.start, w.end, w.backslash, w.meant]),
      [
        [0, 3, 1, '.*'],
        [9, 12, 10, '.*'],
      ],
    );
    assert.deepEqual(findEscapedWildcards('(a|[^/]\\+)').map((w) => w.written), ['[^/]\\+']);
  });

  it('leaves deliberate literal stars alone', () => {
    assert.deepEqual(findEscapedWildcards('\\*/\\*'), []);
    assert.deepEqual(findEscapedWildcards('.*Google.*'), []);
    assert.deepEqual(findEscapedWildcards('a\\*'), []);
  });
});

describe('findGlob', () => {
  const regex = (p: string, field: Parameters<typeof findGlob>[1] = 'corsOrigin') => findGlob(p, field)?.regex;

  it('turns shell globs into the regex they stand for', () => {
    assert.equal(regex('https://*.example.com'), 'https://[^/]*\\.example\\.com');
    assert.equal(regex('*.svc.cluster.local', 'authority'), '[^/]*\\.svc\\.cluster\\.local');
    assert.equal(regex('/api/*', 'uri'), '/api/.*');
    assert.equal(regex('*', 'uri'), '.*');
    assert.equal(regex('*Google*', 'header'), '.*Google.*');
    assert.equal(regex('Mozilla*', 'header'), 'Mozilla.*');
    assert.equal(regex('api*.example.com', 'authority'), 'api[^/]*\\.example\\.com');
  });

  it('replaces only the stray star when the rest is already a regex', () => {
    const g = findGlob('/v[0-9]+/*', 'uri');
    assert.equal(g?.pureGlob, false);
    assert.equal(g?.regex, '/v[0-9]+/.*');
  });

  it('marks the stars', () => {
    assert.deepEqual(findGlob('*.example.*', 'authority')?.stars, [
      { start: 0, end: 1 },
      { start: 10, end: 11 },
    ]);
  });

  it('accepts real regexes and Istio\'s withoutHeaders "*" = header present', () => {
    for (const p of ['.*', 'go*gle', 'ab*', 'a+', '(.*?;)?(user=jason)(;.*)?', '[^/]*\\.example\\.com']) assert.equal(findGlob(p, 'header'), undefined, p);
    assert.equal(findGlob('*', 'withoutHeader'), undefined);
    assert.equal(findGlob('*', 'gatewayHeader'), undefined);
    // Under `headers` Istio's webhook compiles "*" and rejects it.
    assert.equal(findGlob('*', 'header')?.regex, '.*');
    assert.equal(findGlob('\u2591*', 'uri'), undefined);
  });
});

describe('findSlashDelimited', () => {
  it('converts a JavaScript literal with flags to inline flags', () => {
    assert.deepEqual(findSlashDelimited('/Google/i', 'header', 'user-agent'), { body: 'Google', flags: 'i', regex: '(?i)Google', dropped: '' });
    assert.deepEqual(findSlashDelimited('/x/gims', 'header'), { body: 'x', flags: 'gims', regex: '(?ims)x', dropped: 'g' });
  });

  it('tells JavaScript literals from paths', () => {
    assert.equal(findSlashDelimited('/api/', 'uri'), undefined);
    assert.equal(findSlashDelimited('/api/', 'header', 'x-original-path'), undefined);
    assert.equal(findSlashDelimited('/api/v1/', 'header', 'user-agent'), undefined);
    assert.equal(findSlashDelimited('/^\\/api/', 'uri')?.regex, '^\\/api');
    assert.equal(findSlashDelimited('/api/i', 'uri')?.regex, '(?i)api');
    assert.equal(findSlashDelimited('/.*Google.*/', 'header', 'user-agent')?.regex, '.*Google.*');
    assert.equal(findSlashDelimited('/a[/]b/', 'header', 'user-agent')?.body, 'a[/]b');
    assert.equal(findSlashDelimited('/x/q', 'header'), undefined);
  });
});

describe('hasForeignSyntax', () => {
  it('is true for any of the three shapes only', () => {
    assert.equal(hasForeignSyntax('.\\*x', 'header'), true);
    assert.equal(hasForeignSyntax('*.x', 'authority'), true);
    assert.equal(hasForeignSyntax('/x/i', 'header'), true);
    assert.equal(hasForeignSyntax('.*x.*', 'header'), false);
  });
});
