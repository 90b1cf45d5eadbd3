/**
 * A run against a baseline run: headline numbers and per-endpoint p95 side by side,
 * with the relative and the absolute change, and regressions marked so CI can fail on
 * `comparison.regressed`. A change is a regression only when it is beyond both the
 * relative tolerance and the absolute one of its kind: 2 ms -> 4 ms doubles, and is noise.
 */
import { formatChange, formatCount, formatFraction, formatMs, formatRate, formatTime } from './format.ts';
import { painter } from './paint.ts';
import { renderTextTable } from './text-table.ts';
import type { RunResult } from '../core/types.ts';

/** The noise floor `loadspec compare` uses unless told otherwise (README: Commands and flags). */
export const COMPARE_DEFAULTS = {
  /** `--tolerance`: percent of the baseline. */
  tolerancePercent: 20,
  /** `--tolerance-ms`: latencies (p50, p95, p99, per endpoint). */
  toleranceMs: 5,
  /** `--tolerance-errors`: error rate, in percentage points (0.01 % -> 0.02 % doubles but means nothing). */
  toleranceErrorPoints: 0.1,
  /** `--tolerance-rps`: throughput, in requests per second. */
  toleranceRps: 1,
} as const;

export interface CompareOptions {
  /** A change worse than this many percent of the baseline may be a regression. */
  tolerancePercent: number;
  /** ...and only when latencies are worse by more than this many milliseconds. Default 5. */
  toleranceMs?: number;
  /** ...or the error rate by more than this many percentage points. Default 0.1. */
  toleranceErrorPoints?: number;
  /** ...or throughput by more than this many requests per second. Default 1. */
  toleranceRps?: number;
}

/** Which direction is worse; `none` is shown but never a regression (e.g. request count). */
export type Worse = 'higher' | 'lower' | 'none';

export interface MetricComparison {
  name: string;
  kind: 'ms' | 'fraction' | 'rps' | 'count';
  baseline: number | null;
  current: number | null;
  /** (current - baseline) / baseline x 100; Infinity when the baseline is 0; null when either is missing. */
  changePercent: number | null;
  worse: Worse;
  regressed: boolean;
}

export interface EndpointComparison extends MetricComparison {
  /** `both`, or the one side the endpoint appears in. */
  presentIn: 'both' | 'baseline' | 'current';
}

export interface Comparison {
  baseline: { scenario: string; startedAt: number; verdict: string };
  current: { scenario: string; startedAt: number; verdict: string };
  /** The noise floor used: a change is a regression only beyond the percentage and the absolute amount of its kind. */
  tolerance: Required<CompareOptions>;
  headline: MetricComparison[];
  /** p95 per endpoint. */
  endpoints: EndpointComparison[];
  regressed: boolean;
  /** One line per regression, for logs and PR comments. */
  regressions: string[];
}

function change(baseline: number | null, current: number | null): number | null {
  if (baseline === null || current === null) return null;
  if (baseline === 0) return current === 0 ? 0 : Infinity;
  return ((current - baseline) / baseline) * 100;
}

/** The absolute part of the noise floor, in the metric's own unit (a fraction for error rates). */
function absoluteTolerance(kind: MetricComparison['kind'], options: CompareOptions): number {
  switch (kind) {
    case 'ms':
      return options.toleranceMs ?? COMPARE_DEFAULTS.toleranceMs;
    case 'fraction':
      return (options.toleranceErrorPoints ?? COMPARE_DEFAULTS.toleranceErrorPoints) / 100;
    case 'rps':
      return options.toleranceRps ?? COMPARE_DEFAULTS.toleranceRps;
    case 'count':
      return 0;
  }
}

function metric(
  name: string,
  kind: MetricComparison['kind'],
  baseline: number | null,
  current: number | null,
  worse: Worse,
  options: CompareOptions,
): MetricComparison {
  const changePercent = change(baseline, current);
  let regressed = false;
  if (changePercent !== null && baseline !== null && current !== null && worse !== 'none') {
    const worsening = worse === 'higher' ? changePercent : -changePercent;
    const absolute = worse === 'higher' ? current - baseline : baseline - current;
    regressed = worsening > options.tolerancePercent && absolute > absoluteTolerance(kind, options);
  }
  return { name, kind, baseline, current, changePercent, worse, regressed };
}

