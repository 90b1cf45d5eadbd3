/**
 * Charts of the run itself, from its windows: throughput, latency percentiles, errors and
 * active users, with the criteria's limits and worst windows drawn in.
 */
import type { RunResult, RunWindow } from '../../core/types.ts';
import { errorsByCount } from '../run-notes.ts';
import { COLORS, PALETTE, withDistinctColors } from './chart-spec.ts';
import type { ChartAxis, ChartSpec } from './chart-spec.ts';
import { criteriaFor, highlights, limitSeries } from './limit-lines.ts';
import { endpointCharts } from './endpoint-charts.ts';
import { DEFAULT_FAILURE_RULE, failureKinds } from '../../core/traffic-summary.ts';

/** Two decimals are plenty on a chart and keep a one-hour report small. */
const r2 = (value: number): number => Math.round(value * 100) / 100;

function windowSeconds(window: RunWindow): number {
  return Math.max(0.001, (window.end - window.start) / 1000);
}

/** `~10 s` for the report's windows, `1 s` for the dashboard's. */
export function windowWording(windows: readonly RunWindow[]): string {
  const first = windows[0];
  const second = windows[1];
  const lengthMs = first && second ? second.start - first.start : 10_000;
  return lengthMs <= 1000 ? '1 s' : '~10 s';
}

/** Where the charts' x values sit and which span they show. */
export function timeFrame(result: Pick<RunResult, 'windows' | 'meta'>): { x: number[]; xMin: number; xMax: number } {
  const windows = result.windows;
  return {
    // Each value is drawn at the middle of the window it summarises.
    x: windows.map((window) => (window.start + window.end) / 2000),
    xMin: Math.min(result.meta.startedAt, windows[0]?.start ?? Infinity) / 1000,
    xMax: Math.max(result.meta.endedAt, windows.at(-1)?.end ?? 0) / 1000,
  };
}

export function runCharts(result: RunResult): ChartSpec[] {
  const windows = result.windows;
  const { x, xMin, xMax } = timeFrame(result);
  const span = { xMin, xMax };
  const per = windowWording(windows);
  const criteria = result.verdict.criteria;
  const y = (label: string, integer = false): ChartAxis[] => [{ scale: 'y', label, side: 'left', ...(integer ? { integer } : {}) }];

  const throughputCriteria = criteriaFor(criteria, 'throughput', null);
  const throughput: ChartSpec = {
    id: 'chart-throughput',
    ...span,
    title: 'Throughput',
    note: `Requests and failed requests per second in each ${per} window.`,
    x,
    series: [
      { label: 'requests/s', values: windows.map((window) => r2(window.requests / windowSeconds(window))), color: COLORS.blue, unit: ' req/s', scale: 'y' },
      { label: 'failures/s', values: windows.map((window) => r2(window.failures / windowSeconds(window))), color: COLORS.red, unit: ' req/s', scale: 'y' },
      ...limitSeries(throughputCriteria, x.length, 'y', ' req/s'),
    ],
    axes: y('req/s'),
    highlights: highlights(throughputCriteria),
  };

  const latencyCriteria = criteriaFor(criteria, 'latency', null);
  const latency: ChartSpec = {
    id: 'chart-latency',
    ...span,
    title: 'Latency (whole response)',
    note: `Percentiles of each ${per} window, all requests; dashed lines are the latency limits of the criteria (a limit above the data is marked at the top edge).`,
    x,
    series: [
      ...(['p50', 'p95', 'p99'] as const).map((key, i) => ({
        label: key,
        values: windows.map((window) => window.latencyStats?.[key] ?? null),
        color: [COLORS.green, COLORS.orange, COLORS.red][i] ?? COLORS.gray,
        unit: 'ms',
        scale: 'y',
      })),
      ...limitSeries(latencyCriteria, x.length, 'y', 'ms'),
    ],
    axes: y('ms'),
    highlights: highlights(latencyCriteria),
  };

  const kinds = errorsByCount(result.totals.errors).map(([kind]) => kind);
  // Failures by kind under the run's rule (with count4xx, 4xx from the status codes too), like the totals.
  const count4xx = result.meta.rules?.count4xx ?? DEFAULT_FAILURE_RULE.count4xx;
  const failedKinds = windows.map((window) => failureKinds(window.errors, window.codes, count4xx, window.expected));
  const shown = kinds.slice(0, PALETTE.length - 1);
  const rest = kinds.slice(PALETTE.length - 1);
  const errorCriteria = criteriaFor(criteria, 'errors', null);
  const errors: ChartSpec = {
    id: 'chart-errors',
    ...span,
    title: 'Errors',
    note: `Failed requests per ${per} window by kind (left) and the error rate (right).`,
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
      ...limitSeries(errorCriteria, x.length, '%', '%'),
    ],
    axes: [
      { scale: 'y', label: 'failed requests', side: 'left', integer: true },
      { scale: '%', label: 'error rate %', side: 'right' },
    ],
    highlights: highlights(errorCriteria),
  };

  const users: ChartSpec = {
    id: 'chart-users',
    ...span,
    title: 'Active virtual users',
    note: 'Virtual users running at the end of each window.',
    x,
    series: [{ label: 'active users', values: windows.map((window) => window.activeUsers), color: COLORS.teal, unit: '', scale: 'y' }],
    axes: y('users', true),
    highlights: [],
  };
  return [throughput, latency, errors, users, ...endpointCharts(result, { x, ...span }, per)].map(withDistinctColors);
}
