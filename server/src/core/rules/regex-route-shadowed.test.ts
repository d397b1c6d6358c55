import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { vsHttp as vs } from '../regex/test-fixtures';

const ID = 'regex-route-shadowed';

const ua = (name: string, regex: string) => `  - name: ${name}
    match:
    - headers:
        user-agent:
          regex: '${regex}'
    route: [{destination: {host: ${name}}}]`;

describe('regex-route-shadowed', () => {
  it("catches the tip's own case: .*Google.* before Googlebot.*", () => {
    const [f] = expectFindings(ID, vs(`${ua('google', '.*Google.*')}\n${ua('googlebot', 'Googlebot.*')}`.replace(/(googlebot\n)(    match:)/, '$1$2\n#   ^^^^^ never reached')));
    assert.match(f.message, /^Route http\[1\] "googlebot" is never reached: every request it matches is taken first by http\[0\] "google"$/);
    assert.ok(f.message.length <= 160);
  });

  it('keeps the message within 160 characters with long names and several covering routes', () => {
    const long = (k: number) => `a-very-long-route-name-number-${k}`;
    const [f] = expectFindings(
      ID,
      vs(`  - name: ${long(1)}
    match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - name: ${long(2)}
    match: [{uri: {prefix: /b}}]
    route: [{destination: {host: b}}]
  - name: ${long(3)}
    match: [{uri: {prefix: /c}}]
    route: [{destination: {host: c}}]
  - name: ${long(100)}
    match: [{uri: {prefix: /a/x}}, {uri: {prefix: /b/x}}, {uri: {prefix: /c/x}}]
#   ^^^^^ 2 more routes
    route: [{destination: {host: d}}]`),
    );
    assert.ok(f.message.length <= 160, `${f.message.length}: ${f.message}`);
  });

  it('is silent in the right order and when the later route is wider', () => {
    expectNoFindings(ID, vs(`${ua('googlebot', 'Googlebot.*')}\n${ua('google', '.*Google.*')}`));
    expectNoFindings(ID, vs(`${ua('a', 'Googlebot')}\n${ua('b', 'Google.*')}`));
  });

  it('a route after a catch-all, and uri prefixes', () => {
    expectFindings(
      ID,
      vs(`  - route: [{destination: {host: all}}]
  - match:
#   ^^^^^ http[0]
    - uri: {prefix: /api}
    route: [{destination: {host: api}}]`),
    );
    expectFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
  - match: [{uri: {regex: '/api/v[0-9]+/.*'}}, {uri: {exact: /api}}]
#   ^^^^^ http[0]
    route: [{destination: {host: v}}]`),
    );
  });

  it('every match entry must be covered (entries are ORed)', () => {
    expectNoFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api}}]
  - match: [{uri: {prefix: /api/v1}}, {uri: {prefix: /web}}]
    route: [{destination: {host: v}}]`),
    );
  });

  it('conditions inside one entry are ANDed: a later entry with more conditions is covered', () => {
    expectFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /}}]
    route: [{destination: {host: a}}]
  - match:
