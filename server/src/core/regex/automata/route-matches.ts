/**
 * A VirtualService's http routes as conditions the automata can compare. Istio turns each
 * `match[]` entry into one Envoy route (entries are ORed, conditions inside one are ANDed,
 * a route without `match` matches everything) and keeps the order of `http[]`
 * (`BuildHTTPRoutesForVirtualService`, pilot/pkg/networking/core/route/route.go).
 *
 * Per field a condition is: languages the value must be in (`pos`), languages it must not
 * be in (`neg`), and whether a request without the field satisfies it (`absentOk`):
 * - `headers.h` is an Envoy HeaderMatcher: a missing header never matches;
 * - `withoutHeaders.h` has `invert_match` and `treat_missing_header_as_empty` (Istio's
 *   route_test.go pins both): a missing header is the empty value, then inverted;
 * - `regex: "*"` and `{}` are presence matches (`canBeConvertedToPresentMatch`);
 * - uri is matched without the query string (Envoy `PathMatcher::match`).
 * Anything else on a match (sourceLabels, gateways, port, …) is compared as opaque data:
 * equal values are the same condition, anything else is "cannot tell".
 */
import type { YAMLMap } from 'yaml';
import type { ResourceDoc } from '../../document/resource';
import { TEMPLATE_PLACEHOLDER } from '../../document/template';
import type { Span } from '../../types';
import { asMap, entries, get, getPair, keySpan, seqItems, span, str } from '../../yaml/nodes';
import { exists, type Lang } from './decide';
import { HEADER_VALUE, PATH_WITHOUT_QUERY } from './field-domains';

export interface FieldCondition {
  pos: Lang[];
  neg: Lang[];
  /** A request without this field satisfies the condition (undefined: cannot tell). */
  absentOk: boolean | undefined;
  /** Values the field can hold when present. */
  domain: Lang;
}

export interface MatchEntry {
  /** `field` -> condition; `h:name` for headers, `q:name` for query parameters. */
  fields: Map<string, FieldCondition>;
  /** Conditions compared as data (`gateways`, `sourceLabels`, …), as canonical JSON. */
  opaque: Map<string, string>;
  /** Something the model cannot read (templated value, unknown match type): never compared. */
  unknown: boolean;
  span: Span;
}

export interface HttpRoute {
  index: number;
  name: string | undefined;
  /** Undefined: the route has no `match` and matches every request. */
  matches: MatchEntry[] | undefined;
  /** Where a finding about the route goes: its `match` key, else the route item. */
  anchor: Span;
}

const NOT_CONDITIONS = new Set(['name', 'statPrefix', 'ignoreUriCase']);
const UNIVERSE_VALUE: Lang = { kind: 'regex', pattern: '(?s).*' };

/** One StringMatch as a language, or undefined for a presence match; 'unknown' when unreadable. */
function stringMatchLang(map: YAMLMap | undefined, doc: ResourceDoc, ignoreCase: boolean): Lang | undefined | 'unknown' {
  if (!map) return 'unknown';
  const keys = entries(map, doc.yaml).map((e) => e.key);
  if (keys.length === 0) return undefined;
  if (keys.length !== 1 || !['exact', 'prefix', 'regex'].includes(keys[0])) return 'unknown';
  const value = str(get(map, keys[0], doc.yaml), doc.yaml);
  if (value === undefined || value.includes(TEMPLATE_PLACEHOLDER)) return 'unknown';
  if (keys[0] === 'regex') {
    if (value === '*') return undefined;
    // Envoy ignores case_sensitive for regexes; Istio's ignoreUriCase does not reach them.
    return value === '' ? 'unknown' : { kind: 'regex', pattern: value };
  }
  return { kind: keys[0] as 'exact' | 'prefix', text: value, ignoreCase };
}

function condition(lang: Lang | undefined, domain: Lang, negated: boolean, pseudo: boolean): FieldCondition {
  if (!negated) return { pos: lang ? [lang] : [], neg: [], absentOk: pseudo ? undefined : false, domain };
  // withoutHeaders: the empty value stands in for a missing header, then the match is inverted.
  const neg = lang ?? UNIVERSE_VALUE;
  if (!lang) return { pos: [], neg: [neg], absentOk: true, domain };
  const emptyMatches = exists([lang, { kind: 'exact', text: '' }]).kind;
  return { pos: [], neg: [neg], absentOk: emptyMatches === 'unknown' ? undefined : emptyMatches === 'no', domain };
}

