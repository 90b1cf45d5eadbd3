/**
 * Totals of recorded windows (whole run or one endpoint): counts, failures, error
 * rate, throughput and latency percentiles. The one place that applies the error
 * rules, so a run, an endpoint and a merge of shards are judged alike (as Locust and k6 do):
 * - network errors, timeouts, the redirect limit, 5xx and failed expect checks are failures
 *   (recorded per request, once each, in the windows' `errors`);
 * - 4xx are failures too, unless the step said it expects that status (`expect: - statusCode:
 *   404`, counted in `expected`) or the scenario opts out with `errors.count4xx: false`; a 4xx
 *   that also failed a check is already in `errors` as `http.<code>` and is not counted twice;
 * - a virtual user that failed without a failed request (a processor error, a failed hook, an
 *   undefined function) is a failure of kind `session: <cause>`: it stands for the requests
 *   its session did not send, and counts once in the error rate's denominator too.
 */
import { THRESHOLDS_DEFAULTS } from './defaults.ts';
import { TIMING_MEASURES } from './metric-names.ts';
import { latencyStats, mergeSketches } from './sketch.ts';
import type { EndpointWindow, RunWindow, TrafficSummary } from './types.ts';

/** What a RunWindow and an EndpointWindow have in common: an EndpointWindow's fields. */
export type TrafficCounts = EndpointWindow;

export interface SummaryOptions {
  count4xx: boolean;
  /** The measured duration the rate is computed over, in seconds. */
  durationS: number;
}

export function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
  return into;
}

const is4xx = (code: string): boolean => /^4\d\d$/.test(code);

/** Failure kinds of sessions that failed without a failed request: `session: <cause>`. */
export const SESSION_FAILURE_PREFIX = 'session: ';

/** What the error rate divides by: requests sent, plus each session that failed before sending its next one. */
export function attemptsOf(requests: number, failuresByKind: Record<string, number>): number {
  let attempts = requests;
  for (const [kind, count] of Object.entries(failuresByKind)) if (kind.startsWith(SESSION_FAILURE_PREFIX)) attempts += count;
  return attempts;
}

/** failures / attempts, 0..1 (see attemptsOf); 0 when nothing was attempted. */
export function errorRateOf(requests: number, failures: number, failuresByKind: Record<string, number>): number {
  const attempts = attemptsOf(requests, failuresByKind);
  return attempts > 0 ? Math.min(1, failures / attempts) : 0;
}

/** Which responses a run counts as failures (stored in `meta.rules`). */
export interface FailureRule {
  count4xx: boolean;
}

export const DEFAULT_FAILURE_RULE: FailureRule = { count4xx: THRESHOLDS_DEFAULTS.errors.count4xx };

/** Failures by kind under the error rules (see the file comment). */
export function failureKinds(errors: Record<string, number>, codes: Record<string, number>, count4xx: boolean, expected: Record<string, number> = {}): Record<string, number> {
  const failures = { ...errors };
  if (!count4xx) return failures;
  for (const [code, count] of Object.entries(codes)) {
    if (!is4xx(code)) continue;
    const key = `http.${code}`;
    const unexpected = count - (expected[code] ?? 0);
    if (unexpected > 0 || failures[key] !== undefined) failures[key] = Math.max(failures[key] ?? 0, unexpected);
  }
  return failures;
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/**
 * Failed requests of one window or endpoint window under the rule: computed once, when the
 * window is folded from the record (or merged), and stored as its `failures`, which charts and
 * CSV rows read. Totals and criteria apply the same rule to the added counts; the two agree
 * because a 4xx that failed a check is recorded in the same second as its status code.
 */
export function countFailures(errors: Record<string, number>, codes: Record<string, number>, rule: FailureRule, expected?: Record<string, number>): number {
  return sum(Object.values(failureKinds(errors, codes, rule.count4xx, expected)));
}

/**
 * Windows read from a summary.json written before windows stored their failures: counted now,
 * under the rule the run was judged with. Mutates and returns `windows`.
 */
export function withWindowFailures<W extends RunWindow>(windows: W[], rule: FailureRule): W[] {
  for (const window of windows) {
    if (typeof window.failures === 'number') continue;
    window.failures = countFailures(window.errors, window.codes, rule, window.expected);
    for (const ep of Object.values(window.endpoints)) ep.failures = countFailures(ep.errors, ep.codes, rule, ep.expected);
  }
  return windows;
}

/** Requests per second, one decimal; 0 without a measurable duration. */
export function ratePerSecond(count: number, durationS: number): number {
  return durationS > 0 ? Math.round((count / durationS) * 10) / 10 : 0;
}

export function summarizeTraffic(parts: readonly TrafficCounts[], options: SummaryOptions): TrafficSummary {
  const codes: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const expected: Record<string, number> = {};
  let requests = 0;
  let responses = 0;
  let slow = 0;
  for (const part of parts) {
    requests += part.requests;
    responses += part.responses;
    slow += part.slow;
    addCounts(codes, part.codes);
    addCounts(errors, part.errors);
    if (part.expected) addCounts(expected, part.expected);
  }
  const failed = failureKinds(errors, codes, options.count4xx, expected);
  const failures = sum(Object.values(failed));
  const timings: NonNullable<TrafficSummary['timings']> = {};
  for (const measure of TIMING_MEASURES) {
    const stats = latencyStats(mergeSketches(parts.map((p) => p.timings?.[measure])));
    if (stats !== null) timings[measure] = stats;
  }
  return {
    requests,
    responses,
    failures,
    errorRate: errorRateOf(requests, failures, failed),
    rps: ratePerSecond(requests, options.durationS),
    slow,
    codes,
    errors: failed,
    latency: latencyStats(mergeSketches(parts.map((p) => p.latency))),
    ...(Object.keys(timings).length > 0 ? { timings } : {}),
    ...(Object.keys(expected).length > 0 ? { expected } : {}),
  };
}
