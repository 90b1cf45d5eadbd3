/**
 * Every processor function the YAML names — `function:` steps, the hooks `beforeScenario`,
 * `afterScenario`, `beforeRequest`, `afterResponse`, `onError` (on a scenario or a request)
 * and a loop's `whileTrue` — must be a function the processor exports: Artillery only logs
 * "Undefined function" (or "custom function ... could not be found") and goes on, so a
 * misspelt name would silently skip what it does. loadspec's own steps (`draw <name>`) are
 * not processor functions.
 */
import { closest } from '../../core/suggest.ts';
import type { Issue } from '../explain.ts';
import { formatPath, type PathSegment } from '../path.ts';
import { isRecord } from '../../core/is-record.ts';

type Data = Record<string, unknown>;

const HOOKS = ['beforeScenario', 'afterScenario', 'beforeRequest', 'afterResponse', 'onError'];

/** A function name the YAML writes, and where. */
export interface NamedFunction {
  name: string;
  path: PathSegment[];
}

function namesAt(value: unknown, at: PathSegment[], into: NamedFunction[]): void {
  if (typeof value === 'string') into.push({ name: value, path: at });
  else if (Array.isArray(value)) value.forEach((item: unknown, i) => typeof item === 'string' && into.push({ name: item, path: [...at, i] }));
}

function visit(node: unknown, at: PathSegment[], into: NamedFunction[]): void {
  if (Array.isArray(node)) {
    node.forEach((item: unknown, i) => visit(item, [...at, i], into));
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'function' || key === 'whileTrue' || HOOKS.includes(key)) namesAt(value, [...at, key], into);
    else if (typeof value === 'object' && value !== null) visit(value, [...at, key], into);
  }
}

/** The processor functions named by the scenarios and the `before` / `after` flows (templated names left out). */
export function namedFunctions(script: Data): NamedFunction[] {
  const found: NamedFunction[] = [];
  for (const key of ['before', 'after', 'scenarios']) visit(script[key], [key], found);
  return found.filter((f) => !f.name.includes('{{') && !/^\s*draw\b/.test(f.name));
}

/**
 * Names the processor does not export. `functions` is what it exports, or undefined when
 * there is no processor; `processorShown` names it in the sentence.
 */
export function checkFunctionNames(script: Data, functions: readonly string[] | undefined, processorShown: string | undefined): Issue[] {
  const issues: Issue[] = [];
  for (const named of namedFunctions(script)) {
    const where = formatPath(named.path);
    if (functions === undefined) {
      issues.push({ path: named.path, at: 'value', message: `${where} names the function "${named.name}", but there is no config.processor, so Artillery would skip it; set config.processor to the file that exports it` });
    } else if (!functions.includes(named.name)) {
      const near = closest(named.name, functions);
      const exports = functions.length === 0 ? 'it exports no function' : `it exports ${functions.join(', ')}`;
      issues.push({ path: named.path, at: 'value', message: `${where} names the function "${named.name}", which ${processorShown ?? 'the processor'} does not export (${exports}), so Artillery would skip it; ${near === undefined ? 'export it from the processor or fix the name' : `did you mean "${near}"?`}` });
    }
  }
  return issues;
}
