/**
 * Judges parsed criteria against a run. Whole-run values come from the RunResult totals (the same
 * numbers every report shows); windowed, `after` and degradation values are rebuilt from the
 * recorded windows by merging their sketches. Nothing here prints.
 */
import type { CriterionResult, LatencyStats, RunResult, RunWindow, TrafficSummary } from '../types.ts';
import { DEFAULT_EVALUATION_OPTIONS, isMonitorCriterion } from './criterion.ts';
import type { Criterion, DegradationCriterion, EvaluationOptions, FailedSessionsCriterion, MonitorCriterion, ParsedCriterionWithOptions } from './criterion.ts';
import { SESSION_FAILURE_PREFIX, attemptsOf } from '../traffic-summary.ts';
import { evaluateMonitorCriterion } from './monitor-criteria.ts';
import { evaluateDegradation } from './degradation.ts';
import { badness, judged, noData, subjectOf, timeRange } from './describe.ts';
import { formatMs, formatSpanAdjective } from './units.ts';
import { combineWindows, slidingWindows, statOf, throughputOf, windowsAfter } from './windows.ts';
import type { LatencyMeasure, SpanTraffic } from './windows.ts';

export { decideVerdict } from './verdict.ts';
export type { VerdictContext } from './verdict.ts';

/**
 * What the evaluator reads. Without `totals`, whole-run values are built from `windows` too.
 * Without a `monitor` key at all (the thresholds plugin inside Artillery, which has no monitor),
 * monitor criteria are left out: the runner judges them; `monitor: null` means it was off.
 */
export type RunData = Pick<RunResult, 'windows'> &
  Partial<Pick<RunResult, 'totals' | 'endpoints' | 'phases' | 'meta' | 'monitor'>>;

/** Criteria judged on Artillery's recorded traffic, whole-run or window by window. */
export type WindowedCriterion = Exclude<Criterion, DegradationCriterion | MonitorCriterion | FailedSessionsCriterion>;

/** Traffic of the span a value was measured on. */
interface Observed {
  requests: number;
  /** What the error rate divides by: requests plus sessions that failed without a failed request. */
  attempts: number;
  failures: number;
  /** Requests that did not fail. */
  succeeded: number;
  errors: Record<string, number>;
  slow: number;
  latency: LatencyStats | null;
  rps: number | null;
}

export function evaluateCriteria(
  criteria: readonly ParsedCriterionWithOptions[],
  run: RunData,
  options: EvaluationOptions = DEFAULT_EVALUATION_OPTIONS,
): CriterionResult[] {
  const { monitor } = run;
  return criteria.flatMap(({ criterion, name }) => {
    let result: CriterionResult;
    if (isMonitorCriterion(criterion)) {
      if (monitor === undefined) return [];
      result = evaluateMonitorCriterion(criterion, { windows: run.windows, monitor, ...(run.meta ? { meta: run.meta } : {}) }, options);
    } else if (criterion.kind === 'degradation') {
      result = evaluateDegradation(criterion, run.windows, options);
    } else if (criterion.kind === 'failed-sessions') {
      result = evaluateFailedSessions(criterion, run);
    } else {
      result = evaluateWindowed(criterion, run, options);
    }
    return [name ? { ...result, message: `${name}: ${result.message}` } : result];
  });
}

function evaluateWindowed(criterion: WindowedCriterion, run: RunData, options: EvaluationOptions): CriterionResult {
  const windows = windowsAfter(run.windows, criterion.afterS);
  const scope = criterion.afterS > 0 ? ` after the first ${criterion.afterS} s` : '';
  if (criterion.windowS !== null) return evaluateInWindows(criterion, windows, options, scope);
  if (criterion.afterS > 0 || !run.totals) return evaluateSpan(criterion, windows, options, scope || ' over the whole run', run);
  const summary = criterion.endpoint === null ? run.totals : run.endpoints?.find((e) => e.name === criterion.endpoint);
  return judgeObserved(criterion, fromSummary(summary, criterion), options, ' over the whole run', run);
}

