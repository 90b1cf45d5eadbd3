/**
 * The measures a criterion can name. The parser only knows this table, so a new measure (for
 * example a monitor value such as `cache hit rate`) is one entry here plus one case in the evaluator.
 */
import type { Criterion, LatencyStat } from './criterion.ts';

/** What the limit is measured in; decides which units the parser accepts (`count`: a bare number). */
export type ValueKind = 'duration' | 'percent' | 'rate' | 'count';

/** Everything the parser read around the measure's name. */
export interface CriterionParts {
  text: string;
  op: Criterion['op'];
  limit: number;
  endpoint: string | null;
  afterS: number;
  windowS: number | null;
}

export interface MetricDef {
  /** Names people may write, lower case with single spaces; the first is the canonical one. */
  names: string[];
  value: ValueKind;
  /** Whether `in every 1m` makes sense for this measure. */
  windowed: boolean;
  /** Whether a percentage limit may exceed 100. */
  over100?: boolean;
  /** Whether `==` makes sense (a count such as `db pool waiting == 0`; never for latencies). */
  equality?: boolean;
  build(parts: CriterionParts): Criterion;
}

const STAT_NAMES: Record<LatencyStat, string[]> = {
  p50: ['p50', 'median'],
  p75: ['p75'],
  p90: ['p90'],
  p95: ['p95'],
  p99: ['p99'],
  'p99.9': ['p99.9', 'p999'],
  max: ['max', 'maximum'],
  mean: ['mean', 'average', 'avg'],
  min: ['min', 'minimum'],
};

export const LATENCY_STATS = Object.keys(STAT_NAMES) as LatencyStat[];

/** `p95 latency` and `p95 response time` read naturally and mean the same as `p95`. */
const LATENCY_SUFFIXES = ['', ' latency', ' response time'];

function latencyMetrics(): MetricDef[] {
  return LATENCY_STATS.flatMap((stat): MetricDef[] => {
    const names = STAT_NAMES[stat];
    return [
      {
        names: names.flatMap((name) => LATENCY_SUFFIXES.map((suffix) => name + suffix)),
        value: 'duration',
        windowed: true,
        build: (parts) => ({ kind: 'latency', stat, ...parts }),
      },
      {
        names: names.flatMap((name) => LATENCY_SUFFIXES.map((suffix) => `${name}${suffix} degradation`)),
        value: 'percent',
        windowed: false,
        over100: true,
        build: ({ windowS: _windowS, ...parts }) => ({ kind: 'degradation', stat, ...parts }),
      },
    ];
  });
}

export const METRICS: readonly MetricDef[] = [
  ...latencyMetrics(),
  {
    names: ['error rate', 'errors', 'failure rate', 'failed requests'],
    value: 'percent',
    windowed: true,
    build: (parts) => ({ kind: 'error-rate', ...parts }),
  },
  {
    names: ['slow requests', 'slow request rate', 'slow'],
    value: 'percent',
    windowed: true,
    build: (parts) => ({ kind: 'slow-requests', ...parts }),
  },
  {
    names: ['throughput', 'rps', 'requests per second', 'request rate'],
    value: 'rate',
    windowed: true,
    build: (parts) => ({ kind: 'throughput', ...parts }),
  },
];

export function findMetric(name: string): MetricDef | undefined {
  return METRICS.find((metric) => metric.names.includes(name));
}

/** Canonical names, for "did you mean" and for the short grammar shown in errors. */
export function metricNames(): string[] {
  return METRICS.flatMap((metric) => metric.names);
}
