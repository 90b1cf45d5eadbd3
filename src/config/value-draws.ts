/**
 * The config half of value lists (the worker half, and why, is src/core/value-draws.ts):
 * a `function: draw <name>` step must name a list under config.variables, checked at the step.
 */
import { forEachStep } from './checks.ts';
import { drawnVariable } from '../core/value-draws.ts';
import { closest } from '../core/suggest.ts';
import type { Issue } from './explain.ts';
import { formatPath, type PathSegment } from './path.ts';
import { isRecord } from '../core/is-record.ts';

export function checkValueDraws(scenarios: unknown, variables: unknown): Issue[] {
  const declared = isRecord(variables) ? variables : {};
  const lists = Object.keys(declared).filter((name) => Array.isArray(declared[name]));
  const issues: Issue[] = [];
  if (!Array.isArray(scenarios)) return issues;
  scenarios.forEach((scenario: unknown, index) => {
    if (!isRecord(scenario)) return;
    forEachStep(scenario['flow'], ['scenarios', index, 'flow'], (step, path) => {
      const name = step['function'];
      if (typeof name !== 'string' || !/^\s*draw\b/.test(name)) return;
      const at: PathSegment[] = [...path, 'function'];
      const where = formatPath(at);
      const variable = drawnVariable(name);
      const example = lists[0] ?? 'chatMessage';
      if (variable === null) {
        issues.push({ path: at, at: 'value', message: `${where}: "${name}" draws one variable; write "draw <name>" with the name of a list under config.variables, e.g. "draw ${example}"` });
      } else if (!Object.hasOwn(declared, variable)) {
        const near = closest(variable, lists);
        issues.push({ path: at, at: 'value', message: `${where} draws "${variable}", which config.variables does not declare; ${near === undefined ? `declare it there as a list (one "- " line per value)` : `did you mean "${near}"?`}` });
      } else {
        const value = declared[variable];
        if (!Array.isArray(value) || value.length === 0) {
          issues.push({ path: at, at: 'value', message: `${where} draws "${variable}", but config.variables.${variable} is ${Array.isArray(value) ? 'an empty list' : 'a single value'}; make it a list with one "- " line per value` });
        }
      }
    });
  });
  return issues;
}
