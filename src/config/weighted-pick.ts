/**
 * The `pick` flow step: each time it runs, ONE of its branches runs, chosen at random
 * by weight (Locust's @task weights inside a looping session).
 *
 *   - pick:
 *       - { weight: 80, name: browse, flow: [ { get: { url: /items } } ] }
 *       - { weight: 20, flow: [ { post: { url: /cart } } ] }
 *
 * Artillery has no such step, so it is compiled into plain Artillery steps:
 *
 *   - function: loadspecPick1(80,20)   # draws a branch, sets one list per branch:
 *                                       #   [1] for the chosen branch, [] for the others
 *   - loop: <branch 1 flow>
 *     over: _loadspecPick1_0            # runs once over [1], not at all over []
 *   - loop: <branch 2 flow>
 *     over: _loadspecPick1_1
 *
 * Why `loop ... over`: it is Artillery's only step that can run a nested flow zero
 * times. `loop` with `whileTrue` cannot: its condition is checked after each
 * iteration (do-while), so the body always runs once. The loops use their own
 * index/element variable names so a user's `$loopCount` in an enclosing loop is
 * left alone.
 *
 * Where the draw functions live: a `function` step only names a function of
 * `config.processor`, which exists in Artillery's worker threads only. The recorder
 * plugin (always on under the runner) calls `registerWeightedPicks(script)` in each
 * worker; it reads the weights from the function's name (Artillery's validation
 * allows no other key on a `function` step), so the compiled script is
 * self-describing and needs no processor file.
 */

import { drawStepName, pickVar } from '../core/weighted-pick.ts';
import { isRecord } from '../core/is-record.ts';

/** One branch of a `pick` step as written in YAML. */
export interface PickBranch {
  /** Relative weight, > 0 (branches with weight 0 never run). */
  weight: number;
  /** Shown in errors; optional. */
  name?: string;
  /** The steps to run when this branch is chosen. */
  flow: unknown[];
}

export class WeightedPickError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WeightedPickError';
  }
}

type Step = Record<string, unknown>;

function parseBranches(value: unknown, where: string): PickBranch[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new WeightedPickError(`${where}: pick needs a list of branches, each with a weight and a flow`);
  }
  const branches = value.map((branch: unknown, i): PickBranch => {
    const at = `${where}.pick[${i}]`;
    if (!isRecord(branch)) throw new WeightedPickError(`${at} must be an object with weight and flow`);
    const { weight, flow, name } = branch;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new WeightedPickError(`${at}.weight must be a number >= 0 (got ${JSON.stringify(weight)})`);
    }
    if (!Array.isArray(flow)) throw new WeightedPickError(`${at}.flow must be a list of steps`);
    return { weight, flow, ...(typeof name === 'string' ? { name } : {}) };
  });
  if (branches.every((b) => b.weight === 0)) {
    throw new WeightedPickError(`${where}: at least one pick branch needs a weight above 0`);
  }
  return branches;
}

/**
 * Replaces every `pick` step in `script.scenarios[*].flow` (at any depth: inside
 * loops, parallel blocks and other picks) with plain Artillery steps. Mutates and
 * returns `script`. Throws WeightedPickError with a sentence for a malformed pick.
 */
export function compileWeightedPick<T>(script: T): T {
  if (!isRecord(script) || !Array.isArray(script['scenarios'])) return script;
  let counter = 0;

  const compileFlow = (flow: unknown[], where: string): unknown[] =>
    flow.flatMap((step, i) => compileStep(step, `${where}[${i}]`));

  const compileStep = (step: unknown, where: string): unknown[] => {
    if (!isRecord(step)) return [step];
    if ('pick' in step) {
      const branches = parseBranches(step['pick'], where);
      counter += 1;
      const id = counter;
      const draw: Step = { function: drawStepName(id, branches.map((b) => b.weight)) };
      const loops: Step[] = branches.map((branch, b) => ({
        loop: compileFlow(branch.flow, `${where}.pick[${b}].flow`),
        over: pickVar(id, b),
        loopValue: `_loadspecPick${id}_index`,
        loopElement: `_loadspecPick${id}_element`,
      }));
      return [draw, ...loops];
    }
    if (Array.isArray(step['loop'])) return [{ ...step, loop: compileFlow(step['loop'], `${where}.loop`) }];
    if (Array.isArray(step['parallel'])) return [{ ...step, parallel: compileFlow(step['parallel'], `${where}.parallel`) }];
    return [step];
  };

  script['scenarios'].forEach((scenario: unknown, s) => {
    if (isRecord(scenario) && Array.isArray(scenario['flow'])) {
      scenario['flow'] = compileFlow(scenario['flow'], `scenarios[${s}].flow`);
    }
  });
  return script;
}

