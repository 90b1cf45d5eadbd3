/**
 * Criteria on what the runner's monitor sampled from the target (RunResult.monitor.samples):
 * cache hit rate, DB pool gauges and exhaustion, health-check latency, memory growth. Samples
 * are a few seconds apart, so durations are counted in whole sampling intervals. A run without
 * the monitor, or a column the target never filled, gives no-data with the reason.
 */
import type { MonitorData, MonitorSample } from '../monitor-data.ts';
import { nearestRank } from '../nearest-rank.ts';
import type { CriterionResult, RunResult } from '../types.ts';
import type {
  CacheHitRateCriterion,
  EvaluationOptions,
  HealthLatencyCriterion,
  MemoryGrowthCriterion,
  MonitorCriterion,
  MonitorGauge,
  MonitorGaugeCriterion,
  PoolExhaustedCriterion,
} from './criterion.ts';
import { badness, clock, compare, judged, noData, timeRange } from './describe.ts';
import { formatSpanAdjective } from './units.ts';
import { slidingWindows, windowsAfter } from './windows.ts';

/** What the monitor criteria read: the monitor's data (null when it was off) and the recorded windows for time spans. */
export type MonitorRun = Pick<RunResult, 'windows' | 'monitor'> & Partial<Pick<RunResult, 'meta'>>;

interface Span {
  from: number;
  to: number;
  /** How people read this span in a message, e.g. ` after the first 60 s`. */
  where: string;
}

export function evaluateMonitorCriterion(criterion: MonitorCriterion, run: MonitorRun, options: EvaluationOptions): CriterionResult {
  if (run.monitor === null) return noData(criterion, 'the monitor was off for this run (--no-monitor or loadspec.monitor.enabled: false)');
  const monitor = run.monitor;
  switch (criterion.kind) {
    case 'cache-hit-rate':
      return inSpans(criterion, run, monitor, cacheHitRateIn, 'cache hit rate', 'cache');
    case 'health-latency':
      return inSpans(criterion, run, monitor, healthLatencyIn(criterion), 'answers from the health check', 'got no answer', 'health');
    case 'monitor-gauge':
      return evaluateGauge(criterion, run, monitor);
    case 'db-pool-exhausted':
      return evaluatePoolExhausted(criterion, run, monitor);
    case 'memory-growth':
      return evaluateMemoryGrowth(criterion, run, monitor, options);
  }
}

/** Where `after` counts from: the first recorded window, as for traffic criteria. */
function runStart(run: MonitorRun, monitor: MonitorData): number {
  return run.windows[0]?.start ?? run.meta?.startedAt ?? monitor.samples[0]?.time ?? 0;
}

function afterSpan(criterion: MonitorCriterion, run: MonitorRun, monitor: MonitorData): Span {
  if (criterion.afterS <= 0) return { from: -Infinity, to: Infinity, where: ' over the whole run' };
  return { from: runStart(run, monitor) + criterion.afterS * 1000, to: Infinity, where: ` after the first ${criterion.afterS} s` };
}

const within = (samples: readonly MonitorSample[], span: Span): MonitorSample[] =>
  samples.filter((s) => s.time >= span.from && s.time <= span.to);

/** Why a column has no values: the monitor's own warning about it when there is one. */
function missing(monitor: MonitorData, what: string, warningMentions: string, source: 'health' | 'metrics' = 'metrics'): string {
  if (monitor.sources !== undefined && !monitor.sources.includes(source)) {
    return `the monitor did not read the target's ${source === 'health' ? 'health endpoint' : 'metrics (loadspec.monitor.metrics is "off")'}`;
  }
  const warning = monitor.warnings.find((w) => w.includes(warningMentions));
  if (warning) return `the monitor recorded no ${what} (${warning})`;
  return `the monitor recorded no ${what}; set loadspec.monitor.json or loadspec.monitor.prometheus to where the target reports it`;
}

type SpanValue = { value: number; detail: string } | null;

