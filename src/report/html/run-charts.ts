/**
 * Charts of the run itself, from its ~10 s windows: throughput, latency percentiles,
 * errors and active users, with the criteria's limits and worst windows drawn in.
 */
import type { CriterionResult, RunResult, RunWindow } from '../../core/types.ts';
import { errorsByCount } from '../run-notes.ts';
import { COLORS, LIMIT_DASH, PALETTE } from './chart-spec.ts';
import type { ChartAxis, ChartSeries, ChartSpec, Highlight } from './chart-spec.ts';
import { DEFAULT_FAILURE_RULE, failureKinds } from '../../core/traffic-summary.ts';


/** Two decimals are plenty on a chart and keep a one-hour report small. */
const r2 = (value: number): number => Math.round(value * 100) / 100;

function windowSeconds(window: RunWindow): number {
  return Math.max(0.001, (window.end - window.start) / 1000);
}

function limitSeries(criteria: CriterionResult[], length: number, scale: string, unit: string): ChartSeries[] {
  // Criteria sharing a limit (`p95 < 3s` and `p95 < 3s in every 1m`) share one line, or their labels would overlap.
  const byLimit = new Map<number, string[]>();
  for (const criterion of criteria) byLimit.set(criterion.limit, [...(byLimit.get(criterion.limit) ?? []), criterion.text]);
  return [...byLimit].map(([limit, texts]) => ({
    label: `limit: ${texts.join(' · ')}`,
    values: new Array<number>(length).fill(limit),
    color: COLORS.limit,
    unit,
    scale,
    dash: LIMIT_DASH,
  }));
}

function highlights(criteria: CriterionResult[]): Highlight[] {
  return criteria
    .filter((criterion) => criterion.status === 'failed' && criterion.window)
    .map((criterion) => ({
      label: `worst window: ${criterion.text}`,
      start: (criterion.window?.start ?? 0) / 1000,
      end: (criterion.window?.end ?? 0) / 1000,
    }));
}

/** Which criteria belong on which chart: matched by unit, error rates told apart from other percentages. */
const onThroughput = (criterion: CriterionResult): boolean => criterion.unit === 'req/s';
const onLatency = (criterion: CriterionResult): boolean => criterion.unit === 'ms';
const onErrors = (criterion: CriterionResult): boolean => criterion.unit === '%' && /error|fail/i.test(criterion.text);

export function runCharts(result: RunResult): ChartSpec[] {
  const windows = result.windows;
  // Each value is drawn at the middle of the window it summarises.
  const x = windows.map((window) => (window.start + window.end) / 2000);
  const span = {
    xMin: Math.min(result.meta.startedAt, windows[0]?.start ?? Infinity) / 1000,
    xMax: Math.max(result.meta.endedAt, windows.at(-1)?.end ?? 0) / 1000,
  };
  const criteria = result.verdict.criteria;
  const y = (label: string): ChartAxis[] => [{ scale: 'y', label, side: 'left' }];

  const throughput: ChartSpec = {
    id: 'chart-throughput',
    ...span,
    title: 'Throughput',
    note: 'Requests and failed requests per second in each ~10 s window.',
    x,
    series: [
      {
        label: 'requests/s',
        values: windows.map((window) => r2(window.requests / windowSeconds(window))),
        color: COLORS.blue,
        unit: ' req/s',
        scale: 'y',
      },
      {
        label: 'failures/s',
        values: windows.map((window) => r2(window.failures / windowSeconds(window))),
        color: COLORS.red,
        unit: ' req/s',
        scale: 'y',
      },
      ...limitSeries(
        criteria.filter(onThroughput),
        x.length,
        'y',
        ' req/s',
      ),
    ],
    axes: y('req/s'),
    highlights: highlights(criteria.filter(onThroughput)),
  };

  const latency: ChartSpec = {
    id: 'chart-latency',
    ...span,
    title: 'Latency (time to first byte)',
    note: 'Percentiles of each window; dashed lines are the latency limits of the criteria.',
    x,
    series: [
      ...(['p50', 'p95', 'p99'] as const).map((key, i) => ({
        label: key,
        values: windows.map((window) => window.latencyStats?.[key] ?? null),
        color: [COLORS.green, COLORS.orange, COLORS.red][i] ?? COLORS.gray,
        unit: ' ms',
        scale: 'y',
      })),
      ...limitSeries(
        criteria.filter(onLatency),
        x.length,
        'y',
        ' ms',
      ),
    ],
    axes: y('ms'),
    highlights: highlights(criteria.filter(onLatency)),
  };

  const kinds = errorsByCount(result.totals.errors).map(([kind]) => kind);
  // Failures by kind under the run's rule (with count4xx, 4xx from the status codes too), like the totals.
  const count4xx = result.meta.rules?.count4xx ?? DEFAULT_FAILURE_RULE.count4xx;
  const failedKinds = windows.map((window) => failureKinds(window.errors, window.codes, count4xx));
  const shown = kinds.slice(0, PALETTE.length - 1);
  const rest = kinds.slice(PALETTE.length - 1);
  const errors: ChartSpec = {
    id: 'chart-errors',
    ...span,
    title: 'Errors',
    note: 'Failed requests per window by kind (left) and the error rate (right).',
    x,
    series: [
      ...shown.map((kind, i) => ({
        label: kind,
        values: failedKinds.map((failed) => failed[kind] ?? 0),
        color: PALETTE[i] ?? COLORS.gray,
        unit: '',
        scale: 'y',
      })),
      ...(rest.length > 0
        ? [
            {
              label: `other (${rest.length} kinds)`,
              values: failedKinds.map((failed) => rest.reduce((sum, kind) => sum + (failed[kind] ?? 0), 0)),
              color: COLORS.gray,
              unit: '',
              scale: 'y',
            },
          ]
        : []),
      {
        label: 'error rate',
        values: windows.map((window) => (window.requests === 0 ? null : r2((100 * window.failures) / window.requests))),
        color: COLORS.purple,
        unit: '%',
        scale: '%',
      },
      ...limitSeries(
        criteria.filter(onErrors),
        x.length,
        '%',
        '%',
      ),
    ],
    axes: [
      { scale: 'y', label: 'failed requests', side: 'left' },
      { scale: '%', label: 'error rate %', side: 'right' },
    ],
    highlights: highlights(criteria.filter(onErrors)),
  };

  const users: ChartSpec = {
    id: 'chart-users',
    ...span,
    title: 'Active virtual users',
    note: 'Virtual users running at the end of each window.',
    x,
    series: [
      { label: 'active users', values: windows.map((window) => window.activeUsers), color: COLORS.teal, unit: '', scale: 'y' },
    ],
    axes: y('users'),
    highlights: [],
  };
  return [throughput, latency, errors, users];
}
