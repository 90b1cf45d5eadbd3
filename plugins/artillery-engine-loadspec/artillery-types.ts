/**
 * The parts of Artillery's engine contract this engine touches, typed once: the helpers
 * (`engine_util`) Artillery hands every engine's constructor, a virtual user's context,
 * and the request steps and hooks of a scenario. Artillery ships no types for them.
 */
/** A compiled step: runs with the user's context and calls back with it (or an error). */
export type Step = (context: UserContext, callback: StepCallback) => void;
export type StepCallback = (error: Error | null | undefined, context?: UserContext) => void;

/** What `captureOrMatch` reports for one response (engine_util.js). */
export interface CaptureResult {
  captures: Record<string, { value?: unknown; failed?: boolean; strict?: boolean }>;
  matches: Record<string, { success?: boolean; strict?: boolean; expected?: unknown; got?: unknown; expression?: string }>;
}

/** Artillery's `engine_util`, passed as the third constructor argument of every engine (core/runner.js). */
export interface EngineUtil {
  template(value: unknown, context: UserContext): unknown;
  createThink(spec: Record<string, unknown>, defaultThink: unknown): Step;
  createLoopWithCount(count: unknown, steps: Step[], options: Record<string, unknown>): Step;
  createParallel(steps: Step[], options: { limitValue?: unknown }): Step;
  isProbableEnough(params: Record<string, unknown>): boolean;
  captureOrMatch(
    params: Record<string, unknown>,
    response: { headers: Record<string, unknown>; body: string },
    context: UserContext,
    done: (error: Error | null, result: CaptureResult | null) => void,
  ): void;
}

/** A virtual user's context as Artillery creates it, plus what this engine keeps on it. */
export interface UserContext {
  vars: Record<string, unknown>;
  _successCount?: number;
  _defaultStrictCapture?: boolean;
  [key: string]: unknown;
}

/** A processor function as steps and hooks call it: callback style, or async (returns a Promise). */
export type ProcessorFunction = (...args: unknown[]) => unknown;

export type Processor = Record<string, ProcessorFunction | undefined>;

export interface EngineScript {
  config: EngineConfig;
  scenarios?: Record<string, unknown>[];
}

export interface EngineConfig {
  target?: string;
  processor?: Processor | string;
  timeout?: number;
  http?: Record<string, unknown> & { defaults?: Record<string, unknown>; pool?: number | string; timeout?: number };
  defaults?: Record<string, unknown>;
  tls?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The scenario events emitter Artillery hands `createScenario`: this engine only emits on it. */
export interface Events {
  emit(event: string, ...args: unknown[]): boolean;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
