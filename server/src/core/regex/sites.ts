/**
 * Finds every string match Istio or Gateway API hands to a regex engine (and the exact /
 * prefix matches beside them) in one resource, with exact source ranges.
 *
 * Istio VirtualService: `http[].match[]` uri/scheme/method/authority, headers,
 * withoutHeaders, queryParams; `http[].corsPolicy.allowOrigins[]`;
 * `http[].rewrite.uriRegexRewrite`. Gateway API HTTPRoute/GRPCRoute matches with
 * `type: RegularExpression` (never compiled by Istio's webhook, only by Envoy).
 * EnvoyFilter `configPatches[].match.proxy.proxyVersion` (Go regexp, unanchored search).
 */
import { isAlias, isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ResourceDoc } from '../document/resource';
import { TEMPLATE_PLACEHOLDER } from '../document/template';
import { GATEWAY_API, ISTIO_NETWORKING } from '../kinds';
import type { Span } from '../types';
import { asMap, entries, get, getPair, keySpan, pairSpan, seqItems, span, str } from '../yaml/nodes';
import { createSourceMap } from './source-map';
import type { MatchField, MatchType, ScalarStyle, StringMatchSite } from './site';

const ISTIO_CHECKERS = { go: true, re2: true } as const;
const GATEWAY_CHECKERS = { go: false, re2: true } as const;

interface ScalarInfo {
  value: string;
  valueSpan: Span;
  style: ScalarStyle;
  toSource(index: number): number;
  sourceSpan(start: number, end: number): Span;
}

const STYLES: ReadonlySet<string> = new Set(['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED']);

/**
 * A scalar value as the engine sees it. An empty or null scalar (`regex:`) is the empty
 * string: Kubernetes stores it as unset/empty, which is exactly what the webhook rejects.
 * Maps and sequences where a string belongs are someone else's finding: undefined.
 */
function scalarInfo(doc: ResourceDoc, node: Node | undefined, fallbackAt: number): ScalarInfo | undefined {
  if (node !== undefined && !isScalar(node)) return undefined;
  const scalar = node as Scalar | undefined;
  const range = span(scalar) ?? { start: fallbackAt, end: fallbackAt };
  const style: ScalarStyle = scalar && typeof scalar.type === 'string' && STYLES.has(scalar.type) ? (scalar.type as ScalarStyle) : 'PLAIN';
  const raw = scalar?.value;
  const value = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : String(raw);
  // A null written as `~` or `null` is not the text "null" to Kubernetes: treat as empty, underline the token.
  const isNullToken = raw === null && range.end > range.start;
  const map = createSourceMap(doc.text, range, style, isNullToken ? doc.text.slice(range.start, range.end) : value);
  return { value, valueSpan: range, style, toSource: map.toSource, sourceSpan: map.sourceSpan };
}

/** `regex: *foo`: an alias to no anchor is invalid YAML (yaml-syntax), not an empty regex. */
const danglingAlias = (pair: Pair<unknown, unknown>, resolved: Node | undefined) => resolved === undefined && isAlias(pair.value);

interface SiteBase {
  field: MatchField;
  label: string;
  name?: string;
  semantics: StringMatchSite['semantics'];
  checkedBy: StringMatchSite['checkedBy'];
  ignoreCase?: boolean;
}

const ISTIO_TYPES: readonly MatchType[] = ['exact', 'prefix', 'regex'];

/** Istio `StringMatch` (`{exact|prefix|regex: …}`): one site per match-type key present. */
function istioStringMatch(doc: ResourceDoc, node: Node | undefined, base: SiteBase, out: StringMatchSite[]): void {
  const map = asMap(node, doc.yaml);
  if (!map) return;
  const matchSpan = span(map);
  if (!matchSpan) return;
  for (const type of ISTIO_TYPES) {
    const pair = getPair(map, type);
    if (!pair) continue;
    const typeSpan = keySpan(pair);
    if (!typeSpan) continue;
    const value = get(map, type, doc.yaml);
    if (danglingAlias(pair, value)) continue;
    const info = scalarInfo(doc, value, pairSpan(pair)?.end ?? typeSpan.end);
    if (!info) continue;
    out.push(site(base, type, info, typeSpan, matchSpan, false));
  }
}

function site(base: SiteBase, matchType: MatchType, info: ScalarInfo, typeSpan: Span, matchSpan: Span, gatewayApi: boolean): StringMatchSite {
  const s: StringMatchSite = {
    field: base.field,
    label: base.label,
    matchType,
    value: info.value,
    valueSpan: info.valueSpan,
    typeSpan,
    style: info.style,
    toSource: info.toSource,
    sourceSpan: info.sourceSpan,
    semantics: base.semantics,
    checkedBy: base.checkedBy,
    matchSpan,
    gatewayApi,
  };
  if (base.name !== undefined) s.name = base.name;
  if (base.ignoreCase) s.ignoreCase = true;
  if (info.value.includes(TEMPLATE_PLACEHOLDER)) s.templated = true;
  return s;
}

const URI_LIKE: ReadonlyArray<MatchField & ('uri' | 'scheme' | 'method' | 'authority')> = ['uri', 'scheme', 'method', 'authority'];

