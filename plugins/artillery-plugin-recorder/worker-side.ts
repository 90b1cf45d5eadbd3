/**
 * Worker side: per-endpoint counts, status codes, failures and latency, written with
 * every counter Artillery itself keeps into this worker's per-second record
 * (second-recorder.ts, src/core/seconds.ts), which the runner folds into windows.
 *
 * Why this shape (cost per request matters: see DESIGN.md):
 * - No afterResponse hook: any scenario-level afterResponse makes Artillery buffer
 *   every response body. We listen to the HTTP engine's `trace:http:request|response`
 *   events instead, which it emits for every request anyway. The emitter they come on
 *   is only reachable from a hook, so one beforeScenario hook attaches the listeners
 *   the first time it runs in a worker (one cheap call per virtual user). Network
 *   errors only reach onError hooks, which run only when a request fails.
 * - Endpoint names come from the request *template* (`/users/{{ id }}` is `GET /users/{id}`), not the
 *   rendered URL, so per-user values do not create thousands of endpoints. At
 *   construction each request step gets a `loadspecEndpoint` property; Artillery
 *   copies step properties onto the request params it passes to the trace events.
 * - Our per-endpoint measurements go straight into the record, not through
 *   Artillery's metrics pipeline (which would aggregate, serialise and merge them
 *   again every 10 s for nothing). Metric names are built once per endpoint and cached.
 */
import path from 'node:path';
import type { ArtilleryScript, HookDone, ScenarioHook, VUContext } from '../shared/artillery.ts';
import { annotateEndpoints, endpointOfRequest } from '../shared/endpoint-annotation.ts';
import { attachScenarioHook } from '../shared/hooks.ts';
import { expectedStatuses, failedCheckKind } from './failed-check.ts';
import { ENDED_BY_REQUEST_PREFIX, REDIRECT_HOPS, RUN_HISTOGRAM, metricName } from '../../src/core/metric-names.ts';
import type { TimingMeasure } from '../../src/core/metric-names.ts';
import { appendJsonLine, runDirectory } from '../shared/run-files.ts';
import { mirrorArtilleryMetrics } from './artillery-metrics-mirror.ts';
import { openRecordChannel } from './record-channel.ts';
import { SecondRecorder } from './second-recorder.ts';
import { secondsFileName } from '../../src/core/seconds.ts';

const HOOK_NAME = 'loadspecRecorder_attach';
const ON_ERROR_HOOK_NAME = 'loadspecRecorder_onError';
/** Bounds for maps keyed by something requests supply (guards against leaks, never reached in practice). */
const MAX_IN_FLIGHT = 100_000;
const MAX_CACHED_ENDPOINTS = 2_000;

type Emitter = {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): boolean;
};

/**
 * Artillery's histograms the record keeps: none. Its `http.response_time` is time to first byte
 * in whole ms without failed requests; the record's latency is the whole response (RUN_HISTOGRAM).
 */
const MIRRORED_HISTOGRAMS: ReadonlySet<string> = new Set();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);


/** First in every scenario's onError list: a user's hook that passes an error on stops the list. */
function addOnErrorHook(script: ArtilleryScript, name: string, fn: (...args: never[]) => void): void {
  if (typeof script.config.processor !== 'object') script.config.processor = {};
  script.config.processor[name] = fn;
  for (const scenario of script.scenarios ?? []) {
    const existing = scenario['onError'];
    const list = Array.isArray(existing) ? existing : typeof existing === 'string' ? [existing] : [];
    scenario['onError'] = [name, ...list.filter((n) => n !== name)];
  }
}

interface EndpointNames {
  requests: string;
  latency: string;
  codes: Map<number, string>;
}


function errorCode(error: unknown): string {
  if (!isRecord(error)) return 'unknown';
  return str(error['code']) ?? str(error['name']) ?? 'unknown';
}

/** One request step in flight, from its first byte sent to the checks on its response. */
interface RequestState {
  endpoint: string;
  /** Status of the final response; 0 before one arrived. */
  status: number;
  /** Already counted as failed (a request fails once, whatever else goes wrong). */
  failed: boolean;
  /** The step captures or matches, so a `trace:http:capture` event will follow the response. */
  awaitsCapture: boolean;
  /** performance.now() when the step's first request was sent (redirects keep it). */
  start: number;
  /** Its latency is recorded (whole response, or the time until it failed): once. */
  timed: boolean;
  /** Artillery's default is true: a 3xx with a location is a hop of this request, not its answer. */
  followRedirect: boolean;
  /** Statuses the step expects (`expect: - statusCode: 404`): successes. */
  expected: readonly number[];
}

/** got follows these with a `location` header (Artillery leaves its default redirect limit of 10). */
const REDIRECT_CODES = new Set([300, 301, 302, 303, 304, 307, 308]);

/** The name Artillery gives a failure in its `errors.<name>` counter (core/engine_http.js: `err.code || err.message`). */
function artilleryErrorName(error: unknown): string {
  if (!isRecord(error)) return String(error);
  return str(error['code']) || str(error['message']) || 'unknown';
}

