/**
 * Which of the target's metrics endpoints the monitor asks. Apart from the health check,
 * loadspec sends the target only what it was told to: the metrics endpoints (DB pool,
 * cache, memory) are asked only when the scenario file or a flag names them, or a
 * criterion reads them (`cache hit rate >= 70%` needs them); an API without them is asked
 * nothing and gets no warning about columns nobody wanted.
 */
import type { Criterion } from '../core/criteria/criterion.ts';
import type { TargetSources } from './types.ts';

export type MetricsMode = NonNullable<TargetSources['metrics']>;

/** What named the metrics endpoints, if anything. */
export interface MetricsTold {
  /** `loadspec.monitor.metrics` or `--metrics`, when written. */
  mode?: MetricsMode | undefined;
  /** The JSON endpoint was named (`jsonPath`, a `json:` section, `--metrics-path`). */
  json: boolean;
  /** The Prometheus endpoint was named (`prometheusPath`, a `prometheus:` section, `--prometheus-path`). */
  prometheus: boolean;
  /** A criterion reads a value only the metrics endpoints give. */
  criteria?: boolean;
}

export function metricsMode(told: MetricsTold): MetricsMode {
  if (told.mode !== undefined) return told.mode;
  if (told.json && told.prometheus) return 'auto';
  if (told.json) return 'json';
  if (told.prometheus) return 'prometheus';
  // A criterion names the values, not where they are: both endpoints, as `auto` reads them.
  return told.criteria === true ? 'auto' : 'off';
}

const FROM_TARGET_METRICS: ReadonlySet<Criterion['kind']> = new Set(['cache-hit-rate', 'monitor-gauge', 'db-pool-exhausted', 'memory-growth']);

/** Whether a criterion judges a value that only the target's metrics endpoints give (not the health check). */
export function readsTargetMetrics(criterion: Criterion): boolean {
  return FROM_TARGET_METRICS.has(criterion.kind);
}