function virtualService(doc: ResourceDoc, out: StringMatchSite[]): void {
  const y = doc.yaml;
  const spec = get(doc.root, 'spec', y);
  for (const http of seqItems(get(asMap(spec, y), 'http', y), y)) {
    const route = asMap(http, y);
    if (!route) continue;
    for (const m of seqItems(get(route, 'match', y), y)) {
      const match = asMap(m, y);
      if (!match) continue;
      const ignoreCase = get(match, 'ignoreUriCase', y);
      const ic = isScalar(ignoreCase) && (ignoreCase.value === true || ignoreCase.value === 'true');
      for (const field of URI_LIKE) {
        const base: SiteBase = { field, label: field, semantics: 'full', checkedBy: ISTIO_CHECKERS };
        if (field === 'uri' && ic) base.ignoreCase = true;
        istioStringMatch(doc, get(match, field, y), base, out);
      }
      const named = [
        ['headers', 'header', 'header'],
        ['withoutHeaders', 'withoutHeader', 'withoutHeaders'],
        ['queryParams', 'queryParam', 'query parameter'],
      ] as const;
      for (const [key, field, what] of named) {
        for (const e of entries(get(match, key, y), y)) {
          const name = field === 'queryParam' ? e.key : e.key.toLowerCase();
          istioStringMatch(doc, e.value, { field, label: `${what} "${e.key}"`, name, semantics: 'full', checkedBy: ISTIO_CHECKERS }, out);
        }
      }
    }
    const cors = asMap(get(route, 'corsPolicy', y), y);
    for (const origin of seqItems(get(cors, 'allowOrigins', y), y)) {
      istioStringMatch(doc, origin, { field: 'corsOrigin', label: 'CORS allowOrigins', semantics: 'full', checkedBy: ISTIO_CHECKERS }, out);
    }
    const rewrite = asMap(get(asMap(get(route, 'rewrite', y), y), 'uriRegexRewrite', y), y);
    if (rewrite) uriRegexRewrite(doc, rewrite, out);
  }
}

function uriRegexRewrite(doc: ResourceDoc, map: NonNullable<ReturnType<typeof asMap>>, out: StringMatchSite[]): void {
  const y = doc.yaml;
  const pair = getPair(map, 'match');
  const matchSpan = span(map);
  const typeSpan = pair && keySpan(pair);
  if (!pair || !matchSpan || !typeSpan) return;
  const info = scalarInfo(doc, get(map, 'match', y), pairSpan(pair)?.end ?? typeSpan.end);
  if (!info) return;
  const s = site({ field: 'rewriteMatch', label: 'uriRegexRewrite match', semantics: 'replace', checkedBy: ISTIO_CHECKERS }, 'regex', info, typeSpan, matchSpan, false);
  const rpair = getPair(map, 'rewrite');
  const rinfo = rpair ? scalarInfo(doc, get(map, 'rewrite', y), pairSpan(rpair)?.end ?? matchSpan.end) : undefined;
  if (rinfo) s.rewrite = { value: rinfo.value, valueSpan: rinfo.valueSpan, style: rinfo.style, toSource: rinfo.toSource, sourceSpan: rinfo.sourceSpan };
  out.push(s);
}

const GATEWAY_TYPES: Readonly<Record<string, MatchType>> = { Exact: 'exact', PathPrefix: 'prefix', RegularExpression: 'regex' };

/**
 * Gateway API `{type, value}` (path) or `{type, name, value}` (headers, query params).
 * A missing `type` takes the API default (`PathPrefix` for paths, `Exact` otherwise);
 * implementation-specific types are not ours to judge.
 */
function gatewayMatch(doc: ResourceDoc, node: Node | undefined, base: SiteBase, defaultType: MatchType, out: StringMatchSite[]): void {
  const y = doc.yaml;
  const map = asMap(node, y);
  const matchSpan = span(map);
  if (!map || !matchSpan) return;
  const typePair = getPair(map, 'type');
  const typeText = str(get(map, 'type', y), y);
  const matchType = typeText === undefined ? defaultType : GATEWAY_TYPES[typeText];
  if (!matchType) return;
  const valuePair = getPair(map, 'value');
  if (!valuePair) return;
  const typeValueSpan = typePair ? span(get(map, 'type', y)) : undefined;
  const typeSpan = typeValueSpan ?? keySpan(valuePair);
  if (!typeSpan) return;
  const value = get(map, 'value', y);
  if (danglingAlias(valuePair, value)) return;
  const info = scalarInfo(doc, value, pairSpan(valuePair)?.end ?? typeSpan.end);
  if (!info) return;
  out.push(site(base, matchType, info, typeSpan, matchSpan, true));
}

function namedGatewayMatches(doc: ResourceDoc, list: Node | undefined, field: MatchField, what: string, out: StringMatchSite[]): void {
  const y = doc.yaml;
  for (const item of seqItems(list, y)) {
    const rawName = str(get(asMap(item, y), 'name', y), y) ?? '';
    const name = field === 'gatewayQueryParam' ? rawName : rawName.toLowerCase();
    gatewayMatch(doc, item, { field, label: `${what} "${rawName}"`, name, semantics: 'full', checkedBy: GATEWAY_CHECKERS }, 'exact', out);
  }
}

