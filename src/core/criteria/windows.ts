/**
 * Combining the recorded ~10-second windows into longer spans: a criterion's 1-minute windows,
 * the part after a warm-up, the start and the end of a run for degradation. Latency is merged
 * through sketches, never averaged from percentiles.
 */
import type { DDSketch } from '@artilleryio/sketches-js';
import { decodeSketch, latencyStats, newSketch } from '../sketch.ts';
import type { EndpointWindow, LatencyStats, RunWindow } from '../types.ts';
import { SESSION_FAILURE_PREFIX, addCounts, attemptsOf, failureKinds } from '../traffic-summary.ts';
import type { TimingMeasure } from '../metric-names.ts';
import { RECORDING_PERIOD_S } from './criterion.ts';
import type { LatencyStat } from './criterion.ts';

/** The traffic of one span of the run, for all requests or for one endpoint. */
export interface SpanTraffic {
  start: number;
  end: number;
  requests: number;
  /** What the error rate divides by: requests, plus sessions that failed without a failed request. */
  attempts: number;
  failures: number;
  /** Requests that did not fail. */
  succeeded: number;
  /** Failed requests by kind, e.g. `http.503`, `ETIMEDOUT`, `http.404` (when 4xx count). */
  errors: Record<string, number>;
  slow: number;
  /** The measure combined: the whole response unless another was asked for. */
  latency: LatencyStats | null;
}

/** Which of a request's times a latency criterion reads: the whole response, or one of its parts. */
export type LatencyMeasure = 'latency' | TimingMeasure;

/** Adds up windows for all requests (`endpoint` null) or for one `METHOD /path`. */
export function combineWindows(windows: readonly RunWindow[], endpoint: string | null, count4xx: boolean, measure: LatencyMeasure = 'latency'): SpanTraffic {
  const span: SpanTraffic = {
    start: windows[0]?.start ?? 0,
    end: windows.at(-1)?.end ?? 0,
    requests: 0,
    attempts: 0,
    failures: 0,
    succeeded: 0,
    errors: {},
    slow: 0,
    latency: null,
  };
  let merged: DDSketch | null = null;
  const errors: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const window of windows) {
    const traffic = endpoint === null ? window : window.endpoints[endpoint];
    if (!traffic) continue;
    span.requests += traffic.requests;
    span.slow += traffic.slow;
    if (traffic.expected) addCounts(expected, traffic.expected);
    const sketch = decoded(traffic, measure);
    if (sketch !== null) {
      merged ??= newSketch();
      merged.merge(sketch);
    }
    addCounts(errors, traffic.errors);
    addCounts(codes, traffic.codes);
  }
  // The one failure rule (a 4xx that also failed a check counts once).
  span.errors = failureKinds(errors, codes, count4xx, expected);
  let requestFailures = 0;
  for (const [kind, count] of Object.entries(span.errors)) {
    span.failures += count;
    if (!kind.startsWith(SESSION_FAILURE_PREFIX)) requestFailures += count;
  }
  span.attempts = attemptsOf(span.requests, span.errors);
  span.succeeded = Math.max(0, span.requests - requestFailures);
  span.latency = latencyStats(merged);
  return span;
}

/**
 * Sliding windows merge each recorded window many times over; decoding dominates that cost
 * (~15x a merge), so each recorded sketch is decoded once.
 */
const decodedSketches = new WeakMap<RunWindow | EndpointWindow, Map<LatencyMeasure, DDSketch | null>>();

function decoded(traffic: RunWindow | EndpointWindow, measure: LatencyMeasure): DDSketch | null {
  let byMeasure = decodedSketches.get(traffic);
  if (byMeasure === undefined) decodedSketches.set(traffic, (byMeasure = new Map()));
  let sketch = byMeasure.get(measure);
  if (sketch === undefined) {
    const encoded = measure === 'latency' ? traffic.latency : traffic.timings?.[measure];
    sketch = encoded === null || encoded === undefined ? null : decodeSketch(encoded);
    if (sketch !== null && sketch.count === 0) sketch = null;
    byMeasure.set(measure, sketch);
  }
  return sketch;
}

/**
 * Every run of consecutive recorded windows that together last `lengthS` (sliding by one
 * recording period). A run shorter than one window is judged as a single window.
 */
export function slidingWindows(windows: readonly RunWindow[], lengthS: number): RunWindow[][] {
  const size = Math.max(1, Math.round(lengthS / RECORDING_PERIOD_S));
  if (windows.length <= size) return windows.length === 0 ? [] : [[...windows]];
  const groups: RunWindow[][] = [];
  for (let first = 0; first + size <= windows.length; first++) groups.push(windows.slice(first, first + size));
  return groups;
}

/** Windows that start at least `seconds` after the first recorded window started. */
export function windowsAfter(windows: readonly RunWindow[], seconds: number): RunWindow[] {
  const first = windows[0];
  if (!first || seconds <= 0) return [...windows];
  const cutoff = first.start + seconds * 1000;
  return windows.filter((window) => window.start >= cutoff);
}

/** The value of a latency statistic in ms; null without responses. */
export function statOf(latency: LatencyStats | null, stat: LatencyStat): number | null {
  if (latency === null) return null;
  return stat === 'p99.9' ? latency.p999 : latency[stat];
}

/** Requests per second over a span, from counts and timestamps; null for an empty span. */
export function throughputOf(span: SpanTraffic): number | null {
  const seconds = (span.end - span.start) / 1000;
  return seconds > 0 ? span.requests / seconds : null;
}
