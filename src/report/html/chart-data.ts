/**
 * What the HTML report's charts show, as plain data: the page script only draws
 * these specs with uPlot, so every number comes from the RunResult here, typed.
 * Times are epoch seconds (uPlot's unit), fractional where a window's middle falls between seconds.
 */
import type { MonitorSample } from '../../monitor/types.ts';
import type { CriterionResult, RunResult, RunWindow } from '../../results/types.ts';
import { errorsByCount } from '../run-notes.ts';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Unit shown next to values in the legend. */
  unit: string;
  /** Scale key; `y` unless the chart has a second axis. */
  scale: string;
  /** Dashed lines are limits from the criteria. */
  dash?: number[];
}

export interface ChartAxis {
  scale: string;
  label: string;
  side: 'left' | 'right';
}

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence under the title: what the reader is looking at. */
  note: string;
  x: number[];
  /** The time span shown, so phases before the first point or after the last stay visible. */
  xMin: number;
  xMax: number;
  series: ChartSeries[];
  axes: ChartAxis[];
  /** Worst windows of failed windowed criteria, shaded so the reader sees where it went wrong. */
  highlights: Highlight[];
}

export interface Highlight {
  label: string;
  start: number;
  end: number;
}

export interface PhaseBand {
  name: string;
  start: number;
  end: number;
}

export interface ReportCharts {
  run: ChartSpec[];
  monitor: ChartSpec[];
  phases: PhaseBand[];
}

const COLORS = {
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#ea580c',
  red: '#dc2626',
  purple: '#7c3aed',
  teal: '#0d9488',
  gray: '#6b7280',
  limit: '#b91c1c',
};
const PALETTE = [COLORS.red, COLORS.orange, COLORS.purple, COLORS.teal, COLORS.blue, COLORS.gray];
const LIMIT_DASH = [8, 5];

/** Two decimals are plenty on a chart and keep a one-hour report small. */
const r2 = (value: number): number => Math.round(value * 100) / 100;

function totalOf(counts: Record<string, number>): number {
  let total = 0;
  for (const count of Object.values(counts)) total += count;
  return total;
}

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

function runCharts(result: RunResult): ChartSpec[] {
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
        values: windows.map((window) => r2(totalOf(window.errors) / windowSeconds(window))),
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
        values: windows.map((window) => window.errors[kind] ?? 0),
        color: PALETTE[i] ?? COLORS.gray,
        unit: '',
        scale: 'y',
      })),
      ...(rest.length > 0
        ? [
            {
              label: `other (${rest.length} kinds)`,
              values: windows.map((window) => rest.reduce((sum, kind) => sum + (window.errors[kind] ?? 0), 0)),
              color: COLORS.gray,
              unit: '',
              scale: 'y',
            },
          ]
        : []),
      {
        label: 'error rate',
        values: windows.map((window) => (window.requests === 0 ? null : r2((100 * totalOf(window.errors)) / window.requests))),
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

type SampleKey = Exclude<keyof MonitorSample, 'time'>;

function monitorCharts(samples: MonitorSample[], result: RunResult): ChartSpec[] {
  const x = samples.map((sample) => sample.time / 1000);
  const span = {
    xMin: Math.min(result.meta.startedAt / 1000, x[0] ?? Infinity),
    xMax: Math.max(result.meta.endedAt / 1000, x.at(-1) ?? 0),
  };
  const series = (key: SampleKey, label: string, color: string, unit: string): ChartSeries => ({
    label,
    values: samples.map((sample) => sample[key]),
    color,
    unit,
    scale: 'y',
  });
  const candidates: ChartSpec[] = [
    {
      id: 'chart-cpu',
      ...span,
      title: 'CPU',
      note: 'Machine CPU and the load generator (Artillery) process.',
      x,
      series: [
        series('cpuPercent', 'system CPU', COLORS.blue, '%'),
        series('generatorCpuPercent', 'load generator CPU', COLORS.gray, '%'),
      ],
      axes: [{ scale: 'y', label: '%', side: 'left' }],
      highlights: [],
    },
    {
      id: 'chart-memory',
      ...span,
      title: 'Memory',
      note: 'Memory in use on the machine and by the load generator.',
      x,
      series: [
        series('memoryMb', 'system memory', COLORS.purple, ' MB'),
        series('generatorMemoryMb', 'load generator RSS', COLORS.gray, ' MB'),
      ],
      axes: [{ scale: 'y', label: 'MB', side: 'left' }],
      highlights: [],
    },
    {
      id: 'chart-health',
      ...span,
      title: 'Health check latency',
      note: 'Round trip of the target’s health endpoint, and the load generator’s event-loop delay.',
      x,
      series: [
        series('apiLatencyMs', 'health check', COLORS.orange, ' ms'),
        series('generatorEventLoopDelayMs', 'generator event-loop delay p99', COLORS.gray, ' ms'),
      ],
      axes: [{ scale: 'y', label: 'ms', side: 'left' }],
      highlights: [],
    },
    {
      id: 'chart-db-pool',
      ...span,
      title: 'Database pool',
      note: 'Connections in the target’s pool, as its metrics endpoint reports them.',
      x,
      series: [
        series('dbPoolActive', 'active', COLORS.red, ''),
        series('dbPoolAvailable', 'available', COLORS.green, ''),
        series('dbPoolWaiting', 'waiting', COLORS.orange, ''),
        series('dbPoolSize', 'size', COLORS.gray, ''),
      ],
      axes: [{ scale: 'y', label: 'connections', side: 'left' }],
      highlights: [],
    },
    {
      id: 'chart-cache',
      ...span,
      title: 'Cache hit rate',
      note: 'Share of cache reads that hit, as the target reports it.',
      x,
      series: [series('cacheHitRate', 'hit rate', COLORS.teal, '%')],
      axes: [{ scale: 'y', label: '%', side: 'left' }],
      highlights: [],
    },
  ];
  // A source the monitor could not reach has only nulls: leave its series, and an empty chart, out.
  return candidates
    .map((chart) => ({ ...chart, series: chart.series.filter((item) => item.values.some((value) => value !== null)) }))
    .filter((chart) => chart.series.length > 0);
}

function phaseBands(result: RunResult): PhaseBand[] {
  return result.phases.map((phase) => ({
    name: phase.name,
    start: phase.start / 1000,
    end: (phase.end ?? result.meta.endedAt) / 1000,
  }));
}

export function reportCharts(result: RunResult): ReportCharts {
  return {
    run: result.windows.length > 0 ? runCharts(result) : [],
    monitor: result.monitor && result.monitor.samples.length > 0 ? monitorCharts(result.monitor.samples, result) : [],
    phases: phaseBands(result),
  };
}
