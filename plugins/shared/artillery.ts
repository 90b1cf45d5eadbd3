/**
 * The parts of Artillery's runtime objects that loadspec plugins touch, typed once.
 * Artillery ships no types for them; everything else stays `unknown`.
 */

/** A load phase as written in the script; workers also see their share (`worker`, `totalWorkers`). */
export interface PhaseSpec {
  name?: string;
  index?: number;
  /** 1-based index of the worker thread this copy of the phase runs on. */
  worker?: number;
  totalWorkers?: number;
}

export interface ScenarioSpec {
  name?: string;
  beforeScenario?: string | string[];
  beforeRequest?: string | string[];
  afterResponse?: string | string[];
  onError?: string | string[];
  [key: string]: unknown;
}

export interface HeaderDefaults {
  headers?: Record<string, string>;
  [key: string]: unknown;
}

export interface ScriptConfig {
  target?: string;
  phases?: PhaseSpec[];
  plugins?: Record<string, unknown>;
  /** An object of functions in workers; may still be a path (string) in the main process. */
  processor?: Record<string, unknown> | string;
  defaults?: HeaderDefaults;
  http?: { defaults?: HeaderDefaults; pool?: number | string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ArtilleryScript {
  config: ScriptConfig;
  scenarios?: ScenarioSpec[];
}

/** What a plugin or hook needs from an Artillery event emitter. */
export interface ArtilleryEvents {
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): boolean;
}

/** A virtual user's context, as hooks receive it. */
export interface VUContext {
  vars: Record<string, unknown>;
  scenario?: { name?: string };
  /** The VU's own HTTP agent (one per VU unless `config.http.pool` is set). */
  _httpAgent?: object;
}

export type HookDone = (error?: Error) => void;

/** A `function` step / beforeScenario hook (callback style: a plain function returning a Promise hangs the VU). */
export type ScenarioHook = (context: VUContext, events: ArtilleryEvents, done: HookDone) => void;

/** A scenario-level onError hook: runs for network errors and timeouts (no response). */
export type ErrorHook = (error: unknown, request: unknown, context: VUContext, events: ArtilleryEvents, done: HookDone) => void;

/** Artillery's process-wide object (`global.artillery`). */
export interface ArtilleryGlobal {
  suggestedExitCode?: number;
  log?: (...args: unknown[]) => void;
}

export function artilleryGlobal(): ArtilleryGlobal | undefined {
  const value: unknown = Reflect.get(globalThis, 'artillery');
  return typeof value === 'object' && value !== null ? (value as ArtilleryGlobal) : undefined;
}
