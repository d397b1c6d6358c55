import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dollarReferences, fullMatchProblem, plainEquivalent, regexLookingConstruct, startsCaseInsensitive, type PatternContext } from './intent';

const header = (name: string): PatternContext => ({ field: 'header', name, semantics: 'full' });
const uri: PatternContext = { field: 'uri', semantics: 'full' };
const method: PatternContext = { field: 'method', semantics: 'full' };

describe('fullMatchProblem', () => {
  it('flags a start anchor without an end', () => {
    assert.deepEqual(fullMatchProblem('^/api/v2', uri), { kind: 'startOnly', at: { start: 0, end: 1 }, rest: '/api/v2', literal: '/api/v2' });
    assert.equal(fullMatchProblem('^/api/v[0-9]+', uri)?.kind, 'startOnly');
  });

  it('flags an end anchor without a start', () => {
    assert.deepEqual(fullMatchProblem('\\.jpg$', uri), { kind: 'endOnly', at: { start: 5, end: 6 }, rest: '\\.jpg' });
  });

  it('flags fragments of compound headers, with the contains form', () => {
    const p = fullMatchProblem('Google', header('user-agent'));
    assert.equal(p?.kind, 'fragment');
    assert.equal(p?.kind === 'fragment' && p.contains, '.*Google.*');
    const alt = fullMatchProblem('Chrome|Firefox', header('user-agent'));
    assert.equal(alt?.kind === 'fragment' && alt.contains, '.*(?:Chrome|Firefox).*');
    assert.equal(fullMatchProblem('user=jason', header('cookie'))?.kind, 'fragment');
    assert.equal(fullMatchProblem('json', header('accept'))?.kind, 'fragment');
    assert.equal(fullMatchProblem('Bearer', header('authorization'))?.kind, 'fragment');
  });

  it('flags a path pattern that does not start with a slash', () => {
    assert.equal(fullMatchProblem('health', uri)?.kind, 'pathWithoutSlash');
    assert.equal(fullMatchProblem('health', { field: 'gatewayPath', semantics: 'full' })?.kind, 'pathWithoutSlash');
  });

  it('flags a CORS origin without its scheme', () => {
    const origin: PatternContext = { field: 'corsOrigin', semantics: 'full' };
    const p = fullMatchProblem('a\\.com|b\\.com', origin);
    assert.equal(p?.kind === 'originWithoutScheme' && p.suggestion, 'https://(?:a\\.com|b\\.com)');
    assert.equal(fullMatchProblem('http://a\\.com', origin), undefined);
  });

  it('leaves GRPCRoute service/method parts alone (Istio splices them into one path)', () => {
    assert.equal(fullMatchProblem('^Echo', { field: 'grpcMethod', name: 'service', semantics: 'full' }), undefined);
  });

  it('accepts patterns that say what they mean', () => {
    const fine: Array<[string, PatternContext]> = [
      ['^(.*?;)?(user=jason)(;.*)?$', header('cookie')],
      ['^(.*?;)?(user=jason)(;.*)?', header('cookie')],
      ['.*Google.*', header('user-agent')],
      ['(?i).*googlebot.*', header('user-agent')],
      ['Mozilla/5\\.0.*', header('user-agent')],
      ['.*Safari/[0-9.]+', header('user-agent')],
      ['application/json', header('accept')],
      ['Basic dXNlcjpwYXNz', header('authorization')],
      ['prod', header('x-env')],
      ['GET', method],
      ['https', { field: 'scheme', semantics: 'full' }],
      ['/api/.*', uri],
      ['/api/.*$', uri],
      ['^/api/.*', uri],
      ['^/api(/.*)?', uri],
      ['^/health$', uri],
      ['/v[0-9]+/users', uri],
      ['^/api', { field: 'rewriteMatch', semantics: 'replace' }],
      ['1\\.2', { field: 'proxyVersion', semantics: 'search' }],
      ['.\\*Google.\\*', header('user-agent')],
      ['/Google/i', header('user-agent')],
      ['(?=x)', header('user-agent')],
      ['\u2591', header('user-agent')],
      ['', uri],
    ];
    for (const [p, ctx] of fine) assert.equal(fullMatchProblem(p, ctx), undefined, p);
  });
});

describe('plainEquivalent', () => {
  it('finds the exact and prefix matches hidden in regexes', () => {
    assert.deepEqual(plainEquivalent('GET', method), { kind: 'exact', literal: 'GET' });
    assert.deepEqual(plainEquivalent('/health', uri), { kind: 'exact', literal: '/health' });
    assert.deepEqual(plainEquivalent('^/health$', uri), { kind: 'exact', literal: '/health' });
    assert.deepEqual(plainEquivalent('/v1\\.0/status', uri), { kind: 'exact', literal: '/v1.0/status' });
    assert.deepEqual(plainEquivalent('/api/.*', uri), { kind: 'prefix', literal: '/api/' });
    assert.deepEqual(plainEquivalent('^/api/.*', uri), { kind: 'prefix', literal: '/api/' });
  });

  it('stays out of real regexes and of patterns another rule explains', () => {
    for (const p of ['/api/.+', '(?i)/api', 'GET|POST', '/api/.*$', '.*', '^/api', 'a.b', '/api/(.*)']) assert.equal(plainEquivalent(p, uri), undefined, p);
    assert.equal(plainEquivalent('Google', header('user-agent')), undefined);
    assert.equal(plainEquivalent('/x', { field: 'rewriteMatch', semantics: 'replace' }), undefined);
  });
});

describe('regexLookingConstruct', () => {
  it('points at the first regex-only construct', () => {
    const at = (v: string) => {
      const r = regexLookingConstruct(v);
      return r && [r.start, r.end, r.construct];
    };
    assert.deepEqual(at('.*Google.*'), [0, 2, '.*']);
    assert.deepEqual(at('^/api'), [0, 1, '^']);
    assert.deepEqual(at('/v\\d+/x'), [2, 4, '\\d']);
    assert.deepEqual(at('/[a-z]+/x'), [1, 7, '[a-z]+']);
    assert.deepEqual(at('/(v1|v2)/x'), [1, 8, '(v1|v2)']);
    assert.deepEqual(at('/api/x$'), [6, 7, '$']);
  });

  it('ignores ordinary values', () => {
    for (const v of ['/api/v1.0/', 'example.com', 'application/vnd.api+json', '[::1]', 'a b', '$', '*', 'price: $5']) assert.equal(regexLookingConstruct(v), undefined, v);
  });
});

describe('dollarReferences', () => {
  it('finds numbered and named references, not "$$"', () => {
    assert.deepEqual(
      dollarReferences('/v2/$1/${2}/$name/$$/${x}'),
      [
        { start: 4, end: 6, written: '$1', group: 1 },
        { start: 7, end: 11, written: '${2}', group: 2 },
        { start: 12, end: 17, written: '$name' },
        { start: 21, end: 25, written: '${x}' },
      ],
    );
    assert.deepEqual(dollarReferences('/v2/\\1'), []);
  });
});

describe('startsCaseInsensitive', () => {
  it('recognises a leading (?i) among other flags', () => {
    assert.equal(startsCaseInsensitive('(?i)/a'), true);
    assert.equal(startsCaseInsensitive('(?si)/a'), true);
    assert.equal(startsCaseInsensitive('/a(?i)'), false);
  });
});
