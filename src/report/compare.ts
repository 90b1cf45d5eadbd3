/**
 * A run against a baseline run: headline numbers and per-endpoint p95 side by side,
 * with the relative change, and regressions beyond a tolerance marked so CI can
 * fail on `comparison.regressed`.
 */
import { formatChange, formatCount, formatFraction, formatMs, formatRate, formatTime } from './format.ts';
import { painter } from './paint.ts';
import { renderTextTable } from './text-table.ts';
import type { RunResult } from '../core/types.ts';

export interface CompareOptions {
  /** A change worse than this many percent of the baseline is a regression. */
  tolerancePercent: number;
  /**
   * Error rates also need an absolute floor, in percentage points (default 0.1):
   * 0.01 % -> 0.02 % doubles but means nothing.
   */
  errorRateFloorPoints?: number;
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
  tolerancePercent: number;
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
  if (changePercent !== null && worse !== 'none') {
    const worsening = worse === 'higher' ? changePercent : -changePercent;
    regressed = worsening > options.tolerancePercent;
    if (kind === 'fraction' && baseline !== null && current !== null) {
      const floor = (options.errorRateFloorPoints ?? 0.1) / 100;
      regressed &&= current - baseline > floor;
    }
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
    tolerancePercent: options.tolerancePercent,
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

function regressionLine(label: string, item: MetricComparison): string {
  return `${label}: ${formatValue(item.kind, item.baseline)} -> ${formatValue(item.kind, item.current)} (${formatChange(item.changePercent)})`;
}

export function renderComparison(comparison: Comparison, options: { color: boolean }): string {
  const paint = painter(options.color);
  const mark = (item: MetricComparison): string => (item.regressed ? paint('red', 'REGRESSED') : '');
  const changeCell = (item: MetricComparison): string => {
    const text = formatChange(item.changePercent);
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
    `  against baseline ${comparison.baseline.scenario} ${formatTime(comparison.baseline.startedAt)} (${comparison.baseline.verdict}); tolerance ${comparison.tolerancePercent}%`,
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
      ? paint('red', `${comparison.regressions.length} regression(s) beyond ${comparison.tolerancePercent}%:\n  ${comparison.regressions.join('\n  ')}`)
      : paint('green', `No regression beyond ${comparison.tolerancePercent}%.`),
  );
  return `${lines.join('\n')}\n`;
}
