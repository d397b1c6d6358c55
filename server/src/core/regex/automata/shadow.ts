/**
 * Whether an http route of a VirtualService can ever be reached: every request one of its
 * match entries accepts must already be accepted by earlier routes' match entries, one alone
 * or several together. Inclusion is decided exactly on automata per field (the fields of a
 * request are independent), and any "cannot tell" (opaque conditions that differ, unreadable
 * values, a spent budget) makes the whole answer unknown: no finding is ever a guess.
 *
 * Several entries together (`/a.*` then `/b.*` before `/(a|b).*`) are tried where each of them
 * covers the later entry on every field but one and that field is the same for all: there the
 * union of their languages must include the later one's. Entries that differ from it on two
 * fields are not combined; such routes are reported reachable.
 */
import { exists, type Answer, type Lang, type Meter } from './decide';
import { DEFAULT_BUDGET, MAX_WORK } from './product';
import { parseRegex } from '../syntax-tree';
import type { FieldCondition, HttpRoute, MatchEntry } from './route-matches';

type Tri = 'yes' | 'no' | 'unknown';

const CATCH_ALL: MatchEntry = { fields: new Map(), opaque: new Map(), unknown: false, span: { start: 0, end: 0 } };

/** Pseudo-headers and the path are always present on a request. */
const alwaysPresent = (key: string) => !key.startsWith('h:') && !key.startsWith('q:');

const tri = (a: Answer): Tri => (a.kind === 'unknown' ? 'unknown' : a.kind === 'yes' ? 'no' : 'yes');

/** The literal text every value of a language starts with ('' when unknown). */
function leadingLiteral(l: Lang): string {
  if (l.kind !== 'regex') return l.ignoreCase ? '' : l.text;
  const tree = parseRegex(l.pattern);
  if (!tree.ok || tree.alts.length !== 1) return '';
  let out = '';
  for (const n of tree.alts[0]) {
    if (n.t === 'assert' && n.kind === '^' && out === '') continue;
    if (n.t !== 'lit') break;
    out += n.ch;
  }
  return out;
}

// Per language object: a document's conditions are read once per check, so this only
// lives as long as they do.
const literalMemo = new WeakMap<Lang, string>();
const leading = (l: Lang) => {
  let v = literalMemo.get(l);
  if (v === undefined) {
    v = leadingLiteral(l);
    literalMemo.set(l, v);
  }
  return v;
};

/**
 * A quick "no" before any automaton: values that must start with different literal texts
 * (`/orders/…` against `/users/…`) cannot be included. Only ever says no, which never
 * produces a finding; an empty `sub` is then merely called reachable.
 */
function disjointStarts(sub: readonly Lang[], sup: Lang): boolean {
  const b = leading(sup);
  if (!b) return false;
  return sub.some((l) => {
    const a = leading(l);
    return a !== '' && !a.startsWith(b) && !b.startsWith(a);
  });
}

function fieldIncluded(key: string, sub: FieldCondition | undefined, sup: FieldCondition, meter?: Meter): Tri {
  const domain = sup.domain;
  const s: FieldCondition = sub ?? { pos: [], neg: [], absentOk: !alwaysPresent(key), domain };
  // A request without the field.
  if (!alwaysPresent(key) && s.absentOk !== false && sup.absentOk !== true) {
    if (s.absentOk === true && sup.absentOk === false) return 'no';
    return 'unknown';
  }
  // A request with it: nothing in sub may escape any of sup's conditions.
  let result: Tri = 'yes';
  for (const p of sup.pos) {
    if (disjointStarts(s.pos, p)) return 'no';
    const r = tri(exists([domain, ...s.pos], [...s.neg, p], DEFAULT_BUDGET, meter));
    if (r === 'no') return 'no';
    if (r === 'unknown') result = 'unknown';
  }
  for (const n of sup.neg) {
    const r = tri(exists([domain, ...s.pos, n], s.neg, DEFAULT_BUDGET, meter));
    if (r === 'no') return 'no';
    if (r === 'unknown') result = 'unknown';
  }
  return result;
}

/**
 * Whether every request `sub` accepts is accepted by `sup` (`tri`) and, when not, the one
 * field on which it fails while every other field is covered (`except`): then `sup` may cover
 * `sub` together with other entries that fail on the same field only.
 */
