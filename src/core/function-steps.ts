/**
 * The names of a script's `function` steps, at any depth (inside loops and parallel
 * blocks): loadspec's compiled and drawing steps name what they do, and a worker-side
 * plugin registers the function each name describes.
 */
import { isRecord } from './is-record.ts';

export function functionStepNames(scenarios: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (flow: unknown[]): void => {
    for (const step of flow) {
      if (!isRecord(step)) continue;
      if (typeof step['function'] === 'string') found.add(step['function']);
      for (const nested of ['loop', 'parallel']) {
        const inner = step[nested];
        if (Array.isArray(inner)) visit(inner);
      }
    }
  };
  for (const scenario of Array.isArray(scenarios) ? scenarios : []) {
    if (isRecord(scenario) && Array.isArray(scenario['flow'])) visit(scenario['flow']);
  }
  return found;
}
