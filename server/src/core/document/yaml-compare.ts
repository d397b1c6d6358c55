/**
 * Structural comparison of two `yaml` documents: node classes, scalar values, ranges,
 * styles, comments, spacing flags, errors and warnings. Used to prove that the fast path
 * builds exactly what `yaml` builds; returns the first difference as a path and a description.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

const kindOf = (n: unknown): string =>
  n === null || n === undefined ? String(n) : isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isPair(n) ? 'pair' : isAlias(n) ? 'alias' : typeof n;

/** Own enumerable properties that carry meaning (children are compared separately). */
function props(n: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) if (k !== 'items' && k !== 'key' && !(k === 'value' && isPair(n))) out[k] = v;
  return out;
}

const same = (a: unknown, b: unknown): boolean =>
  Object.is(a, b) || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => Object.is(x, b[i])));

export function diffNodes(a: unknown, b: unknown, path = '$'): string | undefined {
  if (kindOf(a) !== kindOf(b)) return `${path}: ${kindOf(a)} vs ${kindOf(b)}`;
  if (a === null || a === undefined || typeof a !== 'object') return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  if ((a as object).constructor !== (b as object).constructor) return `${path}: different classes`;
  const pa = props(a);
  const pb = props(b as object);
  for (const k of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    if (!same(pa[k], pb[k])) return `${path}.${k}: ${JSON.stringify(pa[k])} vs ${JSON.stringify(pb[k])}`;
  }
  if (isPair(a) && isPair(b)) return diffNodes(a.key, b.key, `${path}.key`) ?? diffNodes(a.value, b.value, `${path}.value`);
  if ((isMap(a) || isSeq(a)) && (isMap(b) || isSeq(b))) {
    const ia = a.items as unknown[];
    const ib = b.items as unknown[];
    if (ia.length !== ib.length) return `${path}.items: ${ia.length} vs ${ib.length} items`;
    for (let i = 0; i < ia.length; i++) {
      const d = diffNodes(ia[i], ib[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

/** What identifies an error or warning: class, code, message and position, in order. */
const problems = (list: ReadonlyArray<{ name: string; code: string; message: string; pos: [number, number] }>): string =>
  JSON.stringify(list.map((e) => [e.name, e.code, e.message, e.pos, Object.keys(e)]));

/** The first difference between two parsed documents, or undefined when they are the same. */
export function diffDocuments(a: Document.Parsed, b: Document.Parsed): string | undefined {
  const fields: Array<[string, unknown, unknown]> = [
    ['range', a.range, b.range],
    ['commentBefore', a.commentBefore, b.commentBefore],
    ['comment', a.comment, b.comment],
    ['errors', problems(a.errors), problems(b.errors)],
    ['warnings', problems(a.warnings), problems(b.warnings)],
    ['docStart', a.directives?.docStart, b.directives?.docStart],
    ['docEnd', a.directives?.docEnd, b.directives?.docEnd],
  ];
  for (const [name, x, y] of fields) if (!same(x, y)) return `document.${name}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
  return diffNodes(a.contents, b.contents, '$');
}
