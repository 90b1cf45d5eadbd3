/**
 * A request step (`- get: {...}`), in engine_http.js's order: probability and `ifTrue`, the
 * beforeRequest hooks (scenario's, then the step's) on the request params, templating, the
 * exchange, then captures and matches, the afterResponse hooks, and the step's verdict (a
 * failed capture or match ends the user). A failed request runs the scenario's onError hooks
 * and ends the user, as in Artillery.
 */
import { randomUUID } from 'node:crypto';
import { compileExpression } from 'filtrex';
import type { EngineConfig, EngineUtil, Events, Processor, ProcessorFunction, Step, UserContext } from './artillery-types.ts';
import { isRecord } from './artillery-types.ts';
import { callEach } from './call-processor.ts';
import { RequestFailure } from './errors.ts';
import { exchange } from './exchange.ts';
import type { Timeouts } from './exchange.ts';
import { prepareRequest, withBase } from './prepare-request.ts';
import type { EngineResponse } from './response.ts';
import type { UserConnections } from './connections.ts';

export interface ScenarioHooks {
  beforeRequest: string[];
  afterResponse: string[];
  onError: string[];
}

export interface RequestStepSettings {
  config: EngineConfig;
  util: EngineUtil;
  events: Events;
  hooks: ScenarioHooks;
  /** Timeouts for a request whose `timeout` (s) is this. */
  timeouts: (timeoutS: number) => Timeouts;
  /** The context's connections (set up when the user started). */
  connections: (context: UserContext) => UserConnections;
}

const processorOf = (config: EngineConfig): Processor => (isRecord(config.processor) ? (config.processor as Processor) : {});

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/** `ifTrue`: a processor function's name or a filtrex expression over the user's variables; a broken expression lets the request go. */
function passes(condition: unknown, context: UserContext, processor: Processor): boolean {
  try {
    const named = typeof condition === 'string' ? processor[condition] : undefined;
    const check = named ?? compileExpression(String(condition));
    return Boolean(check(context.vars));
  } catch {
    return true;
  }
}

/** Sets `path` ("a.b") in `target`, as lodash `set` does for captures. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    if (!isRecord(child)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? path] = value;
}

export function requestStep(spec: Record<string, unknown>, settings: RequestStepSettings): Step {
  const { config, util, events, hooks } = settings;
  const methodKey = Object.keys(spec)[0] ?? 'get';
  const method = methodKey.toUpperCase();
  const params = (isRecord(spec[methodKey]) ? spec[methodKey] : {}) as Record<string, unknown>;
  const stepHooks = { beforeRequest: [...hooks.beforeRequest, ...listOf(params['beforeRequest'])], afterResponse: [...hooks.afterResponse, ...listOf(params['afterResponse'])] };
  const processes = params['capture'] !== undefined || params['match'] !== undefined || stepHooks.afterResponse.length > 0 || Boolean(process.env['DEBUG']);

  return (context, callback) => {
    const processor = processorOf(config);
    const lookup = (name: string): ProcessorFunction => {
      const fn = processor[String(util.template(name, context))];
      if (fn !== undefined) return fn;
      console.log(`WARNING: custom function ${name} could not be found`);
      return (...args: unknown[]) => (args[args.length - 1] as (e?: unknown) => void)();
    };
    const failWith = (error: unknown, requestParams: Record<string, unknown>): void => {
      callEach(hooks.onError, lookup, [error, requestParams, context, events], () => callback(error as Error, context));
    };

    if (!params['url'] && !params['uri']) return callback(new Error('an URL must be specified'), context);
    if (!util.isProbableEnough(params)) return process.nextTick(callback, null, context);
    if (params['ifTrue'] !== undefined && !passes(params['ifTrue'], context, processor)) return process.nextTick(callback, null, context);

    const timeoutS = Number(config.timeout || config.http?.timeout || 10);
    const requestParams: Record<string, unknown> = { ...params, url: withBase(params['url'] ?? params['uri'], config), method, timeout: timeoutS, uuid: randomUUID() };
    if (context['_enableCookieJar'] === true) requestParams['cookieJar'] = context['_jar'];

    callEach(stepHooks.beforeRequest, lookup, [requestParams, context, events], (hookError) => {
      if (hookError) return callback(hookError as Error, context);
      const prepared = prepareRequest(requestParams, params, context, config, util);
      if (prepared instanceof Error) return callback(prepared, context);
      // got refuses to send these (allowGetBody is off): the request fails before anything is sent.
      if ((prepared.method === 'GET' || prepared.method === 'HEAD') && prepared.body !== undefined) {
        return failWith(new RequestFailure('ERR_GOT_REQUEST_ERROR', `The \`${prepared.method}\` method cannot be used with a body`), requestParams);
      }
      const uuid = String(requestParams['uuid']);
      const timeouts = settings.timeouts(Number(requestParams['timeout']) || timeoutS);
      exchange(
        { prepared, params: requestParams, uuid, events, user: settings.connections(context), context, timeouts, keepBody: processes },
        (error, response) => {
          if (error !== null || response === undefined) return failWith(error, requestParams);
          if (!processes) return callback(null, context);
          afterResponse(response, requestParams, uuid);
        },
      );
    });

    const afterResponse = (response: EngineResponse, requestParams: Record<string, unknown>, uuid: string): void => {
      util.captureOrMatch(params, { headers: response.headers, body: response.body ?? '' }, context, (captureError, result) => {
        if (captureError) return failWith(captureError, requestParams);
        let failed = false;
        if (result !== null) {
          events.emit('trace:http:capture', result, uuid);
          failed =
            Object.values(result.matches).some((m) => !m.success && m.strict !== false) || Object.values(result.captures).some((c) => c.failed === true);
          if (!failed) {
            for (const m of Object.values(result.matches)) events.emit('match', m.success, { expected: m.expected, got: m.got, expression: m.expression, strict: m.strict });
            for (const [name, c] of Object.entries(result.captures)) setPath(context.vars, name, c.value);
          }
        }
        callEach(stepHooks.afterResponse, lookup, [requestParams, response, context, events], (hookError) => {
          if (hookError) return callback(hookError as Error, context);
          if (failed) return callback(new Error('Failed capture or match'), context);
          callback(null, context);
        });
      });
    };
    return undefined;
  };
}