function readEntry(node: unknown, doc: ResourceDoc): MatchEntry {
  const map = asMap(node, doc.yaml);
  const entry: MatchEntry = { fields: new Map(), opaque: new Map(), unknown: !map, span: span(map) ?? { start: 0, end: 0 } };
  if (!map) return entry;
  const ignoreUriCase = str(get(map, 'ignoreUriCase', doc.yaml), doc.yaml) === 'true';
  const add = (key: string, c: FieldCondition) => {
    const prev = entry.fields.get(key);
    entry.fields.set(key, prev ? { pos: [...prev.pos, ...c.pos], neg: [...prev.neg, ...c.neg], absentOk: prev.absentOk === false || c.absentOk === false ? false : prev.absentOk && c.absentOk, domain: prev.domain } : c);
  };
  for (const { key, value } of entries(map, doc.yaml)) {
    if (NOT_CONDITIONS.has(key)) continue;
    if (key === 'uri' || key === 'scheme' || key === 'method' || key === 'authority') {
      const lang = stringMatchLang(asMap(value, doc.yaml), doc, key === 'uri' && ignoreUriCase);
      if (lang === 'unknown') entry.unknown = true;
      else if (key === 'uri' && lang && lang.kind !== 'regex' && /[?#]/.test(lang.text)) entry.unknown = true;
      else if (key === 'uri' && lang?.kind === 'regex' && ignoreUriCase) entry.unknown = true;
      else add(key, { ...condition(lang, key === 'uri' ? PATH_WITHOUT_QUERY : HEADER_VALUE, false, true), absentOk: false });
    } else if (key === 'headers' || key === 'withoutHeaders' || key === 'queryParams') {
      const m = asMap(value, doc.yaml);
      if (!m) {
        entry.unknown = true;
        continue;
      }
      for (const h of entries(m, doc.yaml)) {
        const lang = stringMatchLang(asMap(h.value, doc.yaml), doc, false);
        if (lang === 'unknown' || h.key.includes(TEMPLATE_PLACEHOLDER)) {
          entry.unknown = true;
          continue;
        }
        if (key === 'queryParams') {
          // Query parameters: a missing one never matches; `regex: "*"`/{} are not presence there.
          if (!lang) entry.unknown = true;
          else add(`q:${h.key}`, { pos: [lang], neg: [], absentOk: false, domain: UNIVERSE_VALUE });
        } else add(`h:${h.key.toLowerCase()}`, condition(lang, HEADER_VALUE, key === 'withoutHeaders', false));
      }
    } else {
      const v = get(map, key, doc.yaml);
      const json = JSON.stringify(v?.toJSON?.() ?? null);
      if (json.includes(TEMPLATE_PLACEHOLDER)) entry.unknown = true;
      else entry.opaque.set(key, json);
    }
  }
  return entry;
}

/** The http routes of a VirtualService, in order. */
export function httpRoutes(doc: ResourceDoc): HttpRoute[] {
  const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
  const out: HttpRoute[] = [];
  seqItems(get(spec, 'http', doc.yaml), doc.yaml).forEach((item, index) => {
    const route = asMap(item, doc.yaml);
    if (!route) return;
    const matchPair = getPair(route, 'match');
    const itemSpan = span(route) ?? { start: 0, end: 0 };
    const firstKey = route.items[0] ? keySpan(route.items[0]) : undefined;
    const matchItems = matchPair ? seqItems(get(route, 'match', doc.yaml), doc.yaml) : [];
    out.push({
      index,
      name: str(get(route, 'name', doc.yaml), doc.yaml),
      matches: matchPair && matchItems.length ? matchItems.map((m) => readEntry(m, doc)) : undefined,
      anchor: (matchPair && keySpan(matchPair)) ?? firstKey ?? itemSpan,
    });
  });
  return out;
}
