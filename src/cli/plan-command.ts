/**
 * `loadspec plan FILE [--json]`: what a scenario file will send, before anything is sent.
 */
import path from 'node:path';
import { formatConfigError, loadScenarioFile } from '../config/load.ts';
import { validateFiles } from '../config/validate.ts';
import { plainRunOptions } from '../config/run-options.ts';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { planScenario } from '../plan/plan.ts';
import type { ScenarioPlan } from '../plan/plan.ts';
import { renderPlan, renderShortPlan } from '../plan/render-plan.ts';
import type { Output } from './render-run.ts';

export async function planCommand(file: string, flags: { json?: boolean; shard?: { index: number; count: number } }, out: Output): Promise<ExitCodeValue> {
  const [shared] = await validateFiles([file]);
  if (shared?.includedBy !== undefined) {
    const which = shared.includedBy.length === 0 ? 'a scenario file that includes it' : `a scenario file that includes it: ${shared.includedBy.map((f) => path.relative(process.cwd(), f)).join(', ')}`;
    out.write(`${file}: a file of shared flows sends nothing on its own; plan ${which}\n`);
    return ExitCode.usage;
  }
  // A plan sends nothing: values the run's environment gives are not needed here.
  const loaded = await loadScenarioFile(file, { ...plainRunOptions(), deferRunTimeValues: true });
  if (!loaded.ok) {
    for (const e of loaded.errors) out.write(`${formatConfigError(e)}\n`);
    return ExitCode.usage;
  }
  const plan = planScenario(loaded.script, { shard: flags.shard });
  out.write(flags.json === true ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(file, plan));
  return ExitCode.passed;
}

/** The short plan `loadspec run` prints before a scenario starts; null for a file that does not load. */
export async function shortPlanOf(file: string, shard: { index: number; count: number } | undefined): Promise<string | null> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) return null;
  const plan: ScenarioPlan = planScenario(loaded.script, { shard });
  return `${renderShortPlan(plan)}${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`}`;
}
