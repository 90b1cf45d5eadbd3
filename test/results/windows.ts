/** Synthetic recorded windows for the results tests: latencies given as raw values. */
import { encodeSketch, latencyStats, newSketch } from '../../src/core/sketch.ts';
import type { EndpointWindow, RunMeta, RunWindow } from '../../src/core/types.ts';
import { DEFAULT_FAILURE_RULE, countFailures } from '../../src/core/traffic-summary.ts';

export const T0 = 1_795_716_000_000;

export interface EndpointSpec {
  latencies?: number[];
  codes?: Record<string, number>;
  errors?: Record<string, number>;
  /** Requests without a response (network errors); added to the responses count. */
  unanswered?: number;
  slow?: number;
}

export function sketchOf(values: readonly number[]): string | null {
  if (values.length === 0) return null;
  const sketch = newSketch();
  for (const v of values) sketch.accept(v);
  return encodeSketch(sketch);
}

/** A window of 10 s starting at `start` with the given endpoints; totals are their sums. */
export function windowOf(start: number, endpoints: Record<string, EndpointSpec>, vusers = { created: 0, completed: 0, failed: 0 }): RunWindow {
  const eps: Record<string, EndpointWindow> = {};
  const all: number[] = [];
  const codes: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let requests = 0;
  let responses = 0;
  let slow = 0;
  for (const [name, spec] of Object.entries(endpoints)) {
    const latencies = spec.latencies ?? [];
    const epCodes = spec.codes ?? (latencies.length > 0 ? { '200': latencies.length } : {});
    const answered = Object.values(epCodes).reduce((a, b) => a + b, 0);
    const ep: EndpointWindow = {
      requests: answered + (spec.unanswered ?? 0),
      responses: answered,
      codes: epCodes,
      errors: spec.errors ?? {},
      failures: countFailures(spec.errors ?? {}, epCodes, DEFAULT_FAILURE_RULE),
      slow: spec.slow ?? 0,
      latency: sketchOf(latencies),
    };
    eps[name] = ep;
    all.push(...latencies);
    requests += ep.requests;
    responses += ep.responses;
    slow += ep.slow;
    for (const [k, v] of Object.entries(ep.codes)) codes[k] = (codes[k] ?? 0) + v;
    for (const [k, v] of Object.entries(ep.errors)) errors[k] = (errors[k] ?? 0) + v;
  }
  const latency = sketchOf(all);
  return {
    start,
    end: start + 10_000,
    vusersCreated: vusers.created,
    vusersCompleted: vusers.completed,
    vusersFailed: vusers.failed,
    activeUsers: vusers.created - vusers.completed - vusers.failed,
    requests,
    responses,
    codes,
    errors,
    failures: countFailures(errors, codes, DEFAULT_FAILURE_RULE),
    slow,
    latency,
    latencyStats: latency === null ? null : latencyStats(newSketchFrom(all)),
    endpoints: eps,
  };
}

function newSketchFrom(values: readonly number[]): ReturnType<typeof newSketch> {
  const sketch = newSketch();
  for (const v of values) sketch.accept(v);
  return sketch;
}

/** 1..n ms. */
export const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);

/** Run metadata for a 20 s run starting at T0. */
export const meta = (scenario = 'steady', extra: Partial<RunMeta> = {}): RunMeta => ({
  scenario,
  configFile: `configs/${scenario}.yml`,
  target: 'http://127.0.0.1:3000',
  startedAt: T0,
  endedAt: T0 + 20_000,
  plannedDurationS: 20,
  actualDurationS: 20,
  completion: 'complete',
  loadspecVersion: '0.1.0',
  artilleryVersion: '2.0.34',
  ...extra,
});
