/**
 * `p95 degradation < 20%`: does latency rise over a run? Compares a statistic at the end of the
 * run with the same statistic at its first steady part, both merged from the recorded windows.
 */
import type { CriterionResult, RunWindow } from '../types.ts';
import type { DegradationCriterion, EvaluationOptions } from './criterion.ts';
import { compare, noData, subjectOf, timeRange } from './describe.ts';
import { formatMs, formatPercent } from './units.ts';
import { combineWindows, statOf, windowsAfter } from './windows.ts';

/** Below this, a relative change means nothing (loopback latencies of 0-1 ms are whole ms). */
const MIN_BASELINE_MS = 1;

export function evaluateDegradation(
  criterion: DegradationCriterion,
  windows: readonly RunWindow[],
  options: EvaluationOptions,
): CriterionResult {
  const { baselinePct, comparePct, warmupS } = options.degradation;
  const steady = windowsAfter(windows, warmupS).filter((window) => {
    const traffic = criterion.endpoint === null ? window : window.endpoints[criterion.endpoint];
    return (traffic?.responses ?? 0) > 0;
  });
  if (steady.length < 2) {
    return noData(
      criterion,
      `the run has ${steady.length} recorded window(s) with responses after the warm-up; comparing its start with its end needs at least 2`,
    );
  }
  const half = Math.floor(steady.length / 2);
  const baseCount = Math.min(half, Math.max(1, Math.ceil((steady.length * baselinePct) / 100)));
  const compareCount = Math.min(steady.length - baseCount, Math.max(1, Math.ceil((steady.length * comparePct) / 100)));
  const base = combineWindows(steady.slice(0, baseCount), criterion.endpoint, options.count4xx);
  const last = combineWindows(steady.slice(-compareCount), criterion.endpoint, options.count4xx);
  const before = statOf(base.latency, criterion.stat);
  const after = statOf(last.latency, criterion.stat);
  if (before === null || after === null) return noData(criterion, 'no responses were recorded at the start or the end');

  const observed = ((after - before) / Math.max(before, MIN_BASELINE_MS)) * 100;
  const passed = compare(observed, criterion.op, criterion.limit);
  const change = observed >= 0 ? `rose ${formatPercent(observed)}` : `fell ${formatPercent(-observed)}`;
  return {
    text: criterion.text,
    status: passed ? 'passed' : 'failed',
    observed: Math.round(observed * 100) / 100,
    limit: criterion.limit,
    unit: '%',
    message:
      `${subjectOf(criterion).replace(' degradation', '')} ${change} (limit ${criterion.op} ${formatPercent(criterion.limit)}): ` +
      `from ${formatMs(before)} at the start (${timeRange(base.start, base.end)}) ` +
      `to ${formatMs(after)} at the end (${timeRange(last.start, last.end)})`,
    window: { start: last.start, end: last.end },
  };
}
