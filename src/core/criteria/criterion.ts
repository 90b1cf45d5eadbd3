/**
 * The threshold model: what a criterion string such as `p95 of POST /api/v1/chat < 5s in every 1m`
 * means once parsed. Criteria are values (discriminated by `kind`) so the evaluator, the plugin and
 * the reports can switch on them without re-reading the text.
 */

import type { LatencyMeasure } from './windows.ts';
import { THRESHOLDS_DEFAULTS } from '../defaults.ts';

/** How the observed value must compare with the limit (`==` only for measures that allow it, see metrics.ts). */
export type Comparator = '<' | '<=' | '>' | '>=' | '==';

/** Latency statistics a criterion can name (`median` is written as `p50`). */
export type LatencyStat = 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p99.9' | 'max' | 'mean' | 'min';

interface CriterionBase {
  /** The criterion as written, trimmed, e.g. `p95 < 3s`. */
  text: string;
  /** Comparison between the observed value and `limit`. */
  op: Comparator;
  /** `METHOD /path` (query string removed) or null for all requests. */
  endpoint: string | null;
  /** Seconds from the start of the run that are ignored (`after 1m`); 0 when not written. */
  afterS: number;
}

interface WindowedBase extends CriterionBase {
  /**
   * Length in seconds of the windows the criterion must hold in (`in every 1m`), a multiple of the
   * 10-second recording period; null to judge the run as a whole.
   */
  windowS: number | null;
}

/**
 * A latency statistic against a limit in milliseconds. `measure` says which time: `latency` is the
 * whole response (what a user waits for; failed requests at the time they failed), `ttfb`,
 * `connect` and `download` its parts.
 */
export interface LatencyCriterion extends WindowedBase {
  kind: 'latency';
  measure: LatencyMeasure;
  stat: LatencyStat;
  /** Milliseconds. */
  limit: number;
}

/** Failed requests / requests (5xx, network errors, timeouts, failed checks; 4xx when configured). */
export interface ErrorRateCriterion extends WindowedBase {
  kind: 'error-rate';
  /** Percent, 0..100. */
  limit: number;
}

/** Share of requests slower than the slow-request threshold. */
export interface SlowRequestsCriterion extends WindowedBase {
  kind: 'slow-requests';
  /** Percent, 0..100. */
  limit: number;
}

/** Requests sent per second. */
export interface ThroughputCriterion extends WindowedBase {
  kind: 'throughput';
  /** Requests per second. */
  limit: number;
}

/**
 * Virtual users that failed without a failed request (a processor that threw, a failed hook, an
 * undefined function), as a count; a session ended by a failed request is in the error rate.
 */
export interface FailedSessionsCriterion extends CriterionBase {
  kind: 'failed-sessions';
  /** A count of virtual users. */
  limit: number;
}

/** Increase of a latency statistic from the first steady part of the run to its last part. */
export interface DegradationCriterion extends CriterionBase {
  kind: 'degradation';
  stat: LatencyStat;
  /** Percent increase (may exceed 100). */
  limit: number;
}

/**
 * The target's cache hit rate over the judged span, from the monitor's samples: hits / reads
 * between the span's first and last sample (the target reports running totals).
 */
export interface CacheHitRateCriterion extends WindowedBase {
  kind: 'cache-hit-rate';
  /** Percent, 0..100. */
  limit: number;
}

/** A value the monitor samples from the target, which must hold in every sample (`db pool waiting == 0`). */
export type MonitorGauge = 'dbPoolActive' | 'dbPoolWaiting' | 'dbPoolAvailable';

export interface MonitorGaugeCriterion extends CriterionBase {
  kind: 'monitor-gauge';
  gauge: MonitorGauge;
  /** A plain count. */
  limit: number;
}

/** A statistic of the monitor's health-check round trips (one probe per sample). */
export interface HealthLatencyCriterion extends WindowedBase {
  kind: 'health-latency';
  stat: LatencyStat;
  /** Milliseconds. */
  limit: number;
}

/** The longest stretch of consecutive samples in which the DB pool was exhausted (`db pool exhausted for at most 30s`). */
export interface PoolExhaustedCriterion extends CriterionBase {
  kind: 'db-pool-exhausted';
  /** Milliseconds. */
  limit: number;
}

/** How much the target's memory grew from the start of the run to its end (an endurance run's leak check). */
export interface MemoryGrowthCriterion extends CriterionBase {
  kind: 'memory-growth';
  /** Percent increase (may exceed 100). */
  limit: number;
}

/** Criteria judged on what the runner's monitor sampled (RunResult.monitor), not on Artillery's traffic. */
export type MonitorCriterion =
  | CacheHitRateCriterion
  | MonitorGaugeCriterion
  | HealthLatencyCriterion
  | PoolExhaustedCriterion
  | MemoryGrowthCriterion;

export type Criterion =
  | LatencyCriterion
  | ErrorRateCriterion
  | SlowRequestsCriterion
  | ThroughputCriterion
  | FailedSessionsCriterion
  | DegradationCriterion
  | MonitorCriterion;

const MONITOR_KINDS: ReadonlySet<string> = new Set<MonitorCriterion['kind']>([
  'cache-hit-rate',
  'monitor-gauge',
  'health-latency',
  'db-pool-exhausted',
  'memory-growth',
]);

export function isMonitorCriterion(criterion: Criterion): criterion is MonitorCriterion {
  return MONITOR_KINDS.has(criterion.kind);
}

export type CriterionKind = Criterion['kind'];

/** A criterion with the options written next to it in `config.plugins.thresholds.criteria`. */
export interface ParsedCriterionWithOptions {
  criterion: Criterion;
  /** A label for reports; defaults to the criterion text. */
  name: string | null;
  /** Stop the run early when this criterion has failed for `graceS` seconds in a row. */
  abort: boolean;
  /** Seconds of continuous failure before an abort (default 30). */
  graceS: number;
}

/** How the run's data is judged; mirrors `config.plugins.thresholds.errors` and `.degradation`. */
export interface EvaluationOptions {
  /** Count 4xx responses as failed requests (default true), unless the step expects the status. */
  count4xx: boolean;
  /** 4xx answers are what the test is for: a run of (nearly) only 4xx is still judged (default false). */
  expect4xx?: boolean;
  /** Slow-request threshold in ms, only used in messages; null when unknown. */
  slowThresholdMs: number | null;
  degradation: {
    /** Percent of the steady windows that form the baseline (default 10). */
    baselinePct: number;
    /** Percent of the steady windows, at the end, compared with the baseline (default 10). */
    comparePct: number;
    /** Seconds from the start that are warm-up and never part of the baseline (default 0). */
    warmupS: number;
  };
}

export const DEFAULT_EVALUATION_OPTIONS: EvaluationOptions = {
  count4xx: THRESHOLDS_DEFAULTS.errors.count4xx,
  slowThresholdMs: null,
  degradation: { baselinePct: 10, comparePct: 10, warmupS: 0 },
};

/** Artillery reports every 10 s; windows are built from whole recording periods. */
export const RECORDING_PERIOD_S = 10;

/** How long an `abort: true` criterion must fail in a row before the run stops (`grace`), in seconds; the schema states it. */
export const DEFAULT_GRACE_S = 30;
