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
import { ENDED_BY_REQUEST_PREFIX, REDIRECT_HOPS, RUN_HISTOGRAM, SLOW_COUNTER_PREFIX, TIMING_MEASURES, parseMetricName } from './metric-names.ts';
import { SESSION_FAILURE_PREFIX } from './traffic-summary.ts';
import { isRecord } from './is-record.ts';

export interface MetricsPayload {
  period: number;
  counters: Record<string, number>;
  histograms: Record<string, ProtoSketch>;
  firstMetricAt: number | null;
  lastMetricAt: number | null;
}

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

/**
 * Virtual users that failed without a failed request (a processor that threw, a hook that
 * failed, an undefined function): Artillery's `errors.<cause>` counters (one per failed user)
 * less the failed requests that ended their user (`loadspec.ended.<cause>`), as
 * `session: <cause>` failure kinds.
 */
function sessionFailures(counters: Record<string, number>): Record<string, number> {
  const failures: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) {
    if (!name.startsWith('errors.')) continue;
    const cause = name.slice('errors.'.length);
    const left = value - (counters[`${ENDED_BY_REQUEST_PREFIX}${cause}`] ?? 0);
    if (left > 0) failures[`${SESSION_FAILURE_PREFIX}${cause}`] = left;
  }
  return failures;
}

function encodeNonEmpty(sketch: ProtoSketch | undefined): string | null {
  if (sketch === undefined) return null;
  // A DDSketch knows its count; anything else that only encodes itself is decoded to tell.
  const count: unknown = Reflect.get(sketch, 'count');
  if (typeof count === 'number') return count > 0 ? encodeSketch(sketch) : null;
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
export interface CountersTraffic {
  requests: number;
  responses: number;
  codes: Record<string, number>;
  errors: Record<string, number>;
  expected: Record<string, number>;
}

/**
 * Requests, responses and codes come from the recorder's per-endpoint counters, where a redirect
 * chain is one request with its final status; Artillery's `http.requests` / `http.codes.*` count
 * every hop and are only read when the recorder's worker side did not run.
 */
export function trafficOfCounters(counters: Record<string, number>): CountersTraffic {
  const artilleryCodes: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const expected: Record<string, number> = {};
  let errors: Record<string, number> = {};
  let ours = false;
  let requests = 0;
  let responses = 0;
  for (const [name, value] of Object.entries(counters)) {
    if (name.startsWith('http.codes.')) {
      add(artilleryCodes, name.slice('http.codes.'.length), value);
      continue;
    }
    const metric = parseMetricName(name);
    if (metric === null) continue;
    ours = true;
    if (metric.kind === 'error') add(errors, metric.error, value);
    else if (metric.kind === 'requests') requests += value;
    else if (metric.kind === 'code') {
      responses += value;
      add(codes, metric.code, value);
    } else if (metric.kind === 'expected') add(expected, metric.code, value);
  }
  if (!ours) {
    const sent = counters['http.requests'] ?? 0;
    return { requests: sent, responses: counters['http.responses'] ?? 0, codes: artilleryCodes, errors: sent > 0 ? errorsFromArtilleryCounters(counters) : {}, expected };
  }
  Object.assign(errors, sessionFailures(counters));
  return { requests, responses, codes, errors, expected };
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
    else if (metric.kind === 'expected') add((ep.expected ??= {}), metric.code, value);
  }
  for (const [name, sketch] of Object.entries(payload.histograms)) {
    const metric = parseMetricName(name);
    if (metric === null) continue;
    if (metric.kind === 'latency') endpoint(metric.endpoint).latency = encodeNonEmpty(sketch);
    else if (metric.kind === 'ttfb' || metric.kind === 'connect' || metric.kind === 'download') {
      const encoded = encodeNonEmpty(sketch);
      if (encoded !== null) (endpoint(metric.endpoint).timings ??= {})[metric.kind] = encoded;
    }
  }

  const { requests, responses, codes, errors, expected } = trafficOfCounters(c);
  let slow = 0;
  for (const ep of Object.values(endpoints)) {
    slow += ep.slow;
    ep.failures = countFailures(ep.errors, ep.codes, rule, ep.expected);
  }
  const timings: NonNullable<RunWindow['timings']> = {};
  for (const measure of TIMING_MEASURES) {
    const encoded = encodeNonEmpty(payload.histograms[RUN_HISTOGRAM[measure]]);
    if (encoded !== null) timings[measure] = encoded;
  }

  const checks = checksOf(c);
  const vusersCreated = c['vusers.created'] ?? 0;
  const vusersCompleted = c['vusers.completed'] ?? 0;
  const vusersFailed = c['vusers.failed'] ?? 0;
  // Artillery's own time to first byte only where the recorder's workers did not run (cloud workers).
  const latency = encodeNonEmpty(payload.histograms[RUN_HISTOGRAM.latency] ?? payload.histograms['http.response_time']);
  return {
    start: span.start,
    end: span.end,
    vusersCreated,
    vusersCompleted,
    vusersFailed,
    activeUsers: Math.max(0, span.activeUsersBefore + vusersCreated - vusersCompleted - vusersFailed),
    requests,
    responses,
    codes,
    errors,
    failures: countFailures(errors, codes, rule, expected),
    slow,
    latency,
    latencyStats: latency === null ? null : latencyStats(decodeSketch(latency)),
    endpoints,
    bytesReceived: c['http.downloaded_bytes'] ?? 0,
    ...(Object.keys(checks).length > 0 ? { checks } : {}),
    ...(Object.keys(timings).length > 0 ? { timings } : {}),
    ...(Object.keys(expected).length > 0 ? { expected } : {}),
    ...((c[REDIRECT_HOPS] ?? 0) > 0 ? { redirects: c[REDIRECT_HOPS] } : {}),
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