#   ^^^^^ http[0]
    - uri: {prefix: /x}
      headers: {x-env: {exact: canary}}
      method: {exact: GET}
    route: [{destination: {host: b}}]`),
    );
    // The earlier route needs a header the later one does not: requests without it get through.
    expectNoFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /}, headers: {x-env: {exact: canary}}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /x}}]
    route: [{destination: {host: b}}]`),
    );
  });

  it('withoutHeaders: a missing header counts as empty (Istio sets treat_missing_header_as_empty)', () => {
    // Earlier: user agents without "bot" (a missing one too); later: only ones containing "Chrome" and not "bot".
    expectFindings(
      ID,
      vs(`  - match: [{withoutHeaders: {user-agent: {regex: '.*bot.*'}}}]
    route: [{destination: {host: a}}]
  - match:
#   ^^^^^ http[0]
    - headers: {user-agent: {regex: '.*Chrome.*'}}
      withoutHeaders: {user-agent: {regex: '.*bot.*'}}
    route: [{destination: {host: b}}]`),
    );
    // Later route matches requests without a user agent; earlier needs one: reachable.
    expectNoFindings(
      ID,
      vs(`  - match: [{headers: {user-agent: {regex: '.*'}}}]
    route: [{destination: {host: a}}]
  - match: [{withoutHeaders: {user-agent: {regex: '.*bot.*'}}}]
    route: [{destination: {host: b}}]`),
    );
  });

  it('presence matches, query parameters, case-insensitive uri prefixes', () => {
    expectFindings(
      ID,
      vs(`  - match: [{headers: {x-debug: {}}}]
    route: [{destination: {host: a}}]
  - match: [{headers: {x-debug: {exact: '1'}}, queryParams: {v: {exact: '2'}}}]
#   ^^^^^ http[0]
    route: [{destination: {host: b}}]`),
    );
    expectFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /API}, ignoreUriCase: true}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /api/v1}}]
#   ^^^^^ http[0]
    route: [{destination: {host: b}}]`),
    );
  });

  it('does not claim what it cannot know: different gateways, source labels, templates', () => {
    expectNoFindings(
      ID,
      vs(`  - match: [{gateways: [mesh]}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /x}}]
    route: [{destination: {host: b}}]`),
    );
    expectFindings(
      ID,
      vs(`  - match: [{gateways: [mesh], uri: {prefix: /}}]
    route: [{destination: {host: a}}]
  - match: [{gateways: [mesh], uri: {prefix: /x}}]
#   ^^^^^ http[0]
    route: [{destination: {host: b}}]`),
    );
    expectNoFindings(
      ID,
      vs(`  - match: [{uri: {regex: '{{ .Values.re }}'}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /x}}]
    route: [{destination: {host: b}}]`),
    );
  });

  it('several earlier routes together: /a and /b before /(a|b)', () => {
    const [f] = expectFindings(
      ID,
      vs(`  - name: a
    match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - name: b
    match: [{uri: {regex: '/b.*'}}]
    route: [{destination: {host: b}}]
  - name: both
    match: [{uri: {regex: '/(a|b)/.*'}}]
#   ^^^^^ taken first
    route: [{destination: {host: c}}]`),
    );
    assert.equal(f.message, 'Route http[2] "both" is never reached: every request it matches is taken first by http[0] "a" and http[1] "b"');
    // Two entries of one route, and user agents.
    expectFindings(
      ID,
      vs(`  - match: [{headers: {user-agent: {regex: '.*Chrome.*'}}}, {headers: {user-agent: {regex: '.*Firefox.*'}}}]
    route: [{destination: {host: a}}]
  - match:
#   ^^^^^ http[0]
    - headers: {user-agent: {regex: '.*(Chrome|Firefox)/[0-9]+.*'}}
      uri: {prefix: /shop}
    route: [{destination: {host: b}}]`),
    );
  });

  it('several earlier routes that leave a gap, or differ on two fields, or need a header the later route may lack: reachable', () => {
    expectNoFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /b}}]
    route: [{destination: {host: b}}]
  - match: [{uri: {regex: '/(a|b|c).*'}}]
    route: [{destination: {host: c}}]`),
    );
    // /b with GET is reached: the second route takes only POST.
    expectNoFindings(
      ID,
      vs(`  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /b}, method: {exact: POST}}]
    route: [{destination: {host: b}}]
  - match: [{uri: {regex: '/(a|b).*'}, method: {exact: GET}}]
    route: [{destination: {host: c}}]`),
    );
    expectNoFindings(
      ID,
      vs(`  - match: [{headers: {x-env: {exact: a}}}]
    route: [{destination: {host: a}}]
  - match: [{headers: {x-env: {exact: b}}}]
    route: [{destination: {host: b}}]
  - match: [{withoutHeaders: {x-env: {regex: '[c-z]'}}}]
    route: [{destination: {host: c}}]`),
    );
  });
});
