/** How criteria and their values read in messages, shared by every kind of criterion. */
import type { CriterionResult } from '../types.ts';
import type { Comparator, Criterion, MonitorGauge } from './criterion.ts';
import { formatMs, formatPercent, formatRate } from './units.ts';
import type { LatencyMeasure } from './windows.ts';

export function compare(observed: number, op: Comparator, limit: number): boolean {
  switch (op) {
    case '<':
      return observed < limit;
    case '<=':
      return observed <= limit;
    case '>':
      return observed > limit;
    case '>=':
      return observed >= limit;
    case '==':
      return observed === limit;
  }
}

/** `p95 of POST /api/v1/chat`, `error rate`, `the share of slow requests`. */
export function subjectOf(criterion: Criterion): string {
  const of = criterion.endpoint === null ? '' : ` of ${criterion.endpoint}`;
  switch (criterion.kind) {
    case 'latency':
      return `${criterion.stat}${MEASURE_WORDS[criterion.measure]}${of}`;
    case 'failed-sessions':
      return 'failed sessions';
    case 'degradation':
      return `${criterion.stat} degradation${of}`;
    case 'error-rate':
      return `error rate${of}`;
    case 'slow-requests':
      return `the share of slow requests${of}`;
    case 'throughput':
      return `throughput${of}`;
    case 'cache-hit-rate':
      return 'the cache hit rate';
    case 'monitor-gauge':
      return GAUGE_SUBJECTS[criterion.gauge];
    case 'health-latency':
      return `${criterion.stat} of the health check latency`;
    case 'db-pool-exhausted':
      return 'the longest DB pool exhaustion';
    case 'memory-growth':
      return "the target's memory growth";
  }
}

/** How each measure reads after its statistic: `p95 response time`, `p95 time to first byte`. */
const MEASURE_WORDS: Record<LatencyMeasure, string> = {
  latency: ' response time',
  ttfb: ' time to first byte',
  connect: ' connect time',
  download: ' download time',
};

const GAUGE_SUBJECTS: Record<MonitorGauge, string> = {
  dbPoolActive: 'DB pool active (connections in use)',
  dbPoolWaiting: 'DB pool waiting (requests queued for a connection)',
  dbPoolAvailable: 'DB pool available (idle connections)',
};

export function valueWithUnit(value: number, unit: string): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === '%') return formatPercent(value);
  if (unit === 'count') return Number(value.toFixed(2)).toLocaleString('en-US');
  return formatRate(value);
}

/** `12:03:10-12:04:10 UTC`: CI logs and people in different time zones read the same times. */
export function timeRange(start: number, end: number): string {
  return `${clock(start)}-${clock(end)} UTC`;
}

/** `12:03:10`, UTC. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function noData(criterion: Criterion, reason: string): CriterionResult {
  return {
    text: criterion.text,
    status: 'no-data',
    observed: null,
    limit: criterion.limit,
    unit: unitOf(criterion),
    message: `${subjectOf(criterion)} could not be judged: ${reason}`,
  };
}

export function unitOf(criterion: Criterion): string {
  switch (criterion.kind) {
    case 'latency':
    case 'health-latency':
    case 'db-pool-exhausted':
      return 'ms';
    case 'throughput':
      return 'req/s';
    case 'monitor-gauge':
    case 'failed-sessions':
      return 'count';
    default:
      return '%';
  }
}

/** A criterion judged on a value: passed or failed, with one sentence saying what was measured where. */
export function judged(criterion: Criterion, observed: number, context: string): CriterionResult {
  const unit = unitOf(criterion);
  const passed = compare(observed, criterion.op, criterion.limit);
  return {
    text: criterion.text,
    status: passed ? 'passed' : 'failed',
    observed: round(observed),
    limit: criterion.limit,
    unit,
    message:
      `${subjectOf(criterion)} was ${distinctFromLimit(observed, criterion.limit, unit)} ` +
      `(limit ${criterion.op} ${valueWithUnit(criterion.limit, unit)})${context}`,
  };
}

/** `1.004%` must not read as `1%` next to a limit of `1%` that it failed. */
function distinctFromLimit(observed: number, limit: number, unit: string): string {
  const shown = valueWithUnit(observed, unit);
  if (observed === limit || shown !== valueWithUnit(limit, unit)) return shown;
  return `${observed > limit ? 'just over' : 'just under'} ${shown}`;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** Larger is further on the failing side of the limit. */
export function badness(criterion: Criterion, value: number): number {
  if (criterion.op === '<' || criterion.op === '<=') return value;
  if (criterion.op === '==') return Math.abs(value - criterion.limit);
  return -value;
}
