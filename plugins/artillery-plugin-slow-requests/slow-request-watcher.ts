/**
 * Worker side: watches every response for slowness at the cost of one listener call
 * and one comparison per response.
 *
 * Why not an afterResponse hook: any scenario-level afterResponse hook makes Artillery
 * buffer every response body and run an async hook chain per request. Instead we
 * listen to `trace:http:response`, which Artillery's HTTP engine emits for every
 * response on the shared scenario emitter, with the response carrying got's timings
 * and its request (method, path, agent). The virtual user is found through its HTTP
 * agent (one per VU, registered by a beforeScenario hook): no per-request hook at all.
 */
import type { ArtilleryEvents, HookDone, VUContext } from '../shared/artillery.ts';
import { endpointName } from '../shared/endpoint.ts';
import type { JsonLinesWriter } from '../shared/json-lines-writer.ts';
import type { PhaseTracker } from '../shared/phase-channel.ts';
import type { ConsoleLimiter } from './console-limiter.ts';
import type { SlowRequestSettings } from './settings.ts';

/** What we read from got's response (IncomingMessage + timings). */
interface ResponseLike {
  statusCode?: number;
  timings?: { response?: number; phases?: { firstByte?: number } };
  req?: { method?: string; path?: string; agent?: unknown };
}

/** What we read from got's RequestError (timeouts, resets, refused connections). */
interface RequestErrorLike {
  code?: string;
  timings?: { start?: number; error?: number };
  options?: { method?: string; url?: unknown; agent?: { http?: unknown; https?: unknown } };
}

/** One slow-request record (same shape as SlowRequest in src/results/types.ts). */
export interface SlowRequestRecord {
  time: number;
  phase: string | null;
  scenario: string | null;
  endpoint: string;
  status: number | null;
  durationMs: number;
  userId: string | null;
}

export const SLOW_COUNTER_PREFIX = 'loadspec.slow.';

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

function timeOfDay(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function consoleLine(record: SlowRequestRecord, thresholdMs: number, error?: string): string {
  const outcome = record.status === null ? (error ?? 'no response') : String(record.status);
  const user = record.userId === null ? '' : ` user ${record.userId}`;
  return `slow request ${timeOfDay(record.time)} ${record.endpoint} ${outcome} ${record.durationMs} ms (limit ${thresholdMs} ms)${user}`;
}

export class SlowRequestWatcher {
  readonly #options: WatcherOptions;
  readonly #minThresholdMs: number;
  readonly #usersByAgent = new WeakMap<object, VUContext>();
  #events: ArtilleryEvents | null = null;

  constructor(options: WatcherOptions) {
    this.#options = options;
    this.#minThresholdMs = Math.min(options.settings.thresholdMs, ...options.settings.endpointThresholdsMs.values());
  }

  /** The beforeScenario hook: subscribe once, and remember which agent belongs to this VU. */
  readonly onScenarioStart = (context: VUContext, events: ArtilleryEvents, done: HookDone): void => {
    if (this.#events === null) {
      this.#events = events;
      events.on('trace:http:response', (res: unknown) => this.#onResponse(res as ResponseLike));
      events.on('trace:http:error', (error: unknown) => this.#onError(error as RequestErrorLike));
    }
    if (this.#options.agentsPerUser && typeof context._httpAgent === 'object') {
      this.#usersByAgent.set(context._httpAgent, context);
    }
    done();
  };

  #thresholdFor(endpoint: string): number {
    return this.#options.settings.endpointThresholdsMs.get(endpoint) ?? this.#options.settings.thresholdMs;
  }

  #onResponse(res: ResponseLike): void {
    const durationMs = res.timings?.phases?.firstByte;
    if (durationMs === undefined || durationMs <= this.#minThresholdMs) return;
    const endpoint = endpointName(res.req?.method ?? 'GET', res.req?.path ?? '/');
    const thresholdMs = this.#thresholdFor(endpoint);
    if (durationMs <= thresholdMs) return;
    this.#report(
      {
        time: res.timings?.response ?? Date.now(),
        endpoint,
        status: res.statusCode ?? null,
        durationMs,
        ...this.#who(res.req?.agent),
      },
      thresholdMs,
    );
  }

  #onError(error: RequestErrorLike): void {
    const start = error.timings?.start;
    if (start === undefined) return;
    const end = error.timings?.error ?? Date.now();
    const durationMs = end - start;
    if (durationMs <= this.#minThresholdMs) return;
    const url = error.options?.url;
    const endpoint = endpointName(error.options?.method ?? 'GET', url instanceof URL ? url.pathname : String(url ?? '/'));
    const thresholdMs = this.#thresholdFor(endpoint);
    if (durationMs <= thresholdMs) return;
    const agent = error.options?.agent;
    this.#report(
      { time: end, endpoint, status: null, durationMs, ...this.#who(agent?.http ?? agent?.https) },
      thresholdMs,
      error.code,
    );
  }

  #who(agent: unknown): Pick<SlowRequestRecord, 'phase' | 'scenario' | 'userId'> {
    const context = typeof agent === 'object' && agent !== null ? this.#usersByAgent.get(agent) : undefined;
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
