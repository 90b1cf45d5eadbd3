import type { DemoMetrics } from './metrics.ts';

/** GET /metrics: the same numbers as /api/v1/metrics in Prometheus text exposition format 0.0.4. */
export function renderPrometheus(
  metrics: DemoMetrics,
  requests: ReadonlyArray<readonly [string, number, number]>,
  residentMemoryBytes: number,
): string {
  const lines: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', help: string): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };

  family('demo_http_requests_total', 'counter', 'HTTP requests answered, by endpoint and status.');
  for (const [endpoint, status, count] of requests) {
    lines.push(`demo_http_requests_total{endpoint="${escapeLabel(endpoint)}",status="${status}"} ${count}`);
  }
  const gauges: Array<[string, string, number]> = [
    ['demo_db_pool_size', 'DB connections in the pool.', metrics.db.pool_size],
    ['demo_db_pool_active', 'DB connections in use.', metrics.db.active],
    ['demo_db_pool_available', 'DB connections free.', metrics.db.available],
    ['demo_db_pool_waiting', 'Requests queued for a DB connection.', metrics.db.waiting],
  ];
  for (const [name, help, value] of gauges) {
    family(name, 'gauge', help);
    lines.push(`${name} ${value}`);
  }
  family('demo_cache_hits_total', 'counter', 'Cache reads served from the cache.');
  lines.push(`demo_cache_hits_total ${metrics.cache.hits}`);
  family('demo_cache_misses_total', 'counter', 'Cache reads that went to the DB.');
  lines.push(`demo_cache_misses_total ${metrics.cache.misses}`);
  family('demo_users_distinct', 'gauge', 'Distinct user_id values seen since start.');
  lines.push(`demo_users_distinct ${metrics.users.distinct}`);
  family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  lines.push(`process_resident_memory_bytes ${residentMemoryBytes}`);
  return `${lines.join('\n')}\n`;
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}
