/**
 * The worker half of the `pick` step (the compile half is src/config/weighted-pick.ts, which
 * explains the compiled form): the name of a compiled draw step, reading it back, and the draw
 * functions the recorder plugin registers in each Artillery worker. Here, in the ground floor,
 * so the plugin needs nothing from src/config.
 */

import { functionStepNames } from './function-steps.ts';
import { isRecord } from './is-record.ts';

/** What a compiled draw step's name says: `loadspecPick<id>(<w1>,<w2>,...)`. */
export interface CompiledPick {
  weights: number[];
  /** One context variable per branch, set to [1] (chosen) or [] (not chosen). */
  vars: string[];
}

const PICK_NAME = /^loadspecPick(\d+)\(([^()]*)\)$/;

export const pickVar = (id: number, branch: number): string => `_loadspecPick${id}_${branch}`;

/** The name of a compiled draw step: `loadspecPick<id>(<w1>,<w2>,...)`. */
export const drawStepName = (id: number, weights: readonly number[]): string => `loadspecPick${id}(${weights.join(',')})`;

const CHOSEN: readonly number[] = Object.freeze([1]);
const NOT_CHOSEN: readonly number[] = Object.freeze([]);

type Step = Record<string, unknown>;

/** Picks an index with probability weight / sum(weights); `random` in [0, 1). */
export function drawBranch(weights: readonly number[], random: number = Math.random()): number {
  let total = 0;
  for (const w of weights) total += w;
  let point = random * total;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (point < w) return i;
    point -= w;
  }
  // Rounding can leave `point` a hair above the last weight: take the last non-zero branch.
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
  return 0;
}

type PickFunction = (context: { vars: Record<string, unknown> }, events: unknown, done: () => void) => void;

function pickFunction(pick: CompiledPick): PickFunction {
  return function loadspecPick(context, _events, done) {
    const chosen = drawBranch(pick.weights);
    pick.vars.forEach((name, i) => {
      context.vars[name] = i === chosen ? CHOSEN : NOT_CHOSEN;
    });
    done();
  };
}

/** The pick a compiled draw step's function name describes, or null for any other name. */
export function readCompiledPick(functionName: string): CompiledPick | null {
  const match = PICK_NAME.exec(functionName);
  if (match === null) return null;
  const weights = (match[2] ?? '').split(',').map(Number);
  if (weights.length === 0 || !weights.every((w) => Number.isFinite(w) && w >= 0)) return null;
  const id = Number(match[1]);
  return { weights, vars: weights.map((_, b) => pickVar(id, b)) };
}

/**
 * Worker side: adds the draw function of every compiled pick step to
 * `script.config.processor`. Returns how many were registered.
 */
export function registerWeightedPicks(script: { config: { processor?: unknown }; scenarios?: unknown[] }): number {
  const found = new Map<string, CompiledPick>();
  for (const name of functionStepNames(script.scenarios)) {
    const pick = readCompiledPick(name);
    if (pick !== null) found.set(name, pick);
  }
  if (found.size === 0) return 0;
  if (!isRecord(script.config.processor)) script.config.processor = {};
  const processor = script.config.processor as Step;
  for (const [name, pick] of found) processor[name] = pickFunction(pick);
  return found.size;
}
