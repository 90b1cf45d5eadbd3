/** The DB and cache columns from a Prometheus `/metrics` endpoint, found by metric name. */
import { bytesToMb, fetchMetricsText } from './json-metrics.ts';
import type { MetricsReading } from './json-metrics.ts';
import { metricValue, parsePrometheusText } from './prometheus-text.ts';
import type { PartialSample, PrometheusMetricNames } from './types.ts';

/** The demo target's `GET /metrics` names. */
export const DEFAULT_PROMETHEUS_NAMES: PrometheusMetricNames = {
  dbPoolSize: 'demo_db_pool_size',
  dbPoolActive: 'demo_db_pool_active',
  dbPoolAvailable: 'demo_db_pool_available',
  dbPoolWaiting: 'demo_db_pool_waiting',
  cacheHits: 'demo_cache_hits_total',
  cacheMisses: 'demo_cache_misses_total',
  // What Prometheus client libraries export for their own process.
  targetMemoryBytes: 'process_resident_memory_bytes',
};

export function extractPrometheusMetrics(text: string, names: PrometheusMetricNames): MetricsReading {
  const series = parsePrometheusText(text);
  if (series.length === 0) return { ok: false, reason: 'did not answer Prometheus text' };
  const missing: string[] = [];
  const pick = (name: string): number | null => {
    const value = metricValue(series, name);
    if (value === null) missing.push(name);
    return value;
  };
  const hits = pick(names.cacheHits);
  const misses = pick(names.cacheMisses);
  const memory = pick(names.targetMemoryBytes);
  const reads = hits !== null && misses !== null ? hits + misses : null;
  const values: PartialSample = {
    dbPoolSize: pick(names.dbPoolSize),
    dbPoolActive: pick(names.dbPoolActive),
    dbPoolAvailable: pick(names.dbPoolAvailable),
    dbPoolWaiting: pick(names.dbPoolWaiting),
    cacheTotalReads: reads,
    // Cumulative since the target started, like the JSON endpoint's hit_rate_percent.
    cacheHitRate: reads !== null && hits !== null && reads > 0 ? Math.round((hits / reads) * 1000) / 10 : null,
    targetMemoryMb: memory === null ? null : bytesToMb(memory),
  };
  if (missing.length === Object.keys(names).length) {
    return { ok: false, reason: `has none of ${Object.values(names).join(', ')}` };
  }
  return { ok: true, values, missing };
}

export async function fetchPrometheusMetrics(
  baseUrl: string,
  path: string,
  names: PrometheusMetricNames,
  timeoutMs: number,
): Promise<MetricsReading> {
  const response = await fetchMetricsText(baseUrl, path, timeoutMs);
  return response.ok ? extractPrometheusMetrics(response.text, names) : response;
}
