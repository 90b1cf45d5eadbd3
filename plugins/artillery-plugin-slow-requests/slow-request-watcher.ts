/**
 * Worker side: watches every response for slowness at the cost of two listener calls
 * and one comparison per request.
 *
 * Why not an afterResponse hook: any scenario-level afterResponse hook makes Artillery
 * buffer every response body and run an async hook chain per request. Instead we
 * listen to `trace:http:request` / `trace:http:response`, which Artillery's HTTP
 * engine emits for every request on the shared scenario emitter (reachable from a
 * hook only: a beforeScenario hook subscribes the first time it runs). A request's
 * time is its whole response, as the recorder measures it (performance.now() from its
 * first hop sent to its body's last byte; redirect hops share the step's uuid); the
 * request params (kept by uuid while in flight) carry the endpoint template. The virtual user is found through its HTTP agent (one per VU,
 * registered by the same beforeScenario hook). Requests that end without a response
 * (timeouts) reach a scenario-level onError hook, which costs nothing otherwise.
 */
import type { ArtilleryEvents, ErrorHook, HookDone, VUContext } from '../shared/artillery.ts';
import { endpointOfRequest } from '../shared/endpoint-annotation.ts';
import { endpointName } from '../../src/core/endpoint-name.ts';
import type { JsonLinesWriter } from '../shared/json-lines-writer.ts';
import type { PhaseTracker } from '../shared/phase-channel.ts';
import type { ConsoleLimiter } from './console-limiter.ts';
import type { SlowRequestSettings } from './settings.ts';
import type { SlowRequest } from '../../src/core/types.ts';
import { SLOW_COUNTER_PREFIX } from '../../src/core/metric-names.ts';

/** Bound for the in-flight map (a guard against leaks; never reached in practice). */
const MAX_IN_FLIGHT = 100_000;

/** What we read from got's response (IncomingMessage + timings). */
interface ResponseLike {
  statusCode?: number;
  timings?: { response?: number; phases?: { firstByte?: number } };
  req?: { agent?: unknown; method?: string; path?: string };
}

/** What we read from got's RequestError (timeouts, resets). */
interface RequestErrorLike {
  code?: string;
}

/** One line of slow-requests.jsonl: the results' SlowRequest, no headers, bodies or secrets. */
export type SlowRequestRecord = SlowRequest;

export { SLOW_COUNTER_PREFIX };

export interface WatcherOptions {
  settings: SlowRequestSettings;
  /** Context variable holding the user id (unique-users' variable). */
  userVariable: string;
  /** False when VUs share agents (`config.http.pool`): the user is then unknown. */
  agentsPerUser: boolean;
  writer: JsonLinesWriter | null;
  limiter: ConsoleLimiter;
  phases: PhaseTracker | null;
}

/** `METHOD /path` of the URL a request was sent to (rendered, not the template). */
function sentEndpoint(request: unknown): string {
  if (typeof request !== 'object' || request === null) return 'UNKNOWN /';
  const method: unknown = Reflect.get(request, 'method');
  const url: unknown = Reflect.get(request, 'url');
  return endpointName(typeof method === 'string' ? method : 'GET', typeof url === 'string' ? url : '/');
}

