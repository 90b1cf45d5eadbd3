/**
 * Attaching hooks the way Artillery's own plugins do: put the function on
 * `config.processor` and add its name to every scenario's hook list.
 */
import type { ArtilleryScript, ScenarioSpec } from './artillery.ts';

type HookList = 'beforeScenario' | 'beforeRequest' | 'afterResponse' | 'onError';

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/**
 * Registers `fn` as `name` and adds it to `list` of every scenario. `first` puts it
 * ahead of the user's own hooks (so they can already read what ours set).
 */
export function attachScenarioHook(
  script: ArtilleryScript,
  list: HookList,
  name: string,
  fn: (...args: never[]) => void,
  options: { first?: boolean } = {},
): void {
  if (typeof script.config.processor !== 'object') script.config.processor = {};
  script.config.processor[name] = fn;
  for (const scenario of script.scenarios ?? []) {
    const names = asList(scenario[list]).filter((existing) => existing !== name);
    const updated: ScenarioSpec[HookList] = options.first ? [name, ...names] : [...names, name];
    scenario[list] = updated;
  }
}
