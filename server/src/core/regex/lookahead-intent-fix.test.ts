/**
 * The faithful lookahead rewrite keeps routing: for every user agent, the first matching
 * route under the PCRE intent (JavaScript RegExp, full match) is the first matching route
 * after the rewrite under Envoy (RE2 full match for `headers`, inverted RE2 full match for
 * `withoutHeaders`, as Istio translates it with invert_match in route.go).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Re2Engine } from '../../engines/re2';
import { samePcreReading, splitLeadingLookahead } from './lookahead-intent-fix';
import { applyFix, lint } from '../../test-support/rule-tester';
import { vsHttp } from './test-fixtures';

const re2 = new Re2Engine();

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.68',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 OPR/111.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/126.0.6478.126 Safari/537.36',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
  'Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko',
  'curl/8.7.1',
  'Wget/1.21.4',
  'python-requests/2.32.3',
  'okhttp/4.12.0',
  'Safari',
  'Chrome',
  'ChromeSafari',
  '',
];

const PATTERNS = ['^(?!.*Chrome).*Safari.*', '^(?!.*(Edg|OPR)/).*Chrome/.*', '(?!.*[Bb]ot).*Mozilla/5\\.0.*', '^(?!Mozilla/4).*compatible.*$'];

const intent = (p: string, ua: string) => new RegExp(`^(?:${p})$`).test(ua);

/** Routes: the rewritten route, then a Chrome route, then a catch-all; index of the first that takes `ua`. */
function firstRoute(match: (ua: string) => boolean, ua: string): number {
  if (match(ua)) return 0;
  if (re2.fullMatch('.*Chrome.*', ua)) return 1;
  return 2;
}

function rewritten(p: string) {
  const split = splitLeadingLookahead(p)!;
  return (ua: string) => re2.fullMatch(split.rest, ua) === true && re2.fullMatch(`${split.excluded}.*`, ua) === false;
}

const uaText = fc
  .array(fc.constantFrom('Mozilla/5.0 ', 'Mozilla/4.0 ', 'Chrome/', 'Safari/', 'Edg/', 'OPR/', 'bot', 'Bot', 'compatible', '(', ')', ';', ' ', '1', 'a', 'x'), { maxLength: 8 })
  .map((xs) => xs.join(''));

describe('faithful negative-lookahead rewrite', () => {
  it('splits the classic patterns and reads them the same in PCRE and RE2', () => {
    for (const p of PATTERNS) {
      const s = splitLeadingLookahead(p);
      assert.ok(s, p);
      assert.ok(samePcreReading(s.excluded) && samePcreReading(s.rest), p);
    }
    assert.equal(samePcreReading('(?i)x'), false);
    assert.equal(samePcreReading('\\pL+'), false);
  });

  it('the first matching route is the same for real user agents', () => {
    for (const p of PATTERNS) {
      const m = rewritten(p);
      for (const ua of USER_AGENTS) assert.equal(firstRoute(m, ua), firstRoute((v) => intent(p, v), ua), `${p} on ${ua}`);
    }
  });

  it('the first matching route is the same for generated user agents', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), uaText, (p, ua) => {
        assert.equal(firstRoute(rewritten(p), ua), firstRoute((v) => intent(p, v), ua), `${p} on ${ua}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('is offered (safe, first) by regex-unsupported-syntax with the rewritten YAML', () => {
    const src = vsHttp(`  - name: safari
    match:
    - headers:
        user-agent:
          regex: '^(?!.*Chrome).*Safari.*'
    route: [{destination: {host: safari}}]
  - route: [{destination: {host: web}}]
`);
    const f = lint(src).find((x) => x.rule === 'regex-unsupported-syntax')!;
    assert.equal(f.fixes[0].safe, true);
    assert.match(f.fixes[0].title, /regex "\^\.\*Safari\.\*" plus withoutHeaders user-agent regex "\.\*Chrome\.\*"/);
    assert.equal(
      applyFix('regex-unsupported-syntax', src, 'Keep the exclusion'),
      src
        .replace("          regex: '^(?!.*Chrome).*Safari.*'", "          regex: '^.*Safari.*'\n      withoutHeaders:\n        user-agent:\n          regex: '.*Chrome.*'")
        .trimStart(),
    );
  });

  it('is not offered where it cannot be written: uri, an existing withoutHeaders, flow mappings', () => {
    const titles = (src: string) => lint(src).find((x) => x.rule === 'regex-unsupported-syntax')!.fixes.map((x) => x.title);
    assert.ok(!titles(vsHttp(`  - match: [{headers: {user-agent: {regex: '^(?!.*Chrome).*Safari.*'}}}]\n    route: [{destination: {host: a}}]\n`)).some((t) => t.startsWith('Keep')));
    assert.ok(
      !titles(vsHttp(`  - match:\n    - headers:\n        user-agent:\n          regex: '^(?!.*Chrome).*Safari.*'\n      withoutHeaders:\n        user-agent: {exact: x}\n    route: [{destination: {host: a}}]\n`)).some((t) => t.startsWith('Keep')),
    );
  });
});

describe('fixes that would hide a route say so', () => {
  it('removing the lookahead makes the Safari route take every Chrome request', () => {
    const src = vsHttp(`  - match: [{headers: {user-agent: {regex: '^(?!.*Chrome).*Safari.*'}}}]
    route: [{destination: {host: safari}}]
  - match: [{headers: {user-agent: {regex: '.*Chrome.*Safari.*'}}}]
    route: [{destination: {host: chrome}}]
`);
    const titles = lint(src).find((x) => x.rule === 'regex-unsupported-syntax')!.fixes.map((x) => x.title);
    assert.ok(titles.includes('Remove the lookahead (widens the match); then http[1] is never reached'), titles.join(' | '));
  });
});