export function compareRuns(current: RunResult, baseline: RunResult, options: CompareOptions): Comparison {
  const b = baseline.totals;
  const c = current.totals;
  const headline: MetricComparison[] = [
    metric('requests', 'count', b.requests, c.requests, 'none', options),
    metric('throughput', 'rps', b.rps, c.rps, 'lower', options),
    metric('error rate', 'fraction', b.errorRate, c.errorRate, 'higher', options),
    metric('p50', 'ms', b.latency?.p50 ?? null, c.latency?.p50 ?? null, 'higher', options),
    metric('p95', 'ms', b.latency?.p95 ?? null, c.latency?.p95 ?? null, 'higher', options),
    metric('p99', 'ms', b.latency?.p99 ?? null, c.latency?.p99 ?? null, 'higher', options),
    // A single outlier moves the maximum: shown, never a regression.
    metric('max', 'ms', b.latency?.max ?? null, c.latency?.max ?? null, 'none', options),
  ];
  const baselineEndpoints = new Map(baseline.endpoints.map((endpoint) => [endpoint.name, endpoint]));
  const currentEndpoints = new Map(current.endpoints.map((endpoint) => [endpoint.name, endpoint]));
  const names = [...new Set([...currentEndpoints.keys(), ...baselineEndpoints.keys()])];
  const endpoints = names.map((name): EndpointComparison => {
    const before = baselineEndpoints.get(name);
    const after = currentEndpoints.get(name);
    return {
      ...metric(name, 'ms', before?.latency?.p95 ?? null, after?.latency?.p95 ?? null, 'higher', options),
      presentIn: before && after ? 'both' : before ? 'baseline' : 'current',
    };
  });
  const regressions = [
    ...headline.filter((item) => item.regressed).map((item) => regressionLine(item.name, item)),
    ...endpoints.filter((item) => item.regressed).map((item) => regressionLine(`${item.name} p95`, item)),
  ];
  return {
    baseline: { scenario: baseline.meta.scenario, startedAt: baseline.meta.startedAt, verdict: baseline.verdict.status },
    current: { scenario: current.meta.scenario, startedAt: current.meta.startedAt, verdict: current.verdict.status },
    tolerance: {
      tolerancePercent: options.tolerancePercent,
      toleranceMs: absoluteTolerance('ms', options),
      toleranceErrorPoints: absoluteTolerance('fraction', options) * 100,
      toleranceRps: absoluteTolerance('rps', options),
    },
    headline,
    endpoints,
    regressed: regressions.length > 0,
    regressions,
  };
}

function formatValue(kind: MetricComparison['kind'], value: number | null): string {
  if (value === null) return '–';
  switch (kind) {
    case 'ms':
      return formatMs(value);
    case 'fraction':
      return formatFraction(value);
    case 'rps':
      return formatRate(value);
    case 'count':
      return formatCount(value);
  }
}

/** How much worse or better in the metric's unit: "+2ms", "+0.40 pts", "-12.5 req/s". */
function formatDifference(item: MetricComparison): string {
  if (item.baseline === null || item.current === null) return '';
  const difference = item.current - item.baseline;
  const sign = difference > 0 ? '+' : difference < 0 ? '-' : '±';
  const size = Math.abs(difference);
  switch (item.kind) {
    case 'ms':
      return `${sign}${formatMs(size)}`;
    case 'fraction':
      return `${sign}${(size * 100).toFixed(2)} pts`;
    case 'rps':
      return `${sign}${formatRate(size)}`;
    case 'count':
      return `${sign}${formatCount(size)}`;
  }
}

/** The relative change and the absolute one, side by side: "+100.0%, +2ms". */
function formatBothChanges(item: MetricComparison): string {
  const difference = formatDifference(item);
  return difference === '' ? formatChange(item.changePercent) : `${formatChange(item.changePercent)}, ${difference}`;
}

function regressionLine(label: string, item: MetricComparison): string {
  return `${label}: ${formatValue(item.kind, item.baseline)} -> ${formatValue(item.kind, item.current)} (${formatBothChanges(item)})`;
}

/** "more than 20% and more than 5ms (latency), 0.10 points (error rate) or 1.00 req/s (throughput)". */
function toleranceText(tolerance: Required<CompareOptions>): string {
  return `worse by more than ${tolerance.tolerancePercent}% and by more than ${formatMs(tolerance.toleranceMs)} (latency), ${tolerance.toleranceErrorPoints.toFixed(2)} points (error rate) or ${formatRate(tolerance.toleranceRps)} (throughput)`;
}

export function renderComparison(comparison: Comparison, options: { color: boolean }): string {
  const paint = painter(options.color);
  const mark = (item: MetricComparison): string => (item.regressed ? paint('red', 'REGRESSED') : '');
  const changeCell = (item: MetricComparison): string => {
    const text = formatBothChanges(item);
    return item.regressed ? paint('red', text) : text;
  };
  const row = (label: string, item: MetricComparison): string[] => [
    label,
    formatValue(item.kind, item.baseline),
    formatValue(item.kind, item.current),
    changeCell(item),
    mark(item),
  ];
  const columns = (first: string) => [
    { header: first },
    { header: 'Baseline', align: 'right' as const },
    { header: 'Current', align: 'right' as const },
    { header: 'Change', align: 'right' as const },
    { header: '' },
  ];
  const lines = [
    paint('bold', `Comparison: ${comparison.current.scenario} ${formatTime(comparison.current.startedAt)} (${comparison.current.verdict})`),
    `  against baseline ${comparison.baseline.scenario} ${formatTime(comparison.baseline.startedAt)} (${comparison.baseline.verdict})`,
    `  a regression is ${toleranceText(comparison.tolerance)}`,
    '',
    renderTextTable(columns('Metric'), comparison.headline.map((item) => row(item.name, item))),
  ];
  if (comparison.endpoints.length > 0) {
    lines.push(
      '',
      renderTextTable(
        columns('Endpoint p95'),
        comparison.endpoints.map((item) =>
          row(item.presentIn === 'both' ? item.name : `${item.name} (only in ${item.presentIn})`, item),
        ),
      ),
    );
  }
  lines.push(
    '',
    comparison.regressed
      ? paint('red', `${comparison.regressions.length} regression(s) beyond the noise floor:\n  ${comparison.regressions.join('\n  ')}`)
      : paint('green', `No regression beyond the noise floor (${comparison.tolerance.tolerancePercent}% and ${formatMs(comparison.tolerance.toleranceMs)}).`),
  );
  return `${lines.join('\n')}\n`;
}
