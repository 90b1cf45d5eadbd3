/**
 * Every default a key left out of a scenario file gets, in one place: the schema states
 * them in its descriptions (and so in the YAML reference, docs/reference.md), the plugins and the
 * runner use them. Plain values, so plugins can import them without the schema library.
 */
export const UNIQUE_USERS_DEFAULTS = { prefix: 'loadtest_user_', variable: 'userId' } as const;
/** The `loadspec:` section: the health check before the load (preflight reads these too). */
export const RUNNER_DEFAULTS = { health: { path: '/health', timeout: '2s', retries: 3 } } as const;
export const API_KEY_DEFAULTS = { header: 'X-API-Key', env: 'LOADSPEC_API_KEY' } as const;
export const SLOW_REQUESTS_DEFAULTS = { threshold: '3s', consoleLinesPerSecond: 5 } as const;
/** `SLOW_REQUESTS_DEFAULTS.threshold` in milliseconds. */
export const SLOW_THRESHOLD_MS = 3000;
/**
 * Criteria every run is judged by unless the scenario writes its own of the same measure (an
 * `error rate` over all requests, a `failed sessions`): a failing target never gets a green
 * verdict because nobody thought of writing the criterion, as with Locust, which fails a run
 * with any failure.
 */
export const DEFAULT_CRITERIA = { errorRate: 'error rate < 1%', failedSessions: 'failed sessions == 0' } as const;

export const THRESHOLDS_DEFAULTS = {
  errors: { count4xx: true, expect4xx: false },
  degradation: { baseline: 10, compare: 10, warmup: 0 },
} as const;

/**
 * How far apart the shards of one merged run may begin (or end) their load before `loadspec merge`
 * marks the result: ~1 s of start-up jitter on one machine plus clock skew between machines
 * (NTP keeps it well under a second).
 */
export const SHARD_TOLERANCE_MS = 2000;

/** `loadspec run --dashboard` without a port: Locust's web UI port, on the loopback address only. */
export const DASHBOARD_DEFAULTS = { host: '127.0.0.1', port: 8089 } as const;
