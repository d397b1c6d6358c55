/**
 * A glob star in an `exact` or `prefix` value (`prefix: /api/*`, header `exact: "*"`).
 * Envoy compares these values character by character, so the `*` only matches a real
 * asterisk: request paths and host names practically never hold one, so the match is dead.
 * Says what to write instead, per field.
 */
import type { MatchField, MatchType } from './site';

/** Fields whose values never hold a literal `*` in practice: any star there is a glob. */
const STARLESS: ReadonlySet<MatchField> = new Set<MatchField>(['uri', 'gatewayPath', 'authority', 'corsOrigin', 'scheme', 'method']);
/** Fields where a lone `*` is the glob for "any value" (CORS takes an exact "*" as "any origin"). */
const ANY_VALUE: ReadonlySet<MatchField> = new Set<MatchField>(['header', 'withoutHeader', 'queryParam', 'gatewayHeader', 'gatewayQueryParam', 'grpcHeader']);

export type LiteralGlob =
  /** `prefix: /api/*`: the prefix already covers what follows; drop the trailing stars. */
  | { kind: 'dropStars'; star: number; prefix: string }
  /** Anything else: a regex says it (`/api/[^/]*\/users.*`, `.*`). */
  | { kind: 'regex'; star: number; regex: string };

export function literalGlob(value: string, matchType: Exclude<MatchType, 'regex'>, field: MatchField): LiteralGlob | undefined {
  const star = value.indexOf('*');
  if (star === -1) return undefined;
  if (value === '*') {
    if (ANY_VALUE.has(field)) return { kind: 'regex', star, regex: '.*' };
    if (!STARLESS.has(field) || field === 'corsOrigin') return undefined;
  } else if (!STARLESS.has(field)) {
    return undefined;
  }
  const trimmed = value.replace(/\*+$/, '');
  if (matchType === 'prefix' && !trimmed.includes('*') && trimmed !== '') return { kind: 'dropStars', star, prefix: trimmed };
  // The glob's regex: everything but the stars quoted; a star is `[^/]*` inside a path or host, `.*` at the end.
  const quoted = value.replace(/[\\.+?()|[\]{}^$]/g, '\\$&');
  const pathLike = field === 'uri' || field === 'gatewayPath' || field === 'authority' || field === 'corsOrigin';
  let regex = '';
  for (let i = 0; i < quoted.length; i++) {
    if (quoted[i] !== '*') regex += quoted[i];
    else {
      let j = i;
      while (quoted[j + 1] === '*') j++;
      regex += j === quoted.length - 1 || !pathLike ? '.*' : '[^/]*';
      i = j;
    }
  }
  if (matchType === 'prefix' && !regex.endsWith('.*')) regex += '.*';
  return { kind: 'regex', star, regex };
}
