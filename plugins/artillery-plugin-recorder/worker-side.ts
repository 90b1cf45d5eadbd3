/**
 * Worker side: per-endpoint counts, status codes, failures and latency, emitted as
 * Artillery metrics (see metric-names.ts) so the main side reads them back, merged
 * across workers, from each period's payload.
 *
 * Why this shape (cost per request matters: see DESIGN.md):
 * - No afterResponse hook: any scenario-level afterResponse makes Artillery buffer
 *   every response body. We listen to the HTTP engine's `trace:http:request|response`
 *   events instead, which it emits for every request anyway. The emitter they come on
 *   is only reachable from a hook, so one beforeScenario hook attaches the listeners
 *   the first time it runs in a worker (one cheap call per virtual user). Network
 *   errors only reach onError hooks, which run only when a request fails.
 * - Endpoint names come from the request *template* (`GET /users/{{ id }}`), not the
 *   rendered URL, so per-user values do not create thousands of endpoints. At
 *   construction each request step gets a `loadspecEndpoint` property; Artillery
 *   copies step properties onto the request params it passes to the trace events.
 * - Metric names are built once per endpoint and cached.
 */
import type { ArtilleryScript, HookDone, ScenarioHook, VUContext } from '../shared/artillery.ts';
import { endpointName } from '../shared/endpoint.ts';
import { attachScenarioHook } from '../shared/hooks.ts';
import { metricName } from './metric-names.ts';

const HOOK_NAME = 'loadspecRecorder_attach';
const ON_ERROR_HOOK_NAME = 'loadspecRecorder_onError';
const ENDPOINT_KEY = 'loadspecEndpoint';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
/** Bounds for maps keyed by something requests supply (guards against leaks, never reached in practice). */
const MAX_IN_FLIGHT = 100_000;
const MAX_CACHED_ENDPOINTS = 2_000;

type Emitter = {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): boolean;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Sets `loadspecEndpoint` on every request step, at any depth. Returns how many. */
export function annotateRequestSteps(script: ArtilleryScript): number {
  let count = 0;
  const visit = (flow: unknown): void => {
    if (!Array.isArray(flow)) return;
    for (const step of flow) {
      if (!isRecord(step)) continue;
      for (const method of HTTP_METHODS) {
        const params = step[method];
        if (!isRecord(params)) continue;
        const url = str(params['url']) ?? str(params['uri']);
        if (url !== undefined) {
          params[ENDPOINT_KEY] = endpointName(method, url);
          count += 1;
        }
      }
      visit(step['loop']);
      visit(step['parallel']);
    }
  };
  for (const scenario of script.scenarios ?? []) visit(scenario['flow']);
  return count;
}

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
  slow: string;
  codes: Map<number, string>;
}

/** The endpoint a request belongs to, from its annotation or else its rendered URL. */
function endpointOf(params: unknown): string {
  if (!isRecord(params)) return 'UNKNOWN /';
  const annotated = str(params[ENDPOINT_KEY]);
  if (annotated !== undefined) return annotated;
  const url = params['url'];
  const href = typeof url === 'string' ? url : isRecord(url) ? str(url['href']) : undefined;
  return endpointName(str(params['method']) ?? 'GET', href ?? '/');
}

function errorCode(error: unknown): string {
  if (!isRecord(error)) return 'unknown';
  return str(error['code']) ?? str(error['name']) ?? 'unknown';
}

/** Installs the worker side on `script`. `slowMs`: a response at or above this is slow. */
export function installWorkerSide(script: ArtilleryScript, options: { slowMs: number }): void {
  annotateRequestSteps(script);
  const attached = new WeakSet<object>();
  const names = new Map<string, EndpointNames>();
  const inFlight = new Map<string, string>();

  const namesFor = (endpoint: string): EndpointNames => {
    let entry = names.get(endpoint);
    if (entry === undefined) {
      entry = {
        requests: metricName.requests(endpoint),
        latency: metricName.latency(endpoint),
        slow: metricName.slow(endpoint),
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

  const attach = (ee: Emitter): void => {
    ee.on('trace:http:request', (params, uuid) => {
      const endpoint = endpointOf(params);
      if (typeof uuid === 'string') {
        if (inFlight.size >= MAX_IN_FLIGHT) inFlight.clear();
        inFlight.set(uuid, endpoint);
      }
      ee.emit('counter', namesFor(endpoint).requests, 1);
    });

    ee.on('trace:http:response', (res, uuid) => {
      if (!isRecord(res)) return;
      const endpoint = (typeof uuid === 'string' ? inFlight.get(uuid) : undefined) ?? endpointOf(res['req']);
      if (typeof uuid === 'string') inFlight.delete(uuid);
      const entry = namesFor(endpoint);
      const status = typeof res['statusCode'] === 'number' ? res['statusCode'] : 0;
      ee.emit('counter', codeName(entry, endpoint, status), 1);
      const timings = res['timings'];
      const phases = isRecord(timings) ? timings['phases'] : undefined;
      const firstByte = isRecord(phases) ? phases['firstByte'] : undefined;
      if (typeof firstByte === 'number') {
        ee.emit('histogram', entry.latency, firstByte);
        if (firstByte >= options.slowMs) ee.emit('counter', entry.slow, 1);
      }
      if (status >= 500) ee.emit('counter', metricName.error(`http.${status}`, endpoint), 1);
    });

    // artillery-plugin-expect announces each checked response. A request counts as
    // failed once: 5xx are already failures; a 4xx that fails a check is recorded as
    // its status (so the summary never counts it twice when 4xx count as failures).
    ee.on('plugin:expect:expectations', (expectations, req, res) => {
      if (!isRecord(expectations) || !Array.isArray(expectations['results'])) return;
      const failed = expectations['results'].find((r: unknown) => isRecord(r) && r['ok'] === false);
      if (failed === undefined) return;
      const status = isRecord(res) && typeof res['statusCode'] === 'number' ? res['statusCode'] : 0;
      if (status >= 500) return;
      const kind = status >= 400 ? `http.${status}` : `expect.${str(isRecord(failed) ? failed['type'] : undefined) ?? 'failed'}`;
      ee.emit('counter', metricName.error(kind, endpointOf(req)), 1);
    });
  };

  // Network errors and timeouts reach only the scenario's onError hooks (got rejects
  // its promise; no trace event), so this hook costs nothing on successful requests.
  const onError = (error: unknown, params: unknown, _context: unknown, events: unknown, done: HookDone): void => {
    const uuid = isRecord(params) ? params['uuid'] : undefined;
    let endpoint = typeof uuid === 'string' ? inFlight.get(uuid) : undefined;
    if (typeof uuid === 'string') inFlight.delete(uuid);
    endpoint ??= endpointOf(params);
    if (isRecord(events) && typeof events['emit'] === 'function') {
      (events as unknown as Emitter).emit('counter', metricName.error(errorCode(error), endpoint), 1);
    }
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