function timeOfDay(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function consoleLine(record: SlowRequestRecord, thresholdMs: number, error?: string): string {
  const outcome = record.status === null ? (error ?? 'no response') : String(record.status);
  const user = record.userId === null ? '' : ` user ${record.userId}`;
  return `slow request ${timeOfDay(record.time)} ${record.endpoint} ${outcome} ${record.durationMs}ms (limit ${thresholdMs}ms)${user}`;
}

export class SlowRequestWatcher {
  readonly #options: WatcherOptions;
  readonly #minThresholdMs: number;
  readonly #usersByAgent = new WeakMap<object, VUContext>();
  readonly #inFlight = new Map<string, { params: unknown; start: number }>();
  #events: ArtilleryEvents | null = null;

  constructor(options: WatcherOptions) {
    this.#options = options;
    this.#minThresholdMs = Math.min(options.settings.thresholdMs, ...options.settings.endpointThresholdsMs.values());
  }

  /** The beforeScenario hook: subscribe once, and remember which agent belongs to this VU. */
  readonly onScenarioStart = (context: VUContext, events: ArtilleryEvents, done: HookDone): void => {
    if (this.#events === null) {
      this.#events = events;
      events.on('trace:http:request', (params: unknown, uuid: unknown) => {
        if (typeof uuid !== 'string' || this.#inFlight.has(uuid)) return; // a redirect hop keeps the first hop's start
        if (this.#inFlight.size >= MAX_IN_FLIGHT) this.#inFlight.clear();
        this.#inFlight.set(uuid, { params, start: performance.now() });
      });
      events.on('trace:http:response', (res: unknown, uuid: unknown) => {
        const request = this.#inFlight.get(uuid as string);
        const response = res as ResponseLike & { headers?: Record<string, unknown>; once?: (event: string, listener: () => void) => unknown };
        if (request === undefined || typeof response.once !== 'function') return;
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers?.['location'] !== undefined && Reflect.get(Object(request.params), 'followRedirect') !== false) return;
        response.once('end', () => {
          this.#inFlight.delete(uuid as string);
          this.#onResponse(response, request.params, performance.now() - request.start);
        });
      });
    }
    if (this.#options.agentsPerUser && typeof context._httpAgent === 'object') {
      this.#usersByAgent.set(context._httpAgent, context);
    }
    done();
  };

  /**
   * An endpoint's own limit, looked up by its template (`/users/{{ id }}` is `GET /users/{id}`) and
   * then by the path as sent (`GET /users/42`), else the default.
   */
  #thresholdFor(endpoint: string, sent: () => string): number {
    const own = this.#options.settings.endpointThresholdsMs;
    if (own.size === 0) return this.#options.settings.thresholdMs;
    return own.get(endpoint) ?? own.get(sent()) ?? this.#options.settings.thresholdMs;
  }

  #onResponse(res: ResponseLike, params: unknown, elapsedMs: number): void {
    const durationMs = Math.round(elapsedMs);
    if (durationMs <= this.#minThresholdMs) return;
    // A redirect's later hops come without a request event of their own.
    const sent = (): string => endpointName(res.req?.method ?? 'GET', res.req?.path ?? '/');
    const endpoint = params === undefined ? sent() : endpointOfRequest(params);
    const thresholdMs = this.#thresholdFor(endpoint, sent);
    if (durationMs <= thresholdMs) return;
    this.#report(
      {
        time: Date.now(),
        endpoint,
        status: res.statusCode ?? null,
        durationMs,
        ...this.#who(res.req?.agent),
      },
      thresholdMs,
    );
  }

  /** The onError hook: a request that got no response is slow if it waited longer than the limit. */
  readonly onRequestError: ErrorHook = (error, request, context, _events, done) => {
    const uuid: unknown = typeof request === 'object' && request !== null ? Reflect.get(request, 'uuid') : undefined;
    const inFlight = typeof uuid === 'string' ? this.#inFlight.get(uuid) : undefined;
    if (typeof uuid === 'string') this.#inFlight.delete(uuid);
    if (inFlight !== undefined) {
      // Measured like every latency: from the request sent to the failure.
      const end = Date.now();
      const durationMs = Math.round(performance.now() - inFlight.start);
      const endpoint = endpointOfRequest(request);
      const thresholdMs = this.#thresholdFor(endpoint, () => sentEndpoint(request));
      if (durationMs > thresholdMs) {
        const code = (error as RequestErrorLike).code;
        this.#report({ time: end, endpoint, status: null, durationMs, ...this.#describe(context) }, thresholdMs, code);
      }
    }
    done();
  };

  #who(agent: unknown): Pick<SlowRequestRecord, 'phase' | 'scenario' | 'userId'> {
    return this.#describe(typeof agent === 'object' && agent !== null ? this.#usersByAgent.get(agent) : undefined);
  }

  #describe(context: VUContext | undefined): Pick<SlowRequestRecord, 'phase' | 'scenario' | 'userId'> {
    const userId = context?.vars[this.#options.userVariable];
    return {
      phase: this.#options.phases?.current ?? null,
      scenario: context?.scenario?.name ?? null,
      userId: typeof userId === 'string' || typeof userId === 'number' ? String(userId) : null,
    };
  }

  #report(fields: SlowRequestRecord, thresholdMs: number, error?: string): void {
    // Fixed key order: the file reads the same whichever path produced the record.
    const record: SlowRequestRecord = {
      time: fields.time,
      phase: fields.phase,
      scenario: fields.scenario,
      endpoint: fields.endpoint,
      status: fields.status,
      durationMs: fields.durationMs,
      userId: fields.userId,
    };
    this.#events?.emit('counter', SLOW_COUNTER_PREFIX + record.endpoint, 1);
    this.#options.writer?.write(record);
    this.#options.limiter.offer(consoleLine(record, thresholdMs, error));
  }
}
