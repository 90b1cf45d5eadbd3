/** Read counters of the cache, as the metrics endpoints show them. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * A read-through cache keyed by endpoint and user: the first read of a key misses (and pays DB
 * time), later reads within the TTL hit, so the hit rate warms up as users come back.
 */
export class ReadCache {
  readonly #ttlMs: number;
  readonly #capacity: number;
  // Map keeps insertion order, which makes the oldest entry cheap to evict.
  readonly #expiries = new Map<string, number>();
  #hits = 0;
  #misses = 0;

  constructor(ttlS: number, capacity = 200_000) {
    this.#ttlMs = ttlS * 1000;
    this.#capacity = capacity;
  }

  /** True on a hit; on a miss the key is stored, as if the caller loaded and cached it. */
  read(key: string, now: number): boolean {
    const expiresAt = this.#expiries.get(key);
    if (expiresAt !== undefined && expiresAt > now) {
      this.#hits++;
      return true;
    }
    this.#misses++;
    this.#expiries.delete(key);
    this.#expiries.set(key, now + this.#ttlMs);
    if (this.#expiries.size > this.#capacity) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done !== true) this.#expiries.delete(oldest.value);
    }
    return false;
  }

  /** A write makes the cached copy stale. */
  invalidate(key: string): void {
    this.#expiries.delete(key);
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses };
  }
}
