import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk, toResource } from '../document/resource';
import { collectStringMatches } from './sites';
import type { StringMatchSite } from './site';

const load = (text: string) => toResource(parseChunk(text), 0);

/** A compact view of a site: what rules match on, and the source text of its ranges. */
function view(text: string, s: StringMatchSite) {
  return {
    field: s.field,
    label: s.label,
    name: s.name,
    type: s.matchType,
    value: s.value,
    written: text.slice(s.valueSpan.start, s.valueSpan.end),
    typeText: text.slice(s.typeSpan.start, s.typeSpan.end),
    semantics: s.semantics,
    go: s.checkedBy.go,
    re2: s.checkedBy.re2,
    gw: s.gatewayApi,
  };
}

describe('collectStringMatches', () => {
  it('VirtualService: every match field, CORS and uriRegexRewrite', () => {
    const text = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: [r]
  http:
  - match:
    - uri:
        regex: '/api/v\\d+/.*'
      ignoreUriCase: true
      scheme: {exact: https}
      method: {regex: "GET|POST"}
      authority: {prefix: api.}
      headers:
        User-Agent: {regex: ".*Chrome.*"}
      withoutHeaders:
        x-debug: {exact: "1"}
      queryParams:
        Version: {regex: 'v[0-9]'}
    corsPolicy:
      allowOrigins:
      - regex: https://.*\\.example\\.com
      - exact: https://a.example.com
    rewrite:
      uriRegexRewrite:
        match: ^/old(/.*)$
        rewrite: /new\\1
    route:
    - destination: {host: r}
`;
    const sites = collectStringMatches(load(text));
    const views = sites.map((s) => view(text, s));
    assert.deepEqual(
      views.map((v) => [v.field, v.label, v.type, v.value, v.written, v.typeText]),
      [
        ['uri', 'uri', 'regex', '/api/v\\d+/.*', "'/api/v\\d+/.*'", 'regex'],
        ['scheme', 'scheme', 'exact', 'https', 'https', 'exact'],
        ['method', 'method', 'regex', 'GET|POST', '"GET|POST"', 'regex'],
        ['authority', 'authority', 'prefix', 'api.', 'api.', 'prefix'],
        ['header', 'header "User-Agent"', 'regex', '.*Chrome.*', '".*Chrome.*"', 'regex'],
        ['withoutHeader', 'withoutHeaders "x-debug"', 'exact', '1', '"1"', 'exact'],
        ['queryParam', 'query parameter "Version"', 'regex', 'v[0-9]', "'v[0-9]'", 'regex'],
        ['corsOrigin', 'CORS allowOrigins', 'regex', 'https://.*\\.example\\.com', 'https://.*\\.example\\.com', 'regex'],
        ['corsOrigin', 'CORS allowOrigins', 'exact', 'https://a.example.com', 'https://a.example.com', 'exact'],
        ['rewriteMatch', 'uriRegexRewrite match', 'regex', '^/old(/.*)$', '^/old(/.*)$', 'match'],
      ],
    );
    assert.equal(sites[0].ignoreCase, true);
    assert.equal(sites[4].name, 'user-agent');
    assert.equal(sites[6].name, 'Version');
    assert.ok(sites.every((s) => s.checkedBy.go && s.checkedBy.re2 && !s.gatewayApi));
    const rw = sites[9];
    assert.equal(rw.semantics, 'replace');
    assert.equal(rw.rewrite?.value, '/new\\1');
    assert.equal(text.slice(rw.matchSpan.start, rw.matchSpan.end).startsWith('match:'), true);
    // toSource goes through the single quotes.
    const uri = sites[0];
    assert.equal(text.slice(uri.toSource(6), uri.toSource(8)), '\\d');
  });

  it('delegate VirtualService (no hosts) and an empty regex', () => {
    const text = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: d}
spec:
  http:
  - match:
    - uri:
        regex:
    - uri: {regex: ""}
`;
    const sites = collectStringMatches(load(text));
    assert.equal(sites.length, 2);
    assert.deepEqual(sites.map((s) => s.value), ['', '']);
    assert.equal(sites[0].valueSpan.start, sites[0].valueSpan.end);
    assert.equal(text.slice(sites[1].valueSpan.start, sites[1].valueSpan.end), '""');
  });

  it('ignores wrong shapes without throwing', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: x}
spec:
  http:
  - match: "nope"
  - match:
    - uri: /just-a-string
      headers: [a, b]
      queryParams: {v: {regex: [1, 2]}}
  - 42
  - corsPolicy: {allowOrigins: {regex: x}}
    rewrite: {uriRegexRewrite: "x"}
`;
    assert.deepEqual(collectStringMatches(load(text)), []);
    assert.deepEqual(collectStringMatches(load('apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec: []\n')), []);
  });

  it('follows aliases', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: x}
spec:
  http:
  - match:
    - uri: &m {regex: "a(?=b)"}
    - uri: *m
`;
    assert.equal(collectStringMatches(load(text)).length, 2);
  });

  it('HTTPRoute: path, headers, query params with their default types', () => {
    const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: h}
spec:
  rules:
  - matches:
    - path: {type: RegularExpression, value: "/v[0-9]+/.*"}
      headers:
      - {name: X-Env, value: canary}
      - {type: RegularExpression, name: X-Id, value: '[0-9]+'}
      queryParams:
      - {type: RegularExpression, name: Q, value: a|b}
    - path: {value: /static}
    - path: {type: Exact, value: /}
`;
    const views = collectStringMatches(load(text)).map((s) => view(text, s));
    assert.deepEqual(
      views.map((v) => [v.field, v.label, v.name, v.type, v.value, v.typeText, v.go, v.re2, v.gw]),
      [
        ['gatewayPath', 'path', undefined, 'regex', '/v[0-9]+/.*', 'RegularExpression', false, true, true],
        ['gatewayHeader', 'header "X-Env"', 'x-env', 'exact', 'canary', 'value', false, true, true],
        ['gatewayHeader', 'header "X-Id"', 'x-id', 'regex', '[0-9]+', 'RegularExpression', false, true, true],
        ['gatewayQueryParam', 'query parameter "Q"', 'Q', 'regex', 'a|b', 'RegularExpression', false, true, true],
        ['gatewayPath', 'path', undefined, 'prefix', '/static', 'value', false, true, true],
        ['gatewayPath', 'path', undefined, 'exact', '/', 'Exact', false, true, true],
      ],
    );
  });

  it('GRPCRoute: service and method are separate sites; headers too', () => {
    const text = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g}
spec:
  rules:
  - matches:
    - method: {type: RegularExpression, service: "foo\\\\.v1\\\\..*", method: Get|List}
      headers:
      - {type: RegularExpression, name: x-tenant, value: "t-.*"}
`;
    const views = collectStringMatches(load(text)).map((s) => view(text, s));
    assert.deepEqual(
      views.map((v) => [v.field, v.label, v.name, v.type, v.value]),
      [
        ['grpcMethod', 'gRPC service', 'service', 'regex', 'foo\\.v1\\..*'],
        ['grpcMethod', 'gRPC method', 'method', 'regex', 'Get|List'],
        ['grpcHeader', 'header "x-tenant"', 'x-tenant', 'regex', 't-.*'],
      ],
    );
  });

  it('EnvoyFilter proxyVersion: Go search semantics, not judged by Envoy', () => {
    const text = `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: e}
spec:
  configPatches:
  - applyTo: HTTP_FILTER
    match:
      proxy: {proxyVersion: '^1\\.2[0-9].*'}
  - applyTo: CLUSTER
    match: {proxy: {proxyVersion: ""}}
`;
    const sites = collectStringMatches(load(text));
    assert.equal(sites.length, 1);
    assert.deepEqual([sites[0].field, sites[0].semantics, sites[0].checkedBy], ['proxyVersion', 'search', { go: true, re2: false }]);
    assert.equal(sites[0].value, '^1\\.2[0-9].*');
  });

  it('marks templated values', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: t}
spec:
  http:
  - match:
    - uri: {regex: "/{{ .Values.prefix }}/.*"}
`;
    const [s] = collectStringMatches(load(text));
    assert.equal(s.templated, true);
  });

  it('other kinds and groups hold no sites', () => {
    assert.deepEqual(collectStringMatches(load('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nspec: {host: a}\n')), []);
    assert.deepEqual(collectStringMatches(load('apiVersion: example.com/v1\nkind: VirtualService\nspec: {http: [{match: [{uri: {regex: a}}]}]}\n')), []);
  });
});
