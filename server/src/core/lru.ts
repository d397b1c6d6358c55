/**
 * A bounded least-recently-used map. Bounded by entry count and by a caller-defined weight
 * (pattern length, or an estimate of what an entry holds), so a language server that lives
 * for days keeps a flat footprint no matter how many distinct patterns it has seen. Full, it
 * stays full (the oldest entry leaves for each new one) instead of starting over, so its
 * footprint does not saw up and down with the edits either.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Infinity,
    /** Called for every entry that leaves the cache (eviction, delete, clear). */
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get weight(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V, weight = 1): void {
    this.delete(key);
    this.map.set(key, { value, weight });
    this.total += weight;
    while (this.map.size > this.maxEntries || (this.total > this.maxWeight && this.map.size > 1)) {
      const oldest = this.map.keys().next().value as K;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const old = this.map.get(key);
    if (!old) return;
    this.map.delete(key);
    this.total -= old.weight;
    this.onEvict?.(key, old.value);
  }

  /** Empties the cache; `evict: false` drops entries without calling onEvict (their owner is gone). */
  clear(evict = true): void {
    if (evict && this.onEvict) for (const [k, v] of this.map) this.onEvict(k, v.value);
    this.map.clear();
    this.total = 0;
  }
}