/** The match mappings of a Gateway API route (`spec.rules[].matches[]`), in document order. */
function gatewayRouteMatches(doc: ResourceDoc): YAMLMap[] {
  const y = doc.yaml;
  const out: YAMLMap[] = [];
  for (const r of seqItems(get(asMap(get(doc.root, 'spec', y), y), 'rules', y), y)) {
    for (const m of seqItems(get(asMap(r, y), 'matches', y), y)) {
      const match = asMap(m, y);
      if (match) out.push(match);
    }
  }
  return out;
}

function httpRoute(doc: ResourceDoc, out: StringMatchSite[]): void {
  const y = doc.yaml;
  for (const match of gatewayRouteMatches(doc)) {
    gatewayMatch(doc, get(match, 'path', y), { field: 'gatewayPath', label: 'path', semantics: 'full', checkedBy: GATEWAY_CHECKERS }, 'prefix', out);
    namedGatewayMatches(doc, get(match, 'headers', y), 'gatewayHeader', 'header', out);
    namedGatewayMatches(doc, get(match, 'queryParams', y), 'gatewayQueryParam', 'query parameter', out);
  }
}

/**
 * GRPCRoute method match: Istio builds the path regex as "/" + service + "/" + method, so
 * each part is its own site (name `service` or `method`) with its own source map.
 */
function grpcRoute(doc: ResourceDoc, out: StringMatchSite[]): void {
  const y = doc.yaml;
  for (const match of gatewayRouteMatches(doc)) {
    const method = asMap(get(match, 'method', y), y);
    const methodSpan = span(method);
    if (method && methodSpan) {
      const typeText = str(get(method, 'type', y), y);
      const matchType = typeText === undefined ? 'exact' : GATEWAY_TYPES[typeText];
      if (matchType === 'exact' || matchType === 'regex') {
        for (const part of ['service', 'method'] as const) {
          const pair = getPair(method, part);
          if (!pair) continue;
          const typeSpan = (getPair(method, 'type') && span(get(method, 'type', y))) || keySpan(pair);
          const info = typeSpan && scalarInfo(doc, get(method, part, y), pairSpan(pair)?.end ?? typeSpan.end);
          if (!typeSpan || !info) continue;
          const base: SiteBase = { field: 'grpcMethod', label: `gRPC ${part}`, name: part, semantics: 'full', checkedBy: GATEWAY_CHECKERS };
          out.push(site(base, matchType, info, typeSpan, methodSpan, true));
        }
      }
    }
    namedGatewayMatches(doc, get(match, 'headers', y), 'grpcHeader', 'header', out);
  }
}

function envoyFilter(doc: ResourceDoc, out: StringMatchSite[]): void {
  const y = doc.yaml;
  for (const p of seqItems(get(asMap(get(doc.root, 'spec', y), y), 'configPatches', y), y)) {
    const proxy = asMap(get(asMap(get(asMap(p, y), 'match', y), y), 'proxy', y), y);
    const pair = getPair(proxy, 'proxyVersion');
    const typeSpan = pair && keySpan(pair);
    const matchSpan = span(proxy);
    if (!pair || !typeSpan || !matchSpan) continue;
    const info = scalarInfo(doc, get(proxy, 'proxyVersion', y), pairSpan(pair)?.end ?? typeSpan.end);
    // An empty proxyVersion means "any version", not an empty regex.
    if (!info || info.value === '') continue;
    const base: SiteBase = { field: 'proxyVersion', label: 'proxyVersion', semantics: 'search', checkedBy: { go: true, re2: false } };
    out.push(site(base, 'regex', info, typeSpan, matchSpan, false));
  }
}

/** Every string match of the resource, in document order per field family. */
export function collectStringMatches(doc: ResourceDoc): readonly StringMatchSite[] {
  // Fourteen regex rules and the hover read the same sites: collect them once per document.
  return doc.memo(collectStringMatches, () => collectUncached(doc));
}

function collectUncached(doc: ResourceDoc): StringMatchSite[] {
  const out: StringMatchSite[] = [];
  if (doc.group === ISTIO_NETWORKING) {
    if (doc.kind === 'VirtualService') virtualService(doc, out);
    else if (doc.kind === 'EnvoyFilter') envoyFilter(doc, out);
  } else if (doc.group === GATEWAY_API) {
    if (doc.kind === 'HTTPRoute') httpRoute(doc, out);
    else if (doc.kind === 'GRPCRoute') grpcRoute(doc, out);
  }
  return out;
}

/** The kinds that can hold string matches (for rules' `kinds`). */
export const STRING_MATCH_KINDS: readonly string[] = ['VirtualService', 'EnvoyFilter', 'HTTPRoute', 'GRPCRoute'];

/** Only the regex sites. */
export function collectRegexSites(doc: ResourceDoc): StringMatchSite[] {
  return collectStringMatches(doc).filter((s) => s.matchType === 'regex');
}