export function entryCoverage(sub: MatchEntry, sup: MatchEntry, meter?: Meter): { tri: Tri; except?: string } {
  if (sub.unknown || sup.unknown) return { tri: 'unknown' };
  let result: Tri = 'yes';
  for (const [k, v] of sup.opaque) if (sub.opaque.get(k) !== v) result = 'unknown';
  // Cheap necessary condition first: an optional field sup requires must be required by sub.
  const missing = [...sup.fields].filter(([k, c]) => !alwaysPresent(k) && c.absentOk === false && !sub.fields.has(k)).map(([k]) => k);
  if (missing.length > 1) return { tri: 'no' };
  let except: string | undefined = missing[0];
  for (const [k, c] of sup.fields) {
    if (k === except) continue;
    const r = fieldIncluded(k, sub.fields.get(k), c, meter);
    if (r === 'unknown') result = 'unknown';
    if (r !== 'no') continue;
    if (except !== undefined) return { tri: 'no' };
    except = k;
  }
  if (except === undefined) return { tri: result };
  return result === 'yes' ? { tri: 'no', except } : { tri: 'no' };
}

/** Every request `sub` accepts is accepted by `sup`. */
export const entryIncluded = (sub: MatchEntry, sup: MatchEntry): Tri => entryCoverage(sub, sup).tri;

/** Entries combined at most: each adds an automaton to the product that decides their union. */
const MAX_UNION = 6;

/**
 * Every request `sub` accepts is accepted by one of `sups`, each of which covers `sub` on
 * every field but `key`: then only `key` matters, and sub's values there must all be in the
 * union of theirs. Decided where each sup's condition on `key` is one language (a plain
 * exact, prefix or regex match) and sub cannot lack the field.
 */
function unionIncluded(key: string, sub: MatchEntry, sups: readonly MatchEntry[], meter: Meter): Tri {
  const conds = sups.map((e) => e.fields.get(key));
  if (conds.length < 2 || conds.length > MAX_UNION || conds.some((c) => !c || c.pos.length !== 1 || c.neg.length)) return 'unknown';
  const s = sub.fields.get(key);
  // A request without the field is in none of theirs (each needs a value).
  if (!alwaysPresent(key) && s?.absentOk !== false) return 'no';
  const domain = (s ?? conds[0]!).domain;
  return tri(exists([domain, ...(s?.pos ?? [])], [...(s?.neg ?? []), ...conds.map((c) => c!.pos[0])], DEFAULT_BUDGET, meter));
}

export interface Shadowing {
  route: HttpRoute;
  /** The earlier routes that cover its match entries, first one first. */
  by: HttpRoute[];
}

/**
 * Work one VirtualService may cost: two pathological questions. It is checked before each
 * question, so the last one may overrun it by up to MAX_WORK: about 150 ms at worst, 75 ms
 * usually (see MAX_WORK), where the old budget was 100 ms of wall clock.
 */
export const DOCUMENT_WORK = 2 * MAX_WORK;

/**
 * The routes never reached, each with the earlier routes that cover it. `maxWork` bounds the
 * whole document in work units (see `Meter`: memoised decisions count what they cost, so the
 * answer is the same in a long session as in a fresh one); once it is spent, the route being
 * decided and every later one are left undecided. `undecided` counts routes left unknown.
 */
export function shadowedRoutes(routes: readonly HttpRoute[], maxWork = DOCUMENT_WORK): { shadowed: Shadowing[]; undecided: number } {
  const shadowed: Shadowing[] = [];
  const meter: Meter = { spent: 0 };
  const spent = () => meter.spent > maxWork;
  let undecided = 0;
  for (let j = 1; j < routes.length; j++) {
    if (spent()) {
      undecided += routes.length - j;
      break;
    }
    const by: HttpRoute[] = [];
    let all = true;
    let unknown = false;
    for (const sub of routes[j].matches ?? [CATCH_ALL]) {
      let covered: HttpRoute[] | undefined;
      // Earlier entries that cover sub on every field but one, by that field.
      const partial = new Map<string, Array<{ route: HttpRoute; entry: MatchEntry }>>();
      for (let i = 0; i < j && !covered; i++) {
        for (const sup of routes[i].matches ?? [CATCH_ALL]) {
          if (spent()) break;
          const r = entryCoverage(sub, sup, meter);
          if (r.tri === 'yes') {
            covered = [routes[i]];
            break;
          }
          if (r.tri === 'unknown') unknown = true;
          if (r.except !== undefined) partial.set(r.except, [...(partial.get(r.except) ?? []), { route: routes[i], entry: sup }]);
        }
      }
      for (const [key, group] of partial) {
        if (covered || group.length < 2) continue;
        if (spent()) break;
        const r = unionIncluded(key, sub, group.map((g) => g.entry), meter);
        if (r === 'yes') covered = [...new Set(group.map((g) => g.route))];
        else if (r === 'unknown') unknown = true;
      }
      if (!covered) {
        // The loops above stop early once the budget is spent: then "not covered" is unknown.
        if (spent()) unknown = true;
        all = false;
        break;
      }
      for (const route of covered) if (!by.includes(route)) by.push(route);
    }
    if (all) shadowed.push({ route: routes[j], by });
    else if (unknown) undecided++;
  }
  return { shadowed, undecided };
}
