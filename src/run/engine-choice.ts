/**
 * Which engine runs each scenario: loadspec's undici engine (plugins/artillery-engine-loadspec)
 * or Artillery's own `http` engine. `loadspec.engine` chooses for the whole file,
 * `engine: http` on a scenario keeps that scenario on Artillery's engine, and a scenario
 * the undici engine cannot run yet stays there too, with the reason said in `plan` and at
 * the start of the run.
 */
import { whyNotThisEngine } from '../core/engine-support.ts';

/** `loadspec.engine`: the engine's name in YAML. */
export type EngineSetting = 'undici' | 'artillery';

/**
 * Used when `loadspec.engine` is not set. The undici engine sends the same requests as
 * Artillery's on every corpus script (test/plugins/artillery-engine-loadspec/differential.test.ts)
 * and passes the ground-truth tests (test/e2e/failing-never-passes.test.ts).
 */
export const DEFAULT_ENGINE: EngineSetting = 'undici';

/** Artillery resolves `engine: loadspec` to the package `artillery-engine-loadspec`. */
export const ENGINE_NAME = 'loadspec';

/** The engine one scenario runs on, and why when it is not the one asked for. */
export interface ScenarioEngine {
  scenario: string;
  engine: EngineSetting;
  /** Why it runs on Artillery's engine although `undici` was asked for; null otherwise. */
  reason: string | null;
}

type Data = Record<string, unknown>;
const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

const scenarioName = (scenario: Data, index: number): string => (typeof scenario['name'] === 'string' ? `"${scenario['name']}"` : `scenarios[${index}]`);

/**
 * Sets `engine: loadspec` on the scenarios of `script` (mutated) that run on the undici
 * engine, and declares the engine in `config.engines`.
 */
export function chooseEngines(script: Data, setting: EngineSetting, options: { onCloud: boolean; env: NodeJS.ProcessEnv }): ScenarioEngine[] {
  const config: Data = isRecord(script['config']) ? script['config'] : {};
  const scenarios = Array.isArray(script['scenarios']) ? script['scenarios'] : [];
  const chosen = scenarios.map((scenario: unknown, index): ScenarioEngine => {
    const name = isRecord(scenario) ? scenarioName(scenario, index) : `scenarios[${index}]`;
    if (setting === 'artillery' || !isRecord(scenario)) return { scenario: name, engine: 'artillery', reason: null };
    if (scenario['engine'] !== undefined) return { scenario: name, engine: 'artillery', reason: `it sets \`engine: ${String(scenario['engine'])}\`` };
    // Cloud workers install engines from the npm registry, where this one is not published.
    if (options.onCloud) return { scenario: name, engine: 'artillery', reason: '--platform runs install engines from the npm registry' };
    const reason = whyNotThisEngine(scenario, config, options.env);
    if (reason !== null) return { scenario: name, engine: 'artillery', reason };
    scenario['engine'] = ENGINE_NAME;
    return { scenario: name, engine: 'undici', reason: null };
  });
  if (chosen.some((c) => c.engine === 'undici')) {
    const engines = isRecord(config['engines']) ? config['engines'] : {};
    engines[ENGINE_NAME] ??= {};
    config['engines'] = engines;
  }
  return chosen;
}

/** One line per scenario that could not have the engine asked for; one line in all when every scenario has it. */
export function describeEngines(engines: readonly ScenarioEngine[]): string[] {
  if (engines.length === 0 || engines.every((e) => e.engine === 'artillery' && e.reason === null)) return [];
  const fallbacks = engines.filter((e) => e.reason !== null);
  const lines = fallbacks.map((e) => `scenario ${e.scenario} runs on Artillery's http engine: ${e.reason}`);
  const onUndici = engines.length - fallbacks.length;
  if (onUndici > 0) lines.unshift(`${onUndici === engines.length ? 'every scenario' : `${onUndici} of ${engines.length} scenarios`} on loadspec's undici engine`);
  return lines;
}
