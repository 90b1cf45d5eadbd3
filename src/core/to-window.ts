/**
 * Turns counters and sketches of one period (summed over the per-second record, or one
 * of Artillery's own `stats` payloads: the same names) into a RunWindow. Pure: the caller decides the window's time span and
 * carries the running count of active users.
 *
 * What the payload holds (dist/lib/launch-platform.js, core/ssms.js): `period`
 * (epoch ms, 10 s aligned; a string), `counters` (name -> number), `histograms`
 * (name -> DDSketch instance, mergeable), `summaries`, `rates`, `firstMetricAt`,
 * `lastMetricAt`.
 */
import { encodeSketch, decodeSketch, latencyStats } from './sketch.ts';
import type { ProtoSketch } from './sketch.ts';
import type { CheckCounts, EndpointWindow, RunWindow } from './types.ts';
import { DEFAULT_FAILURE_RULE, countFailures } from './traffic-summary.ts';
import type { FailureRule } from './traffic-summary.ts';
import { SLOW_COUNTER_PREFIX, parseMetricName } from './metric-names.ts';

export interface MetricsPayload {
  period: number;
  counters: Record<string, number>;
  histograms: Record<string, ProtoSketch>;
  firstMetricAt: number | null;
  lastMetricAt: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasToProto = (value: unknown): value is ProtoSketch =>
  isRecord(value) && typeof value['toProto'] === 'function';

const finiteOrNull = (value: unknown): number | null => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
};

/** Reads the parts of a payload we use; null when it is not a metrics payload at all. */
export function readPayload(raw: unknown): MetricsPayload | null {
  if (!isRecord(raw) || !isRecord(raw['counters'])) return null;
  const counters: Record<string, number> = {};
  if (isRecord(raw['counters'])) {
    for (const [name, value] of Object.entries(raw['counters'])) {
      if (typeof value === 'number' && Number.isFinite(value)) counters[name] = value;
    }
  }
  const histograms: Record<string, ProtoSketch> = {};
  if (isRecord(raw['histograms'])) {
    for (const [name, value] of Object.entries(raw['histograms'])) {
      if (hasToProto(value)) histograms[name] = value;
    }
  }
  return {
    period: finiteOrNull(raw['period']) ?? 0,
    counters,
    histograms,
    firstMetricAt: finiteOrNull(raw['firstMetricAt']),
    lastMetricAt: finiteOrNull(raw['lastMetricAt']),
  };
}

const add = (map: Record<string, number>, key: string, value: number): void => {
  map[key] = (map[key] ?? 0) + value;
};

const emptyEndpoint = (): EndpointWindow => ({ requests: 0, responses: 0, errors: {}, codes: {}, failures: 0, slow: 0, latency: null });

function encodeNonEmpty(sketch: ProtoSketch | undefined): string | null {
  if (sketch === undefined) return null;
  const encoded = encodeSketch(sketch);
  return decodeSketch(encoded).count > 0 ? encoded : null;
}

/**
 * Failures when the recorder's worker side did not run (e.g. a platform where our
 * hooks are missing): network errors from Artillery's `errors.*` (which count failed
 * virtual users, one per user), 5xx from `http.codes.*`, failed expect checks.
 */
function errorsFromArtilleryCounters(counters: Record<string, number>): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) {
    if (name.startsWith('errors.')) add(errors, name.slice('errors.'.length), value);
    else if (name.startsWith('http.codes.') && Number(name.slice('http.codes.'.length)) >= 500) {
      add(errors, `http.${name.slice('http.codes.'.length)}`, value);
    } else if (name.startsWith('plugins.expect.failed.')) {
      add(errors, `expect.${name.slice('plugins.expect.failed.'.length)}`, value);
    }
  }
  return errors;
}

/**
 * The run-wide traffic of one period's counters: requests, Artillery's status codes and the
 * failures by kind. Failures come from the recorder's per-endpoint error counters; where the
 * recorder's worker side did not run, from Artillery's own counters. The one reading of
 * counters shared by the windows and the runner's status line, so both count alike.
 */
