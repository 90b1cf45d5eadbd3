/**
 * Values drawn per request: a list declared once under `config.variables` and a step
 * `- function: draw <name>` before the request that uses `{{ name }}`. Artillery itself gives
 * each virtual user one item of a list variable, for the whole session; the draw step gives
 * the variable a new item each time it runs, so every request of a session can send a
 * different chat message or food. Items may be maps (`{{ food.name }}`, `{{ food.quantity }}`),
 * so values that belong together are drawn together.
 *
 * The step is plain Artillery: a `function` step whose function the recorder plugin (always on
 * under the runner; `recorder: {}` with a plain `artillery run`) registers in each worker, as
 * it does for `pick`. The name says which variable, so no processor file is needed.
 */
import { functionStepNames } from './function-steps.ts';

const DRAW_STEP = /^\s*draw\s+([A-Za-z_$][\w$]*)\s*$/;

/** The variable a `function: draw <name>` step draws, or null for any other function name. */
export function drawnVariable(functionName: string): string | null {
  return DRAW_STEP.exec(functionName)?.[1] ?? null;
}

type DrawFunction = (context: { vars: Record<string, unknown> }, events: unknown, done: () => void) => void;

/**
 * Worker side: adds the function of every draw step whose variable is a list in
 * `config.variables` to `script.config.processor`. Returns how many were registered.
 */
export function registerValueDraws(script: { config: { processor?: unknown; variables?: unknown }; scenarios?: unknown[] }): number {
  const variables = (typeof script.config.variables === 'object' && script.config.variables !== null ? script.config.variables : {}) as Record<string, unknown>;
  let count = 0;
  for (const name of functionStepNames(script.scenarios)) {
    const variable = drawnVariable(name);
    const list = variable === null ? undefined : variables[variable];
    if (variable === null || !Array.isArray(list) || list.length === 0) continue;
    if (typeof script.config.processor !== 'object' || script.config.processor === null) script.config.processor = {};
    const draw: DrawFunction = (context, _events, done) => {
      context.vars[variable] = list[Math.floor(Math.random() * list.length)];
      done();
    };
    (script.config.processor as Record<string, unknown>)[name] = draw;
    count++;
  }
  return count;
}
