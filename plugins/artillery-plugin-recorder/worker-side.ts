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
import { failedCheckKind } from './failed-check.ts';
import { metricName } from '../../src/core/metric-names.ts';
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

/** Artillery's histograms the record keeps (the others are not read by anything). */
const MIRRORED_HISTOGRAMS = new Set(['http.response_time']);

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

/** One request in flight, from its first byte sent to the checks on its response. */
interface RequestState {
  endpoint: string;
  /** Status of the last response; 0 before one arrived. */
  status: number;
  /** Already counted as failed (a request fails once, whatever else goes wrong). */
  failed: boolean;
  /** The step captures or matches, so a `trace:http:capture` event will follow the response. */
  awaitsCapture: boolean;
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
   */
  const fail = (state: RequestState, kind: string): void => {
    if (state.failed) return;
    state.failed = true;
    record.count(metricName.error(state.status >= 400 ? `http.${state.status}` : kind, state.endpoint), 1);
  };

  const attach = (ee: Emitter): void => {
    ee.on('trace:http:request', (params, uuid) => {
      const state: RequestState = {
        endpoint: endpointOfRequest(params),
        status: 0,
        failed: false,
        awaitsCapture: isRecord(params) && (params['capture'] !== undefined || params['match'] !== undefined),
      };
      if (typeof uuid === 'string') {
        if (inFlight.size >= MAX_IN_FLIGHT) inFlight.clear();
        inFlight.set(uuid, state);
      }
      if (isRecord(params)) byParams.set(params, state);
      record.count(namesFor(state.endpoint).requests, 1);
    });

    ee.on('trace:http:response', (res, uuid) => {
      if (!isRecord(res)) return;
      const known = typeof uuid === 'string' ? inFlight.get(uuid) : undefined;
      const state = known ?? { endpoint: endpointOfRequest(res['req']), status: 0, failed: false, awaitsCapture: false };
      if (typeof uuid === 'string' && !state.awaitsCapture) inFlight.delete(uuid);
      const entry = namesFor(state.endpoint);
      state.status = typeof res['statusCode'] === 'number' ? res['statusCode'] : 0;
      record.count(codeName(entry, state.endpoint, state.status), 1);
      const timings = res['timings'];
      const phases = isRecord(timings) ? timings['phases'] : undefined;
      const firstByte = isRecord(phases) ? phases['firstByte'] : undefined;
      if (typeof firstByte === 'number') record.observe(entry.latency, firstByte);
      if (state.status >= 500) fail(state, 'http');
    });

    // Only emitted for steps with capture or match, after the response body arrived.
    ee.on('trace:http:capture', (result, uuid) => {
      const state = typeof uuid === 'string' ? inFlight.get(uuid) : undefined;
      if (typeof uuid === 'string') inFlight.delete(uuid);
      if (state !== undefined && captureFailed(result)) fail(state, 'capture');
    });

    // artillery-plugin-expect announces each checked response (after captures).
    ee.on('plugin:expect:expectations', (expectations, req, res) => {
      if (!isRecord(expectations) || !Array.isArray(expectations['results'])) return;
      const kind = failedCheckKind(expectations['results'], req);
      if (kind === null) return;
      const status = isRecord(res) && typeof res['statusCode'] === 'number' ? res['statusCode'] : 0;
      const state = (isRecord(req) ? byParams.get(req) : undefined) ?? { endpoint: endpointOfRequest(req), status, failed: false, awaitsCapture: false };
      fail(state, kind);
    });
  };

  // Network errors and timeouts reach only the scenario's onError hooks (got rejects
  // its promise; no trace event), so this hook costs nothing on successful requests.
  const onError = (error: unknown, params: unknown, _context: unknown, _events: unknown, done: HookDone): void => {
    const uuid = isRecord(params) ? params['uuid'] : undefined;
    const known = (isRecord(params) ? byParams.get(params) : undefined) ?? (typeof uuid === 'string' ? inFlight.get(uuid) : undefined);
    if (typeof uuid === 'string') inFlight.delete(uuid);
    const state = known ?? { endpoint: endpointOfRequest(params), status: 0, failed: false, awaitsCapture: false };
    fail(state, errorCode(error));
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