/**
 * Judges a criterion on the given windows taken together, ignoring its own window and `after`
 * clauses; `where` says which part of the run that is (e.g. ` from 12:00:10 to 12:00:30 UTC`).
 */
export function evaluateSpan(
  criterion: WindowedCriterion,
  windows: readonly RunWindow[],
  options: EvaluationOptions,
  where: string,
  run: RunData = { windows: [...windows] },
): CriterionResult {
  return judgeObserved(criterion, fromSpan(combineWindows(windows, criterion.endpoint, options.count4xx, measureOf(criterion))), options, where, run);
}

const measureOf = (criterion: WindowedCriterion): LatencyMeasure => (criterion.kind === 'latency' ? criterion.measure : 'latency');

/**
 * Sessions that failed without a failed request (a processor that threw, a failed hook, an
 * undefined function) over the whole run, with their causes. Sessions ended by a failed request
 * (a timeout, a failed capture) are already failed requests, which the error rate judges.
 */
function evaluateFailedSessions(criterion: FailedSessionsCriterion, run: RunData): CriterionResult {
  const created = run.totals?.vusersCreated ?? run.windows.reduce((n, w) => n + w.vusersCreated, 0);
  if (created === 0) return noData(criterion, 'no virtual user was started');
  const errors: Record<string, number> = {};
  if (run.totals) Object.assign(errors, run.totals.errors);
  else for (const w of run.windows) for (const [kind, count] of Object.entries(w.errors)) errors[kind] = (errors[kind] ?? 0) + count;
  const causes = Object.entries(errors)
    .filter(([kind, count]) => kind.startsWith(SESSION_FAILURE_PREFIX) && count > 0)
    .sort((a, b) => b[1] - a[1]);
  const failed = causes.reduce((n, [, count]) => n + count, 0);
  const listed = causes.slice(0, 3).map(([kind, count]) => `${kind.slice(SESSION_FAILURE_PREFIX.length)} ×${count.toLocaleString('en-US')}`);
  const why = failed > 0 ? `: ${listed.join(', ')}` : '';
  return judged(criterion, failed, ` (of ${created.toLocaleString('en-US')} virtual users; sessions that failed without a failed request${why})`);
}

function judgeObserved(
  criterion: WindowedCriterion,
  observed: Observed | null,
  options: EvaluationOptions,
  where: string,
  run: RunData,
): CriterionResult {
  if (observed === null || observed.attempts === 0) return noData(criterion, noDataReason(criterion, run));
  if (criterion.kind === 'latency' && observed.succeeded === 0 && observed.requests > 0) return noneSucceeded(criterion, observed, where);
  const value = valueOf(criterion, observed);
  if (value === null) return noData(criterion, noDataReason(criterion, run));
  return judged(criterion, value, `${where}${detailOf(criterion, observed, options)}`);
}

function evaluateInWindows(
  criterion: WindowedCriterion,
  windows: readonly RunWindow[],
  options: EvaluationOptions,
  scope: string,
): CriterionResult {
  const lengthS = criterion.windowS ?? 0;
  let worst: { value: number; span: SpanTraffic } | null = null;
  for (const group of slidingWindows(windows, lengthS)) {
    const span = combineWindows(group, criterion.endpoint, options.count4xx, measureOf(criterion));
    if (criterion.kind === 'latency' && span.succeeded === 0 && span.requests > 0) {
      return { ...noneSucceeded(criterion, fromSpan(span), ` in the ${formatSpanAdjective(lengthS)} window ${timeRange(span.start, span.end)}${scope}`), window: { start: span.start, end: span.end } };
    }
    const value = valueOf(criterion, fromSpan(span));
    if (value === null) continue;
    const worse = worst === null || badness(criterion, value) > badness(criterion, worst.value);
    if (worse) worst = { value, span };
  }
  if (worst === null) {
    return noData(criterion, `no ${criterion.endpoint === null ? 'requests' : `requests to ${criterion.endpoint}`} were recorded${scope}`);
  }
  const where = ` in the worst ${formatSpanAdjective(lengthS)} window ${timeRange(worst.span.start, worst.span.end)}${scope}`;
  return {
    ...judged(criterion, worst.value, `${where}${detailOf(criterion, fromSpan(worst.span), options)}`),
    window: { start: worst.span.start, end: worst.span.end },
  };
}

