/** The engines' verdict caches: core's bounded LRU map (core/lru.ts) keyed by pattern. */
import type { Lru } from '../core/lru';

export { Lru } from '../core/lru';

/**
 * The verdict `cache` holds for `pattern`, or `judge`'s, which is then kept (weighed by the
 * pattern's length). Both engines answer `check` this way; `counters.cacheHits` counts hits.
 */
export function cachedVerdict<V>(cache: Lru<string, V>, pattern: string, counters: { cacheHits: number }, judge: (pattern: string) => V): V {
  const hit = cache.get(pattern);
  if (hit) {
    counters.cacheHits++;
    return hit;
  }
  const verdict = judge(pattern);
  cache.set(pattern, verdict, pattern.length + 16);
  return verdict;
}
