/**
 * The measures a criterion can name. The parser only knows this table, so a new measure is one
 * entry here plus one case in the evaluator (evaluate.ts for traffic, monitor-criteria.ts for
 * what the monitor samples).
 */
import type { Criterion, LatencyStat, MonitorGauge } from './criterion.ts';
import type { TimingMeasure } from '../metric-names.ts';

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
  /** Why `in every ...` is refused, when `windowed` is false. */
  noWindow?: string;
  /** Whether `after 1m` makes sense. Default true. */
  after?: boolean;
  /** Whether `of METHOD /path` makes sense: false for what the monitor samples from the target as a whole. Default true. */
  perEndpoint?: boolean;
  /** Reads as `<measure> for at most 30s` (a length of time the measure lasted). */
  forPhrase?: boolean;
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
        build: (parts) => ({ kind: 'latency', measure: 'latency', stat, ...parts }),
      },
      {
        names: names.flatMap((name) => LATENCY_SUFFIXES.map((suffix) => `${name}${suffix} degradation`)),
        value: 'percent',
        windowed: false,
        over100: true,
        after: false,
        build: ({ windowS: _windowS, ...parts }) => ({ kind: 'degradation', stat, ...parts }),
      },
    ];
  });
}

/** The parts of a request's time, each on its own: `ttfb p95 < 500ms`, `p95 connect time < 50ms`. */
const TIMING_NAMES: Record<TimingMeasure, string[]> = {
  ttfb: ['ttfb', 'time to first byte'],
  connect: ['connect', 'connect time'],
  download: ['download', 'download time'],
};

function timingMetrics(): MetricDef[] {
  return (Object.keys(TIMING_NAMES) as TimingMeasure[]).flatMap((measure) =>
    LATENCY_STATS.map((stat): MetricDef => ({
      names: STAT_NAMES[stat].flatMap((statName) => TIMING_NAMES[measure].flatMap((name) => [`${name} ${statName}`, `${statName} ${name}`])),
      value: 'duration',
      windowed: true,
      build: (parts) => ({ kind: 'latency', measure, stat, ...parts }),
    })),
  );
}

const MONITOR_ONLY = { perEndpoint: false } as const;

/** `health latency p95`, `p95 health latency`, `health p95`: the monitor's probes of the health endpoint. */
function healthLatencyMetrics(): MetricDef[] {
  return LATENCY_STATS.map((stat): MetricDef => ({
    names: STAT_NAMES[stat].flatMap((name) => [`health latency ${name}`, `${name} health latency`, `health ${name}`, `health check ${name}`]),
    value: 'duration',
    windowed: true,
    ...MONITOR_ONLY,
    build: (parts) => ({ kind: 'health-latency', stat, ...parts }),
  }));
}

function gauge(names: string[], which: MonitorGauge): MetricDef {
  return {
    names,
    value: 'count',
    windowed: false,
    noWindow: `${names[0]} must hold in every sample already; remove "in every ..."`,
    equality: true,
    ...MONITOR_ONLY,
    build: ({ windowS: _windowS, ...parts }) => ({ kind: 'monitor-gauge', gauge: which, ...parts }),
  };
}

const MONITOR_METRICS: MetricDef[] = [
  {
    names: ['cache hit rate', 'cache hit ratio', 'cache hits'],
    value: 'percent',
    windowed: true,
    ...MONITOR_ONLY,
    build: (parts) => ({ kind: 'cache-hit-rate', ...parts }),
  },
  gauge(['db pool waiting', 'db pool queue', 'db waiting'], 'dbPoolWaiting'),
  gauge(['db pool active', 'db pool in use', 'db connections in use'], 'dbPoolActive'),
  gauge(['db pool available', 'db pool idle', 'db connections available'], 'dbPoolAvailable'),
  {
    names: ['db pool exhausted', 'db pool exhaustion', 'db pool exhausted for'],
    value: 'duration',
    windowed: false,
    noWindow: 'db pool exhausted is the longest exhaustion in the run already; remove "in every ..."',
    forPhrase: true,
    ...MONITOR_ONLY,
    build: ({ windowS: _windowS, ...parts }) => ({ kind: 'db-pool-exhausted', ...parts }),
  },
  {
    names: ['target memory growth', 'memory growth', 'target memory degradation'],
    value: 'percent',
    windowed: false,
    noWindow: 'target memory growth compares the start and the end of the run; remove "in every ..."',
    over100: true,
    ...MONITOR_ONLY,
    build: ({ windowS: _windowS, ...parts }) => ({ kind: 'memory-growth', ...parts }),
  },
  ...healthLatencyMetrics(),
];

export const METRICS: readonly MetricDef[] = [
  ...latencyMetrics(),
  ...timingMetrics(),
  {
    names: ['failed sessions', 'failed users', 'failed virtual users'],
    value: 'count',
    windowed: false,
    noWindow: 'failed sessions are counted over the whole run; remove "in every ..."',
    equality: true,
    perEndpoint: false,
    build: ({ windowS: _windowS, ...parts }) => ({ kind: 'failed-sessions', ...parts }),
  },
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
  ...MONITOR_METRICS,
];

export function findMetric(name: string): MetricDef | undefined {
  return METRICS.find((metric) => metric.names.includes(name));
}

/** Canonical names, for "did you mean" and for the short grammar shown in errors. */
export function metricNames(): string[] {
  return METRICS.flatMap((metric) => metric.names);
}
