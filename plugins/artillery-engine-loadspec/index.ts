/**
 * artillery-engine-loadspec: Artillery's `http` engine on undici. The same YAML, the same
 * events (`trace:http:*`, `started`, `error`, `match`) and the same metric names
 * (`http.requests`, `http.codes.<n>`, `http.responses`, `http.response_time`, `errors.<code>`,
 * `vusers.*` by Artillery itself), so Artillery's console, `ensure`, `expect`,
 * `metrics-by-endpoint` and loadspec's recorder read it as they read Artillery's engine; the
 * generic steps (loop, think, parallel, templates, captures) are Artillery's own `engine_util`.
 *
 * With a plain `artillery run` (NODE_PATH must reach this folder's parent, or install it):
 *
 *   config:
 *     engines:
 *       loadspec: {}
 *   scenarios:
 *     - engine: loadspec
 *       flow: [...]
 *
 * What it cannot run yet is listed in src/core/engine-support.ts; loadspec's runner leaves those
 * scenarios on Artillery's engine and says why.
 */
import { CookieJar } from 'tough-cookie';
import type { Agent } from 'undici';
import type { EngineConfig, EngineScript, EngineUtil, Events, Processor, Step, UserContext } from './artillery-types.ts';
import { isRecord } from './artillery-types.ts';
import { callProcessor } from './call-processor.ts';
import { sharedPool, userConnections } from './connections.ts';
import type { ConnectionSettings, UserConnections } from './connections.ts';
import { responseTimeout, socketTimeout } from './errors.ts';
import type { Timeouts } from './exchange.ts';
import { requestStep } from './request-step.ts';
import type { ScenarioHooks } from './request-step.ts';

/** agentkeepalive's floor for an active socket's inactivity, which Artillery keeps (engine_http.js). */
const SOCKET_IDLE_FLOOR_MS = 8_000;
/** Where each user's connections live on its context (as Artillery keeps its agents there). */
const CONNECTIONS = '_loadspecConnections';

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

export default class LoadspecEngine {
  private readonly config: EngineConfig;
  private readonly util: EngineUtil;
  private readonly settings: ConnectionSettings;
  private readonly pool: Agent | undefined;

  constructor(script: EngineScript, _events: Events, util: EngineUtil) {
    this.config = script.config;
    this.config.defaults ??= {};
    const http = (this.config.http ??= {});
    http.defaults ??= {};
    this.util = util;
    const pool = http.pool === undefined ? undefined : Number(http.pool);
    this.settings = { pool, rejectUnauthorized: this.config.tls?.['rejectUnauthorized'] !== false };
    this.pool = sharedPool(this.settings);
  }

  /** got's response timeout against agentkeepalive's inactivity limit: the first to end the wait names the error. */
  private timeouts(timeoutS: number): Timeouts {
    const configured = this.config.timeout ?? this.config.http?.timeout;
    const socketMs = typeof configured === 'number' ? Math.max(SOCKET_IDLE_FLOOR_MS, configured * 1000) : SOCKET_IDLE_FLOOR_MS;
    const responseMs = timeoutS * 1000;
    const responseFirst = responseMs <= socketMs;
    return {
      headersMs: Math.min(responseMs, socketMs),
      headersError: responseFirst ? () => responseTimeout(responseMs) : () => socketTimeout(socketMs),
      bodyMs: socketMs,
      bodyError: () => socketTimeout(socketMs),
    };
  }

  createScenario(scenario: Record<string, unknown>, events: Events): Step {
    const hooks: ScenarioHooks = { beforeRequest: listOf(scenario['beforeRequest']), afterResponse: listOf(scenario['afterResponse']), onError: listOf(scenario['onError']) };
    const flow = Array.isArray(scenario['flow']) ? (scenario['flow'] as Record<string, unknown>[]) : [];
    // Scenario hooks are function steps around the flow (engine_http.js does the same).
    const steps = [
      ...listOf(scenario['beforeScenario']).map((name) => ({ function: name })),
      ...flow,
      ...listOf(scenario['afterScenario']).map((name) => ({ function: name })),
    ].map((spec) => this.step(spec, events, hooks));
    return this.compile(steps, events);
  }

