import type { CacheStats } from './cache.ts';
import type { PoolStats } from './pool.ts';

/** GET /api/v1/metrics: the shape the monitor reads; keep it stable. */
export interface DemoMetrics {
  requests: {
    total: number;
    /** Responses with status 400 or above. */
    errors: number;
    /** Keyed "METHOD /path", e.g. "POST /api/v1/chat"; unknown paths count under "other". */
    by_endpoint: Record<string, number>;
  };
  db: { pool_size: number; active: number; available: number; waiting: number };
  cache: { hits: number; misses: number; total_reads: number; hit_rate_percent: number };
  /** Every request that carried a user_id (query or body); repeated = requests - distinct. */
  users: { distinct: number; requests: number; repeated: number };
  uptime_s: number;
}

/** Counts requests by endpoint and status, and the user ids seen. */
export class RequestCounters {
  readonly #byEndpoint = new Map<string, Map<number, number>>();
  readonly #users = new Set<string>();
  #total = 0;
  #errors = 0;
  #userRequests = 0;

  record(endpoint: string, status: number): void {
    this.#total++;
    if (status >= 400) this.#errors++;
    let statuses = this.#byEndpoint.get(endpoint);
    if (statuses === undefined) {
      statuses = new Map();
      this.#byEndpoint.set(endpoint, statuses);
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }

  sawUser(userId: string): void {
    this.#userRequests++;
    this.#users.add(userId);
  }

  /** [endpoint, status, count] for every pair seen, for the Prometheus exposition. */
  byEndpointAndStatus(): Array<[string, number, number]> {
    const rows: Array<[string, number, number]> = [];
    for (const [endpoint, statuses] of this.#byEndpoint) {
      for (const [status, count] of statuses) rows.push([endpoint, status, count]);
    }
    return rows;
  }

  snapshot(pool: PoolStats, cache: CacheStats, uptimeMs: number): DemoMetrics {
    const byEndpoint: Record<string, number> = {};
    for (const [endpoint, statuses] of this.#byEndpoint) {
      let sum = 0;
      for (const count of statuses.values()) sum += count;
      byEndpoint[endpoint] = sum;
    }
    const totalReads = cache.hits + cache.misses;
    return {
      requests: { total: this.#total, errors: this.#errors, by_endpoint: byEndpoint },
      db: { pool_size: pool.size, active: pool.active, available: pool.available, waiting: pool.waiting },
      cache: {
        hits: cache.hits,
        misses: cache.misses,
        total_reads: totalReads,
        hit_rate_percent: totalReads === 0 ? 0 : Math.round((cache.hits / totalReads) * 1000) / 10,
      },
      users: {
        distinct: this.#users.size,
        requests: this.#userRequests,
        repeated: this.#userRequests - this.#users.size,
      },
      uptime_s: Math.round(uptimeMs / 100) / 10,
    };
  }
}
