/**
 * Charts of what the monitor sampled while the test ran: machine, load generator and
 * what the target reports about itself (DB pool, cache).
 */
import type { MonitorSample } from '../../monitor/types.ts';
import type { RunResult } from '../../core/types.ts';
import { COLORS } from './chart-spec.ts';
import type { ChartSeries, ChartSpec } from './chart-spec.ts';

type SampleKey = Exclude<keyof MonitorSample, 'time'>;

export function monitorCharts(samples: MonitorSample[], result: RunResult): ChartSpec[] {
  const x = samples.map((sample) => sample.time / 1000);
  const span = {
    xMin: Math.min(result.meta.startedAt / 1000, x[0] ?? Infinity),
    xMax: Math.max(result.meta.endedAt / 1000, x.at(-1) ?? 0),
  };
  const series = (key: SampleKey, label: string, color: string, unit: string): ChartSeries => ({
    label,
    values: samples.map((sample) => sample[key] ?? null),
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