export function trafficOfCounters(counters: Record<string, number>): { requests: number; codes: Record<string, number>; errors: Record<string, number> } {
  const codes: Record<string, number> = {};
  let errors: Record<string, number> = {};
  let ours = false;
  for (const [name, value] of Object.entries(counters)) {
    if (name.startsWith('http.codes.')) {
      add(codes, name.slice('http.codes.'.length), value);
      continue;
    }
    const metric = parseMetricName(name);
    if (metric === null) continue;
    ours = true;
    if (metric.kind === 'error') add(errors, metric.error, value);
  }
  const requests = counters['http.requests'] ?? 0;
  if (!ours && requests > 0) errors = errorsFromArtilleryCounters(counters);
  return { requests, codes, errors };
}

export interface WindowSpan {
  start: number;
  end: number;
  /** Active virtual users at the start of this window. */
  activeUsersBefore: number;
}

export function toRunWindow(payload: MetricsPayload, span: WindowSpan, rule: FailureRule = DEFAULT_FAILURE_RULE): RunWindow {
  const c = payload.counters;
  const endpoints: Record<string, EndpointWindow> = {};
  const endpoint = (name: string): EndpointWindow => (endpoints[name] ??= emptyEndpoint());

  for (const [name, value] of Object.entries(c)) {
    if (name.startsWith(SLOW_COUNTER_PREFIX)) {
      endpoint(name.slice(SLOW_COUNTER_PREFIX.length)).slow += value;
      continue;
    }
    const metric = parseMetricName(name);
    if (metric === null) continue;
    const ep = endpoint(metric.endpoint);
    if (metric.kind === 'requests') ep.requests += value;
    else if (metric.kind === 'code') {
      ep.responses += value;
      add(ep.codes, metric.code, value);
    } else if (metric.kind === 'error') add(ep.errors, metric.error, value);
  }
  for (const [name, sketch] of Object.entries(payload.histograms)) {
    const metric = parseMetricName(name);
    if (metric?.kind !== 'latency') continue;
    endpoint(metric.endpoint).latency = encodeNonEmpty(sketch);
  }

  const { requests, codes, errors } = trafficOfCounters(c);
  let slow = 0;
  for (const ep of Object.values(endpoints)) {
    slow += ep.slow;
    ep.failures = countFailures(ep.errors, ep.codes, rule);
  }

  const checks = checksOf(c);
  const vusersCreated = c['vusers.created'] ?? 0;
  const vusersCompleted = c['vusers.completed'] ?? 0;
  const vusersFailed = c['vusers.failed'] ?? 0;
  const latency = encodeNonEmpty(payload.histograms['http.response_time']);
  return {
    start: span.start,
    end: span.end,
    vusersCreated,
    vusersCompleted,
    vusersFailed,
    activeUsers: Math.max(0, span.activeUsersBefore + vusersCreated - vusersCompleted - vusersFailed),
    requests,
    responses: c['http.responses'] ?? 0,
    codes,
    errors,
    failures: countFailures(errors, codes, rule),
    slow,
    latency,
    latencyStats: latency === null ? null : latencyStats(decodeSketch(latency)),
    endpoints,
    bytesReceived: c['http.downloaded_bytes'] ?? 0,
    ...(Object.keys(checks).length > 0 ? { checks } : {}),
  };
}

/** Response checks by kind from the expect plugin's `plugins.expect.ok.<check>` / `plugins.expect.failed.<check>` counters. */
function checksOf(counters: Record<string, number>): Record<string, CheckCounts> {
  const checks: Record<string, CheckCounts> = {};
  for (const [name, value] of Object.entries(counters)) {
    const ok = name.startsWith('plugins.expect.ok.');
    if (!ok && !name.startsWith('plugins.expect.failed.')) continue;
    const check = name.slice(ok ? 'plugins.expect.ok.'.length : 'plugins.expect.failed.'.length);
    const entry = (checks[check] ??= { passed: 0, failed: 0 });
    if (ok) entry.passed += value;
    else entry.failed += value;
  }
  return checks;
}