  private processor(): Processor {
    return isRecord(this.config.processor) ? (this.config.processor as Processor) : {};
  }

  step(spec: Record<string, unknown>, events: Events, hooks: ScenarioHooks): Step {
    const util = this.util;
    if (Array.isArray(spec['loop'])) {
      const steps = (spec['loop'] as Record<string, unknown>[]).map((s) => this.step(s, events, hooks));
      const whileTrue = typeof spec['whileTrue'] === 'string' ? this.processor()[spec['whileTrue']] : undefined;
      return util.createLoopWithCount(spec['count'] ?? -1, steps, {
        loopValue: spec['loopValue'] ?? '$loopCount',
        loopElement: spec['loopElement'] ?? '$loopElement',
        overValues: spec['over'],
        whileTrue,
      });
    }
    if (Array.isArray(spec['parallel'])) {
      const steps = (spec['parallel'] as Record<string, unknown>[]).map((s) => this.step(s, events, hooks));
      return util.createParallel(steps, { limitValue: spec['limit'] });
    }
    if (spec['think'] !== undefined) return util.createThink(spec, this.config.http?.defaults?.['think'] ?? this.config.defaults?.['think']);
    if (spec['log'] !== undefined) {
      return (context, callback) => {
        console.log(util.template(spec['log'], context));
        process.nextTick(callback, null, context);
      };
    }
    if (spec['function'] !== undefined) {
      const name = String(spec['function']);
      return (context, callback) => {
        const fn = this.processor()[name];
        if (fn === undefined) {
          events.emit('error', `Undefined function "${name}"`);
          return process.nextTick(callback, null, context);
        }
        callProcessor(fn, [context, events], (error) => callback(error ? (error as Error) : null, context));
        return undefined;
      };
    }
    return requestStep(spec, {
      config: this.config,
      util,
      events,
      hooks,
      timeouts: (s) => this.timeouts(s),
      connections: (context) => context[CONNECTIONS] as UserConnections,
    });
  }

  /** A user's own state, as engine_http.js's setInitialContext sets it up. */
  private startUser(context: UserContext): UserConnections {
    context._successCount = 0;
    const defaults = this.config.http?.defaults ?? {};
    context._defaultStrictCapture = !(defaults['strictCapture'] === false || this.config.defaults?.['strictCapture'] === false);
    // Made on first use: most users never receive a cookie, and thousands start every second.
    const jarOptions = isRecord(this.config.http?.['cookieJarOptions']) ? this.config.http['cookieJarOptions'] : {};
    let jar: CookieJar | undefined;
    Object.defineProperty(context, '_jar', {
      configurable: true,
      enumerable: true,
      get: () => (jar ??= new CookieJar(null, jarOptions)),
      set: (value: CookieJar) => {
        jar = value;
      },
    });
    context['_enableCookieJar'] = false;
    const cookie = isRecord(defaults['cookie']) ? defaults['cookie'] : this.config.defaults?.['cookie'];
    if (isRecord(cookie)) {
      context['_defaultCookie'] = cookie;
      context['_enableCookieJar'] = true;
    }
    const connections = userConnections(this.settings, this.pool);
    context[CONNECTIONS] = connections;
    // Where Artillery keeps the user's agent: plugins tell users apart by it (slow-requests).
    context['_httpAgent'] = connections;
    return connections;
  }

  private compile(steps: Step[], events: Events): Step {
    return (initial, callback) => {
      const connections = this.startUser(initial);
      events.emit('started');
      let i = 0;
      const next = (error: Error | null | undefined, context: UserContext = initial): void => {
        if (error) {
          connections.close();
          const code: unknown = Reflect.get(error, 'code');
          events.emit('error', typeof code === 'string' && code !== '' ? code : error.message);
          return callback(error, context);
        }
        const step = steps[i++];
        if (step === undefined) {
          connections.close();
          return callback(null, context);
        }
        try {
          step(context, next);
        } catch (thrown) {
          // A step that throws (an invalid think time) fails the user, as in Artillery.
          next(thrown instanceof Error ? thrown : new Error(String(thrown)), context);
        }
      };
      next(null);
    };
  }
}