function valueOf(criterion: WindowedCriterion, observed: Observed): number | null {
  switch (criterion.kind) {
    case 'latency':
      return statOf(observed.latency, criterion.stat);
    case 'error-rate':
      return observed.attempts > 0 ? Math.min(100, (observed.failures / observed.attempts) * 100) : null;
    case 'slow-requests':
      return observed.requests > 0 ? (observed.slow / observed.requests) * 100 : null;
    case 'throughput':
      return observed.rps;
  }
}

function detailOf(criterion: WindowedCriterion, observed: Observed, options: EvaluationOptions): string {
  const requests = observed.requests.toLocaleString('en-US');
  if (criterion.kind === 'error-rate') {
    const kinds = Object.entries(observed.errors)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([kind, count]) => `${kind} ${count.toLocaleString('en-US')}`);
    const byKind = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
    return `: ${observed.failures.toLocaleString('en-US')} of ${requests} requests failed${byKind}`;
  }
  if (criterion.kind === 'slow-requests') {
    const threshold = options.slowThresholdMs === null ? 'the slow-request threshold' : formatMs(options.slowThresholdMs);
    return `: ${observed.slow.toLocaleString('en-US')} of ${requests} requests took longer than ${threshold}`;
  }
  if (criterion.kind === 'throughput') return ` (${requests} requests)`;
  return '';
}

/**
 * A latency criterion over requests of which none succeeded fails: the latency of answers that
 * never came is no evidence that the target is fast.
 */
function noneSucceeded(criterion: WindowedCriterion, observed: Observed, where: string): CriterionResult {
  const kinds = Object.entries(observed.errors)
    .filter(([kind, count]) => count > 0 && !kind.startsWith(SESSION_FAILURE_PREFIX))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([kind, count]) => `${kind} ${count.toLocaleString('en-US')}`);
  const result = noData(criterion, '');
  const stat = statOf(observed.latency, criterion.kind === 'latency' ? criterion.stat : 'p95');
  return {
    ...result,
    status: 'failed',
    observed: stat,
    message: `${subjectOf(criterion)} cannot pass: no request succeeded${where} (${observed.requests.toLocaleString('en-US')} of ${observed.requests.toLocaleString('en-US')} failed${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''})`,
  };
}

function fromSpan(span: SpanTraffic): Observed {
  return { ...span, rps: throughputOf(span) };
}

/** A summary's `errors` and `failures` already follow the failure rule (core/traffic-summary.ts). */
function fromSummary(summary: TrafficSummary | undefined, criterion: WindowedCriterion): Observed | null {
  if (!summary) return null;
  const attempts = attemptsOf(summary.requests, summary.errors);
  if (attempts === 0) return null;
  let requestFailures = 0;
  for (const [kind, count] of Object.entries(summary.errors)) if (!kind.startsWith(SESSION_FAILURE_PREFIX)) requestFailures += count;
  const measure = measureOf(criterion);
  const latency = measure === 'latency' ? summary.latency : (summary.timings?.[measure] ?? null);
  return { ...summary, latency, attempts, succeeded: Math.max(0, summary.requests - requestFailures), rps: summary.rps };
}

function noDataReason(criterion: WindowedCriterion, run: RunData): string {
  if (criterion.endpoint === null) {
    return criterion.kind === 'latency' ? 'no responses were recorded' : 'no requests were recorded';
  }
  const seen = new Set(run.endpoints?.map((e) => e.name) ?? run.windows.flatMap((w) => Object.keys(w.endpoints)));
  if (seen.has(criterion.endpoint)) return `no responses from ${criterion.endpoint} were recorded`;
  const known = [...seen].sort().join(', ') || 'none';
  return `no requests to ${criterion.endpoint} were recorded (endpoints seen: ${known})`;
}

