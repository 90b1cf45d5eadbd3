/**
 * Flow values that are a `{{ variable }}` whose value config.variables gives, checked
 * where the variable is written.
 *
 * `think: "{{ thinkSeconds }}"` with `config.variables.thinkSeconds: 1.5`: Artillery
 * renders the template to the string "1.5" and, as it is not a whole number, reads
 * it as 1.5 milliseconds. loadspec means seconds: the value is checked where the
 * variable is written, and the compiled step says `"{{ thinkSeconds }}s"` so that
 * Artillery waits 1.5 s. Values with a unit ("1.5s", "500ms") pass through as written, and so
 * does a list of whole seconds and durations (["1", "500ms"]: Artillery reads "1" as 1 s); a
 * bare fraction among durations is refused, as no rewrite can give it its unit there.
 *
 * `count: "{{ sessionRequests }}"` on a loop: Artillery runs a loop whose rendered count
 * is not a number 0 times, and one of -1 forever, so the value must be a whole number of 1 or more.
 */
import { forEachStep } from './checks.ts';
import { checkValueDraws } from './value-draws.ts';
import { parseDuration } from '../core/durations.ts';
import type { Issue } from './explain.ts';
import { formatPath, type PathSegment } from './path.ts';
import { isRecord } from '../core/is-record.ts';

const VARIABLE_TEMPLATE = /^\s*\{\{\s*([A-Za-z_][\w]*)\s*\}\}\s*$/;
const BARE_NUMBER = /^\s*\d+(\.\d+)?\s*$/;

/** The variable a think step is exactly a template of (`"{{ name }}"`), if any. */
export function thinkVariable(think: unknown): string | undefined {
  return typeof think === 'string' ? VARIABLE_TEMPLATE.exec(think)?.[1] : undefined;
}

/** A number of seconds without a unit: the values Artillery would misread when fractional. */
const isBare = (value: unknown): boolean => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && BARE_NUMBER.test(value));

/** Seconds a value means as a think time (bare numbers are seconds), or undefined when it is none. */
function thinkSeconds(value: unknown): number | undefined {
  if (isBare(value)) return Number(value);
  return typeof value === 'string' ? parseDuration(value) : undefined;
}

/** A variable's value(s): a list gives each virtual user one of its items. */
const valuesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

interface VariableUse {
  step: Record<string, unknown>;
  path: PathSegment[];
  name: string;
}

/** A value rendered when the run starts (itself a template): unknown at validation. */
const isTemplated = (value: unknown): boolean => valuesOf(value).some((item) => typeof item === 'string' && item.includes('{{'));

/** Steps whose `key` (think, or a loop's count) is a variable whose value config.variables gives. */
function variableUses(scenarios: unknown, variables: Record<string, unknown>, key: 'think' | 'count'): VariableUse[] {
  const uses: VariableUse[] = [];
  if (!Array.isArray(scenarios)) return uses;
  scenarios.forEach((scenario: unknown, index) => {
    if (!isRecord(scenario)) return;
    forEachStep(scenario['flow'], ['scenarios', index, 'flow'], (step, path) => {
      const name = thinkVariable(step[key]);
      if (name !== undefined && Object.hasOwn(variables, name) && !isTemplated(variables[name])) uses.push({ step, path: [...path, key], name });
    });
  });
  return uses;
}

const isWholeCount = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isInteger(value) && value >= 1) || (typeof value === 'string' && /^\s*\d+\s*$/.test(value) && Number(value) >= 1);

/** Values of config.variables that a loop's count repeats by but that are no whole number of times. */
function checkCountVariables(scenarios: unknown, variables: Record<string, unknown>, where: (path: PathSegment[]) => string): Issue[] {
  const issues: Issue[] = [];
  const reported = new Set<string>();
  for (const use of variableUses(scenarios, variables, 'count')) {
    const value = variables[use.name];
    const bad = valuesOf(value).findIndex((item) => !isWholeCount(item));
    if (bad === -1 || reported.has(use.name)) continue;
    reported.add(use.name);
    const at: PathSegment[] = Array.isArray(value) ? ['config', 'variables', use.name, bad] : ['config', 'variables', use.name];
    const shown = JSON.stringify(valuesOf(value)[bad]);
    issues.push({ path: at, at: 'value', message: `${formatPath(at)} is ${shown}, but the loop at ${where(use.path)} repeats that many times; write a whole number of 1 or more` });
  }
  return issues;
}

/**
 * Values of config.variables that a think step waits for but that are no time, or
 * that a loop repeats by but that are no count; placed at the variable. `where` names
 * the step for the sentence (by default its path).
 */
export function checkVariableValues(scenarios: unknown, variables: unknown, where: (path: PathSegment[]) => string = formatPath): Issue[] {
  const draws = checkValueDraws(scenarios, variables);
  if (!isRecord(variables)) return draws;
  return [...checkThinkVariables(scenarios, variables, where), ...checkCountVariables(scenarios, variables, where), ...draws];
}

function checkThinkVariables(scenarios: unknown, variables: Record<string, unknown>, where: (path: PathSegment[]) => string): Issue[] {
  const issues: Issue[] = [];
  const reported = new Set<string>();
  for (const use of variableUses(scenarios, variables, 'think')) {
    if (reported.has(use.name)) continue;
    const value = variables[use.name];
    const list = valuesOf(value);
    const at = (i: number): PathSegment[] => (Array.isArray(value) ? ['config', 'variables', use.name, i] : ['config', 'variables', use.name]);
    const bad = list.findIndex((item) => {
      const seconds = thinkSeconds(item);
      return seconds === undefined || !(seconds > 0);
    });
    // Artillery reads a whole number as seconds and a duration as written, so a list of both
    // runs as written; only a bare fraction ("1.5", read as 1.5 ms) cannot be rewritten there.
    const fraction = list.some((item) => !isBare(item)) ? list.findIndex((item) => isBare(item) && !Number.isInteger(Number(item))) : -1;
    if (bad === -1 && fraction === -1) continue;
    reported.add(use.name);
    const index = bad === -1 ? fraction : bad;
    const variable = formatPath(at(index));
    const step = `the think step at ${where(use.path)}`;
    const shown = JSON.stringify(list[index]);
    const message =
      bad === -1
        ? `${variable} is ${shown}, which Artillery reads as ${String(list[index])} milliseconds, and ${step} waits for it; next to durations it cannot be read as seconds: write "${String(list[index])}s"`
        : `${variable} is ${shown}, but ${step} waits for it; write seconds above zero (e.g. 10 or 1.5) or a duration like "500ms"`;
    issues.push({ path: at(index), at: 'value', message });
  }
  return issues;
}

/**
 * Rewrites, in place, each think step that waits for a variable holding bare
 * numbers to `"{{ name }}s"`, so Artillery reads seconds ("1.5s") and not
 * milliseconds ("1.5"). Returns how many steps were rewritten.
 */
export function thinkVariablesInSeconds(scenarios: unknown, variables: unknown): number {
  if (!isRecord(variables)) return 0;
  let count = 0;
  for (const use of variableUses(scenarios, variables, 'think')) {
    if (!valuesOf(variables[use.name]).every(isBare)) continue;
    use.step['think'] = `{{ ${use.name} }}s`;
    count += 1;
  }
  return count;
}
