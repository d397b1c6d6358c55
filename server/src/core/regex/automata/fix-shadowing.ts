/**
 * What a regex fix would do to route reachability: the routes of the VirtualService that
 * the rewritten pattern would newly make unreachable (decided like regex-route-shadowed),
 * so a fix title can say so before anyone applies it.
 */
import type { ResourceDoc } from '../../document/resource';
import type { StringMatchSite } from '../site';
import { httpRoutes, type HttpRoute, type MatchEntry } from './route-matches';
import { DOCUMENT_WORK, shadowedRoutes } from './shadow';

/** A fifth of a check's budget: a fix title is computed for each offered fix. */
const FIX_WORK = DOCUMENT_WORK / 5;

/** Routes shadowed as written, once per document check. */
const shadowedAsWritten = (routes: readonly HttpRoute[]) => new Set(shadowedRoutes(routes, FIX_WORK).shadowed.map((s) => s.route.index));
const ROUTES_KEY = {};
const BEFORE_KEY = {};

const fieldKey = (site: StringMatchSite) => (site.field === 'header' ? `h:${site.name}` : site.field === 'queryParam' ? `q:${site.name}` : site.field);

/** Routes unreachable after `site`'s regex becomes `pattern` that were reachable before. */
export function newlyShadowed(doc: ResourceDoc, site: StringMatchSite, pattern: string): HttpRoute[] {
  if (site.matchType !== 'regex' || !['uri', 'header', 'queryParam', 'method', 'authority', 'scheme'].includes(site.field)) return [];
  const routes = doc.memo(ROUTES_KEY, () => httpRoutes(doc));
  if (routes.length < 2) return [];
  const key = fieldKey(site);
  let changed = false;
  const swap = (e: MatchEntry): MatchEntry => {
    if (!(e.span.start <= site.matchSpan.start && site.matchSpan.end <= e.span.end)) return e;
    const c = e.fields.get(key);
    if (!c) return e;
    const pos = c.pos.map((l) => (l.kind === 'regex' && l.pattern === site.value ? { kind: 'regex' as const, pattern } : l));
    changed = true;
    return { ...e, fields: new Map(e.fields).set(key, { ...c, pos }) };
  };
  const after = routes.map((r) => ({ ...r, matches: r.matches?.map(swap) }));
  if (!changed) return [];
  const before = doc.memo(BEFORE_KEY, () => shadowedAsWritten(routes));
  return shadowedRoutes(after, FIX_WORK)
    .shadowed.filter((s) => !before.has(s.route.index))
    .map((s) => s.route);
}
