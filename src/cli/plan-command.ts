/**
 * `loadspec plan FILE [--json]`: what a scenario file will send, before anything is sent.
 */
import path from 'node:path';
import { formatConfigError, loadScenarioFile, type ConfigError } from '../config/load.ts';
import { validateFiles } from '../config/validate.ts';
import { describeNeeds } from '../config/run-time-values.ts';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { planScenario } from '../plan/plan.ts';
import type { ScenarioPlan } from '../plan/plan.ts';
import { renderPlan, renderShortPlan } from '../plan/render-plan.ts';
import type { Output } from './render-run.ts';
import { plainRunOptions, type RunOptions } from '../config/run-options.ts';

/** A loaded file's notes (a merged phase, checks left off, a deprecated key), one line each. */
const noteLines = (notes: readonly ConfigError[]): string => notes.map((n) => `${formatConfigError(n)}\n`).join('');

/** `options`: Artillery's run flags (-e, --config, ...): the plan is of the script they make. */
export async function planCommand(file: string, flags: { json?: boolean; shard?: { index: number; count: number } }, out: Output, options: RunOptions = plainRunOptions()): Promise<ExitCodeValue> {
  const [shared] = await validateFiles([file], options);
  if (shared?.includedBy !== undefined) {
    const which = shared.includedBy.length === 0 ? 'a scenario file that includes it' : `a scenario file that includes it: ${shared.includedBy.map((f) => path.relative(process.cwd(), f)).join(', ')}`;
    out.write(`${file}: a file of shared flows sends nothing on its own; plan ${which}\n`);
    return ExitCode.usage;
  }
  // A plan sends nothing: values the run gives are named, not refused, unless the phases need
  // them to count the load; then the plan refuses them as `run` does, at their lines.
  let loaded = await loadScenarioFile(file, { ...options, deferRunTimeValues: true });
  if (loaded.ok && loaded.needs.some((need) => need.path[0] === 'config' && need.path[1] === 'phases')) loaded = await loadScenarioFile(file, options);
  if (!loaded.ok) {
    for (const e of loaded.errors) out.write(`${formatConfigError(e)}\n`);
    return ExitCode.usage;
  }
  const plan = planScenario(loaded.script, { shard: flags.shard });
  const needs = describeNeeds(loaded.needs);
  out.write(flags.json === true ? `${JSON.stringify(plan, null, 2)}\n` : `${renderPlan(file, plan)}${noteLines(loaded.notes)}${needs === undefined ? '' : `${file}: ${needs}\n`}`);
  return ExitCode.passed;
}

/** The short plan `loadspec run` prints before a scenario starts: the plan of the script it sends. */
export function shortPlanLine(plan: ScenarioPlan, notes: readonly ConfigError[], shard: { index: number; count: number } | undefined): string {
  return `${noteLines(notes)}${renderShortPlan(plan)}${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`}`;
}