/** Judges the whole span after `after`, or every `in every` window of the run, naming the worst. */
function inSpans(
  criterion: CacheHitRateCriterion | HealthLatencyCriterion,
  run: MonitorRun,
  monitor: MonitorData,
  measure: (samples: readonly MonitorSample[], span: Span) => SpanValue,
  what: string,
  warningMentions: string,
  source: 'health' | 'metrics' = 'metrics',
): CriterionResult {
  const whole = afterSpan(criterion, run, monitor);
  const groups = criterion.windowS === null ? [] : slidingWindows(windowsAfter(run.windows, criterion.afterS), criterion.windowS);
  const spans: Span[] =
    groups.length === 0
      ? [whole]
      : groups.map((group) => {
          const from = group[0]?.start ?? 0;
          const to = group.at(-1)?.end ?? 0;
          return { from, to, where: ` in the worst ${formatSpanAdjective(criterion.windowS ?? 0)} window ${timeRange(from, to)}${whole.where === ' over the whole run' ? '' : whole.where}` };
        });
  let worst: { value: number; detail: string; span: Span } | null = null;
  for (const span of spans) {
    const found = measure(monitor.samples, span);
    if (found === null) continue;
    if (worst === null || badness(criterion, found.value) > badness(criterion, worst.value)) worst = { ...found, span };
  }
  if (worst === null) {
    const anywhere = measure(monitor.samples, { from: -Infinity, to: Infinity, where: '' });
    return noData(criterion, anywhere === null ? missing(monitor, what, warningMentions, source) : `the monitor recorded no ${what}${whole.where}`);
  }
  const result = judged(criterion, worst.value, `${worst.span.where}${worst.detail}`);
  return groups.length === 0 ? result : { ...result, window: { start: worst.span.from, end: worst.span.to } };
}

/**
 * Hits / reads between the sample at the span's start and its last sample: targets report
 * running totals (since they started), so a rate after warm-up needs the difference.
 */
function cacheHitRateIn(samples: readonly MonitorSample[], span: Span): SpanValue {
  const rated = samples.filter((s) => s.cacheHitRate !== null);
  const inside = within(rated, span);
  const last = inside.at(-1);
  if (!last || last.cacheHitRate === null) return null;
  // The sample taken at (or last before) the span's start holds the totals the span starts from.
  const first = rated.filter((s) => s.time <= span.from).at(-1) ?? inside[0];
  if (first && first !== last && first.cacheHitRate !== null && first.cacheTotalReads !== null && last.cacheTotalReads !== null) {
    const reads = last.cacheTotalReads - first.cacheTotalReads;
    if (reads === 0) return null;
    if (reads > 0) {
      // Rates come rounded (to 0.1% from the demo target); whole hits undo that for up to ~1,000 reads.
      const hits = Math.round((last.cacheHitRate * last.cacheTotalReads - first.cacheHitRate * first.cacheTotalReads) / 100);
      const rate = Math.min(100, Math.max(0, (hits / reads) * 100));
      return { value: rate, detail: `: ${hits.toLocaleString('en-US')} hits in ${reads.toLocaleString('en-US')} cache reads` };
    }
  }
  // No read counts (or the target restarted): the target's own running rate is all there is.
  return { value: last.cacheHitRate, detail: ` (the rate the target reported at ${clock(last.time)} UTC, since it started)` };
}

function healthLatencyIn(criterion: HealthLatencyCriterion): (samples: readonly MonitorSample[], span: Span) => SpanValue {
  return (samples, span) => {
    const values = within(samples, span)
      .map((s) => s.apiLatencyMs)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    if (values.length === 0) return null;
    const stat = criterion.stat;
    let value: number;
    if (stat === 'min') value = values[0] ?? 0;
    else if (stat === 'max') value = values.at(-1) ?? 0;
    else if (stat === 'mean') value = values.reduce((sum, v) => sum + v, 0) / values.length;
    else value = nearestRank(values, stat === 'p99.9' ? 99.9 : Number(stat.slice(1)));
    return { value, detail: ` (${values.length} health checks, one per sample)` };
  };
}

const GAUGE_WORDS: Record<MonitorGauge, string> = {
  dbPoolActive: 'DB pool active',
  dbPoolWaiting: 'DB pool waiting',
  dbPoolAvailable: 'DB pool available',
};

