/**
 * Latency over time of each endpoint, one chart per endpoint with the limits of the criteria
 * that name it (`p99 of POST /api/v1/chat < 2s`). The busiest endpoints come first; an
 * endpoint a criterion names always gets its chart. Percentiles of an endpoint's window are
 * read from that window's sketch by core's `latencyStats`, the one function every percentile
 * comes from.
 */
import { decodeSketch, latencyStats } from '../../core/sketch.ts';
import type { EndpointWindow, LatencyStats, RunResult } from '../../core/types.ts';
import { COLORS } from './chart-spec.ts';
import type { ChartSpec } from './chart-spec.ts';
import { criteriaFor, criterionEndpoint, highlights, limitSeries } from './limit-lines.ts';

/** Percentiles of an endpoint's window, read once per window (the dashboard redraws every second). */
const statsOfWindow = new WeakMap<EndpointWindow, LatencyStats | null>();

function endpointStats(window: EndpointWindow | undefined): LatencyStats | null {
  if (window === undefined || window.latency === null) return null;
  let stats = statsOfWindow.get(window);
  if (stats === undefined) statsOfWindow.set(window, (stats = latencyStats(decodeSketch(window.latency))));
  return stats;
}

/** More would make a long page of small multiples; the endpoints table lists every one. */
export const MAX_ENDPOINT_CHARTS = 8;

/** A stable element id for an endpoint name. */
function chartId(name: string, index: number): string {
  return `chart-endpoint-${index}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function endpointCharts(result: RunResult, frame: { x: number[]; xMin: number; xMax: number }, per: string): ChartSpec[] {
  const named = new Set(result.verdict.criteria.map(criterionEndpoint).filter((name): name is string => name !== null));
  const names = result.endpoints.map((endpoint) => endpoint.name);
  const chosen = [...names.filter((name) => named.has(name)), ...names.filter((name) => !named.has(name))].slice(0, Math.max(MAX_ENDPOINT_CHARTS, named.size));
  const ordered = names.filter((name) => chosen.includes(name));
  return ordered.map((name, index) => {
    const stats = result.windows.map((window) => endpointStats(window.endpoints[name]));
    const criteria = criteriaFor(result.verdict.criteria, 'latency', name);
    return {
      id: chartId(name, index),
      xMin: frame.xMin,
      xMax: frame.xMax,
      title: `Latency (whole response) of ${name}`,
      note: `Percentiles of this endpoint's responses in each ${per} window${criteria.length > 0 ? ', with the limits of the criteria that name it' : ''}.`,
      x: frame.x,
      series: [
        ...(['p50', 'p95', 'p99'] as const).map((key, i) => ({
          label: key,
          values: stats.map((s) => (s === null ? null : s[key])),
          color: [COLORS.green, COLORS.orange, COLORS.red][i] ?? COLORS.gray,
          unit: 'ms',
          scale: 'y',
        })),
        ...limitSeries(criteria, frame.x.length, 'y', 'ms'),
      ],
      axes: [{ scale: 'y', label: 'ms', side: 'left' }],
      highlights: highlights(criteria),
    };
  });
}