/** Whether Artillery will fail the request for this capture/match result (engine_http.js rules). */
function captureFailed(result: unknown): boolean {
  if (!isRecord(result)) return false;
  const matches = isRecord(result['matches']) ? Object.values(result['matches']) : [];
  const captures = isRecord(result['captures']) ? Object.values(result['captures']) : [];
  return (
    matches.some((m) => isRecord(m) && m['success'] === false && m['strict'] !== false) ||
    captures.some((c) => isRecord(c) && c['failed'] === true)
  );
}

/**
 * Installs the worker side on `script`. Slow requests are not counted here: the
 * slow-requests plugin owns that rule (per-endpoint limits, timeouts) and its
 * `loadspec.slow.*` counters are read by to-window.ts.
 */
/** Where the worker's measurements go: the per-second record (a test may pass its own). */
export interface MeasurementSink {
  count(name: string, value: number, t?: number): void;
  observe(name: string, value: number, t?: number): void;
  finalFlush(): void;
}

export function installWorkerSide(script: ArtilleryScript, defaultDir: string, sink?: MeasurementSink): void {
  annotateEndpoints(script);
  const attached = new WeakSet<object>();
  const dir = runDirectory() ?? defaultDir;
  const worker = `w${process.env['LOCAL_WORKER_ID'] ?? '0'}`;
  const channel = openRecordChannel((message) => {
    if (message.type !== 'final') return;
    record.finalFlush();
    channel.post({ type: 'flushed', worker });
  });
  const broken = (reason: string): void => {
    channel.post({ type: 'broken', worker, reason });
    // When even this cannot be written, the main side has heard it through the channel.
    appendJsonLine(path.join(dir, 'events.jsonl'), { type: 'recorder-broken', worker, reason, time: Date.now() });
  };
  const record: MeasurementSink =
    sink ??
    new SecondRecorder(dir, worker, {
      onLine: (line) => channel.post({ type: 'line', line }),
      onWriteError: (error) => broken(`cannot write ${secondsPath(dir, worker)}: ${error.code ?? error.message}`),
    });
  if (sink === undefined && !mirrorArtilleryMetrics((name, value, t) => record.count(name, value, t), (name, value, t) => record.observe(name, value, t), MIRRORED_HISTOGRAMS)) {
    broken("this Artillery's metrics could not be followed (core/ssms.js changed)");
  }
  channel.post({ type: 'hello', worker });
  const names = new Map<string, EndpointNames>();
  // Trace events name a request by uuid; hooks and the expect plugin pass its params object.
  const inFlight = new Map<string, RequestState>();
  const byParams = new WeakMap<object, RequestState>();

  const namesFor = (endpoint: string): EndpointNames => {
    let entry = names.get(endpoint);
    if (entry === undefined) {
      entry = {
        requests: metricName.requests(endpoint),
        latency: metricName.latency(endpoint),
        codes: new Map(),
      };
      if (names.size < MAX_CACHED_ENDPOINTS) names.set(endpoint, entry);
    }
    return entry;
  };

  const codeName = (entry: EndpointNames, endpoint: string, code: number): string => {
    let name = entry.codes.get(code);
    if (name === undefined) {
      name = metricName.code(code, endpoint);
      entry.codes.set(code, name);
    }
    return name;
  };

  /**
   * Counts a request as failed, once. A response that fails a check is recorded by its
   * status when that is 4xx/5xx, so the summary never counts it twice when 4xx count.
   * `endedSession`: the name Artillery counts the failure under when it also ends the
   * virtual user (a network error, a failed capture), so the fold can tell sessions that
   * failed without a failed request (a processor error) from these.
   */
  const fail = (state: RequestState, kind: string, endedSession?: string): void => {
    if (state.failed) return;
    state.failed = true;
    record.count(metricName.error(state.status >= 400 ? `http.${state.status}` : kind, state.endpoint), 1);
    if (endedSession !== undefined) record.count(`${ENDED_BY_REQUEST_PREFIX}${endedSession}`, 1);
  };

  /** The whole request: from its first byte sent to its last byte read, or to its failure. */
  const timeRequest = (state: RequestState, now: number): void => {
    if (state.timed) return;
    state.timed = true;
    const ms = now - state.start;
    record.observe(namesFor(state.endpoint).latency, ms);
    record.observe(RUN_HISTOGRAM.latency, ms);
  };

  const observeTiming = (measure: TimingMeasure, endpoint: string, ms: number): void => {
    record.observe(metricName.timing(measure, endpoint), ms);
    record.observe(RUN_HISTOGRAM[measure], ms);
  };

  const stateOf = (params: unknown): RequestState => ({
    endpoint: endpointOfRequest(params),
    status: 0,
    failed: false,
    awaitsCapture: isRecord(params) && (params['capture'] !== undefined || params['match'] !== undefined),
    start: performance.now(),
    timed: false,
    followRedirect: !isRecord(params) || params['followRedirect'] !== false,
    expected: isRecord(params) && params['expect'] !== undefined ? expectedStatuses(params['expect']) : [],
  });

  const attach = (ee: Emitter): void => {
    // got emits a request event for every hop of a redirect chain, with the step's uuid:
    // the chain is one request of the step, timed from its first hop.
    ee.on('trace:http:request', (params, uuid) => {
      if (typeof uuid === 'string' && inFlight.has(uuid)) {
        record.count(REDIRECT_HOPS, 1);
        return;
      }
      const state = stateOf(params);
      if (typeof uuid === 'string') {
        if (inFlight.size >= MAX_IN_FLIGHT) inFlight.clear();
        inFlight.set(uuid, state);
      }
      if (isRecord(params)) byParams.set(params, state);
      record.count(namesFor(state.endpoint).requests, 1);
    });

    ee.on('trace:http:response', (res, uuid) => {
      if (!isRecord(res)) return;
      const answeredAt = performance.now();
      const known = typeof uuid === 'string' ? inFlight.get(uuid) : undefined;
      const state = known ?? stateOf(res['req']);
      const status = typeof res['statusCode'] === 'number' ? res['statusCode'] : 0;
      const headers = res['headers'];
      const redirects = state.followRedirect && REDIRECT_CODES.has(status) && isRecord(headers) && headers['location'] !== undefined;
      if (redirects) return; // a hop: the final answer (or the redirect limit's error) is the request's
      state.status = status;
      const entry = namesFor(state.endpoint);
      record.count(codeName(entry, state.endpoint, status), 1);
      observeTiming('ttfb', state.endpoint, answeredAt - state.start);
      const timings = res['timings'];
      const phases = isRecord(timings) ? timings['phases'] : undefined;
      // got's timings (whole ms) of this hop's socket; absent when a kept-alive socket was reused.
      if (isRecord(phases) && typeof phases['tcp'] === 'number') {
        const part = (name: string): number => (typeof phases[name] === 'number' ? phases[name] : 0);
        observeTiming('connect', state.endpoint, part('dns') + part('tcp') + part('tls'));
      }
      if (state.expected.includes(status)) record.count(metricName.expected(status, state.endpoint), 1);
      else if (status >= 500) fail(state, 'http');
      const end = (): void => {
        const now = performance.now();
        if (!state.timed) observeTiming('download', state.endpoint, now - answeredAt);
        timeRequest(state, now);
        if (typeof uuid === 'string' && !state.awaitsCapture) inFlight.delete(uuid);
      };
      if (typeof res['once'] === 'function') (res as unknown as Emitter & { once(event: string, listener: () => void): unknown }).once('end', end);
      else end();
    });

    // Only emitted for steps with capture or match, after the response body arrived.
    ee.on('trace:http:capture', (result, uuid) => {
      const state = typeof uuid === 'string' ? inFlight.get(uuid) : undefined;
      if (typeof uuid === 'string') inFlight.delete(uuid);
      if (state !== undefined && captureFailed(result)) fail(state, 'capture', 'Failed capture or match');
    });

    // artillery-plugin-expect announces each checked response (after captures).
    ee.on('plugin:expect:expectations', (expectations, req, res) => {
      if (!isRecord(expectations) || !Array.isArray(expectations['results'])) return;
      const kind = failedCheckKind(expectations['results'], req);
      if (kind === null) return;
      const status = isRecord(res) && typeof res['statusCode'] === 'number' ? res['statusCode'] : 0;
      const state = (isRecord(req) ? byParams.get(req) : undefined) ?? { ...stateOf(req), status };
      fail(state, kind);
    });
  };

  // Network errors, timeouts and the redirect limit reach only the scenario's onError hooks
  // (got rejects its promise; no trace event), so this hook costs nothing on successful
  // requests. A failed request counts in latency at the time it took (a timeout at its timeout).
  const onError = (error: unknown, params: unknown, _context: unknown, _events: unknown, done: HookDone): void => {
    const now = performance.now();
    const uuid = isRecord(params) ? params['uuid'] : undefined;
    const known = (isRecord(params) ? byParams.get(params) : undefined) ?? (typeof uuid === 'string' ? inFlight.get(uuid) : undefined);
    if (typeof uuid === 'string') inFlight.delete(uuid);
    const state = known ?? stateOf(params);
    fail(state, errorCode(error), artilleryErrorName(error));
    if (known !== undefined) timeRequest(state, now);
    done();
  };
  addOnErrorHook(script, ON_ERROR_HOOK_NAME, onError);

  const attachOnce: ScenarioHook = (_context: VUContext, events: unknown, done: HookDone) => {
    if (isRecord(events) && !attached.has(events) && typeof events['on'] === 'function') {
      attached.add(events);
      attach(events as unknown as Emitter);
    }
    done();
  };
  attachScenarioHook(script, 'beforeScenario', HOOK_NAME, attachOnce, { first: true });
}

function secondsPath(dir: string, worker: string): string {
  return path.join(dir, secondsFileName(worker));
}
