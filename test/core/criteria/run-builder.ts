/** Builds RunWindows with real sketches, the way the recorder writes them, for threshold tests. */
import { encodeSketch, latencyStats, newSketch } from '../../../src/core/sketch.ts';
import type { EndpointWindow, RunWindow } from '../../../src/core/types.ts';
import { DEFAULT_FAILURE_RULE, countFailures } from '../../../src/core/traffic-summary.ts';

/** 2026-01-18 12:00:00 UTC: messages show times of day, so tests can read them. */
export const T0 = Date.UTC(2026, 0, 18, 12, 0, 0);
export const PERIOD_MS = 10_000;

export interface TrafficSpec {
  /** Latency of each response, ms (one response per entry). */
  latencies: number[];
  /** Requests that got no response (network errors), added to `errors`. */
  networkErrors?: number;
  /** Extra failure counts by kind, e.g. `{ 'http.503': 3 }` (those responses are in `latencies`). */
  errors?: Record<string, number>;
  /** Status codes; defaults to every response being a 200. */
  codes?: Record<string, number>;
  slow?: number;
}

function endpointWindow(spec: TrafficSpec): EndpointWindow {
  const sketch = newSketch();
  for (const ms of spec.latencies) sketch.accept(ms);
  const network = spec.networkErrors ?? 0;
  const errors: Record<string, number> = { ...spec.errors };
  if (network > 0) errors['ECONNREFUSED'] = network;
  return {
    requests: spec.latencies.length + network,
    responses: spec.latencies.length,
    errors,
    codes: spec.codes ?? (spec.latencies.length > 0 ? { '200': spec.latencies.length } : {}),
    failures: countFailures(errors, spec.codes ?? {}, DEFAULT_FAILURE_RULE),
    slow: spec.slow ?? 0,
    latency: spec.latencies.length > 0 ? encodeSketch(sketch) : null,
  };
}

/** The `index`-th 10-second window of a run starting at T0, with traffic per `METHOD /path`. */
export function buildWindow(index: number, endpoints: Record<string, TrafficSpec>): RunWindow {
  const parts = Object.fromEntries(Object.entries(endpoints).map(([name, spec]) => [name, endpointWindow(spec)]));
  const all = newSketch();
  for (const spec of Object.values(endpoints)) for (const ms of spec.latencies) all.accept(ms);
  const sum = (pick: (e: EndpointWindow) => number): number => Object.values(parts).reduce((n, e) => n + pick(e), 0);
  const merge = (pick: (e: EndpointWindow) => Record<string, number>): Record<string, number> => {
    const merged: Record<string, number> = {};
    for (const e of Object.values(parts)) for (const [k, v] of Object.entries(pick(e))) merged[k] = (merged[k] ?? 0) + v;
    return merged;
  };
  const latency = all.count > 0 ? encodeSketch(all) : null;
  return {
    start: T0 + index * PERIOD_MS,
    end: T0 + (index + 1) * PERIOD_MS,
    vusersCreated: 0,
    vusersCompleted: 0,
    vusersFailed: 0,
    activeUsers: 0,
    requests: sum((e) => e.requests),
    responses: sum((e) => e.responses),
    codes: merge((e) => e.codes),
    errors: merge((e) => e.errors),
    failures: sum((e) => e.failures),
    slow: sum((e) => e.slow),
    latency,
    latencyStats: latencyStats(all.count > 0 ? all : null),
    endpoints: parts,
  };
}

/** `count` responses all taking `ms`. */
export const times = (count: number, ms: number): number[] => Array.from({ length: count }, () => ms);

/** Windows 0..n-1 where `traffic(i)` gives each window's traffic. */
export function buildRun(n: number, traffic: (index: number) => Record<string, TrafficSpec>): RunWindow[] {
  return Array.from({ length: n }, (_, index) => buildWindow(index, traffic(index)));
}
