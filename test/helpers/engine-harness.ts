/**
 * Runs one virtual user of a script's scenario on an HTTP engine, inside this process: Artillery's
 * own `http` engine (core/engine_http.js, on got) or loadspec's undici engine, each built the way
 * Artillery's runner builds engines (core/runner.js) and given the same context. For comparing
 * the engines request by request without starting Artillery for every script.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import LoadspecEngine from '../../plugins/artillery-engine-loadspec/index.ts';
import type { EngineScript, EngineUtil, Step, UserContext } from '../../plugins/artillery-engine-loadspec/artillery-types.ts';

export type EngineKind = 'artillery' | 'undici';

const require = createRequire(import.meta.url);
const artilleryDir = path.dirname(require.resolve('artillery/package.json'));
const fromArtillery = (file: string): Promise<unknown> => import(pathToFileURL(path.join(artilleryDir, 'dist/lib', file)).href);

interface Engine {
  createScenario(spec: Record<string, unknown>, events: EventEmitter): Step;
  init?(): Promise<void>;
}

let loaded: { Http: new (script: EngineScript) => Engine; util: EngineUtil } | undefined;

async function artillery(): Promise<{ Http: new (script: EngineScript) => Engine; util: EngineUtil }> {
  if (loaded !== undefined) return loaded;
  const http = (await fromArtillery('core/engine_http.js')) as { default: new (script: EngineScript) => Engine };
  const commons = (await fromArtillery('commons/index.js')) as { engine_util: EngineUtil };
  loaded = { Http: http.default, util: commons.engine_util };
  return loaded;
}

export interface UserRun {
  /** The error the user ended with (Artillery's `errors.<name>`), or null. */
  error: string | null;
  /** False when the user had not finished within the time limit. */
  finished: boolean;
  /** Counters the engine emitted (`http.requests`, `http.codes.200`, ...), summed. */
  counters: Map<string, number>;
}

/** A user's starting variables as Artillery's createContext makes them, with the random parts fixed. */
function startingContext(script: EngineScript): UserContext {
  const vars: Record<string, unknown> = { target: script.config.target, $environment: undefined, $processEnvironment: {}, $env: {}, $uuid: '00000000-0000-4000-8000-000000000000' };
  const variables = script.config['variables'];
  if (typeof variables === 'object' && variables !== null) {
    for (const [k, v] of Object.entries(variables)) vars[k] = Array.isArray(v) ? v[0] : v;
  }
  const context: UserContext = { vars };
  context['funcs'] = {
    $randomNumber: (min: number) => min,
    $randomString: (length = 10) => 'r'.repeat(length),
    $template: (input: unknown) => loaded?.util.template(input, { vars }),
  };
  context['_uid'] = vars['$uuid'];
  return context;
}

/** `script` must not be reused: engines change the scenarios they compile. */
export async function runOneUser(kind: EngineKind, script: EngineScript, scenarioIndex: number, timeoutMs: number): Promise<UserRun> {
  const [run] = await runUsers(kind, script, scenarioIndex, 1, timeoutMs);
  if (run === undefined) throw new Error('no user ran');
  return run;
}

/** `count` users of one scenario at once, on one engine (as one Artillery worker runs them). */
export async function runUsers(kind: EngineKind, script: EngineScript, scenarioIndex: number, count: number, timeoutMs: number): Promise<UserRun[]> {
  const { Http, util } = await artillery();
  const events = new EventEmitter();
  const counters = new Map<string, number>();
  events.on('counter', (name: string, value: number) => counters.set(name, (counters.get(name) ?? 0) + value));
  const errors: string[] = [];
  events.on('error', (name: string) => errors.push(name));
  let engine: Engine;
  if (kind === 'artillery') {
    engine = new Http(script);
    await engine.init?.();
  } else {
    engine = new LoadspecEngine(script, events, util);
  }
  const scenario = script.scenarios?.[scenarioIndex] ?? {};
  const user = engine.createScenario(scenario, events);
  const one = (): Promise<UserRun> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ error: null, finished: false, counters }), timeoutMs);
      user(startingContext(script), (error) => {
        clearTimeout(timer);
        const code: unknown = error ? Reflect.get(error, 'code') : undefined;
        resolve({ error: error ? (typeof code === 'string' ? code : error.message) : null, finished: true, counters });
      });
    });
  return Promise.all(Array.from({ length: count }, one));
}