/** A gauge must hold in every sample: the observed value is the worst sample. */
function evaluateGauge(criterion: MonitorGaugeCriterion, run: MonitorRun, monitor: MonitorData): CriterionResult {
  const span = afterSpan(criterion, run, monitor);
  const all = monitor.samples.filter((s) => s[criterion.gauge] !== null);
  const samples = within(all, span);
  if (samples.length === 0) {
    return noData(criterion, all.length === 0 ? missing(monitor, `${GAUGE_WORDS[criterion.gauge]} values`, 'DB pool') : `the monitor recorded no ${GAUGE_WORDS[criterion.gauge]} values${span.where}`);
  }
  let worst = samples[0] as MonitorSample;
  let held = 0;
  for (const s of samples) {
    const value = s[criterion.gauge] ?? 0;
    if (compare(value, criterion.op, criterion.limit)) held += 1;
    if (badness(criterion, value) > badness(criterion, worst[criterion.gauge] ?? 0)) worst = s;
  }
    return judged(
    criterion,
    worst[criterion.gauge] ?? 0,
    ` at its worst (${clock(worst.time)} UTC)${span.where}: it held in ${held} of ${samples.length} samples`,
  );
}

/** Requests queue for a connection, or (when the target does not report a queue) none is idle. */
function exhausted(s: MonitorSample): boolean | null {
  if (s.dbPoolWaiting !== null) return s.dbPoolWaiting > 0;
  if (s.dbPoolAvailable !== null) return s.dbPoolAvailable <= 0;
  if (s.dbPoolActive !== null && s.dbPoolSize !== null) return s.dbPoolActive >= s.dbPoolSize;
  return null;
}

function evaluatePoolExhausted(criterion: PoolExhaustedCriterion, run: MonitorRun, monitor: MonitorData): CriterionResult {
  const span = afterSpan(criterion, run, monitor);
  const known = monitor.samples.filter((s) => exhausted(s) !== null);
  const samples = within(known, span);
  if (samples.length === 0) {
    return noData(criterion, known.length === 0 ? missing(monitor, 'DB pool values', 'DB pool') : `the monitor recorded no DB pool values${span.where}`);
  }
  const intervalMs = monitor.intervalS * 1000;
  let longest: { count: number; first: MonitorSample; last: MonitorSample } | null = null;
  let streak: { count: number; first: MonitorSample; last: MonitorSample } | null = null;
  for (const s of samples) {
    if (exhausted(s) !== true) {
      streak = null;
      continue;
    }
    streak = streak === null ? { count: 1, first: s, last: s } : { count: streak.count + 1, first: streak.first, last: s };
    if (longest === null || streak.count > longest.count) longest = streak;
  }
  const every = `sampled every ${monitor.intervalS} s`;
  if (longest === null) return judged(criterion, 0, `: never exhausted in ${samples.length} samples${span.where} (${every})`);
  const how = longest.first.dbPoolWaiting !== null ? 'had requests waiting for a connection' : 'had no idle connection';
  const result = judged(
    criterion,
    longest.count * intervalMs,
    `: ${longest.count} sample${longest.count === 1 ? '' : 's'} in a row ${timeRange(longest.first.time, longest.last.time)} ${how} (${every})`,
  );
  return { ...result, window: { start: longest.first.time, end: longest.last.time } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The median of the first part of the samples against the median of the last part, with the
 * same shares as latency degradation (thresholds.degradation.baseline / .compare).
 */
function evaluateMemoryGrowth(criterion: MemoryGrowthCriterion, run: MonitorRun, monitor: MonitorData, options: EvaluationOptions): CriterionResult {
  const span = afterSpan(criterion, run, monitor);
  const all = monitor.samples.filter((s) => s.targetMemoryMb !== null && s.targetMemoryMb !== undefined);
  const samples = within(all, span);
  if (all.length === 0) return noData(criterion, missing(monitor, 'target memory values', 'target memory'));
  if (samples.length < 2) return noData(criterion, `it needs at least two samples of target memory${span.where} (got ${samples.length})`);
  const take = (pct: number): number => Math.max(1, Math.min(Math.floor(samples.length / 2), Math.round((samples.length * pct) / 100)));
  const start = samples.slice(0, take(options.degradation.baselinePct));
  const end = samples.slice(-take(options.degradation.comparePct));
  const before = median(start.map((s) => s.targetMemoryMb ?? 0));
  const after = median(end.map((s) => s.targetMemoryMb ?? 0));
  if (before <= 0) return noData(criterion, 'the target reported no memory at the start of the run');
  const growth = ((after - before) / before) * 100;
  const part = (list: MonitorSample[]): string => {
    const from = list[0]?.time ?? 0;
    const to = list.at(-1)?.time ?? 0;
    return from === to ? `${clock(from)} UTC` : timeRange(from, to);
  };
  return judged(criterion, growth, `: from ${round1(before)} MB at the start (${part(start)}) to ${round1(after)} MB at the end (${part(end)})`);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
