/**
 * The step of action.yml that runs loadspec in another repository's workflow: reads the inputs,
 * runs each scenario (one shard of a matrix, every shard on this runner merged, or a whole run),
 * writes the step summary, `::error` annotations at the failing criterion's line, the outputs
 * `exit-code` and `results`, and exits with loadspec's code (README: Exit codes).
 */
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { combineExitCodes } from '../../src/cli/program.ts';
import { ExitCode } from '../../src/core/exit-codes.ts';
import type { ExitCodeValue } from '../../src/core/exit-codes.ts';
import type { RunResult } from '../../src/core/types.ts';
import { appendStepSummary, renderMarkdown } from '../../src/report/markdown.ts';
import { annotations } from './annotations.ts';
import { readInputs, type ActionInputs } from './inputs.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli.ts');
/** Shards started on this runner begin together this far ahead (loadspec's set-up is ~5-10 s). */
const LOCAL_SHARDS_LEAD_MS = 20_000;

function childEnv(inputs: ActionInputs, withSummary: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key];
  if (inputs.apiKey !== null) env['LOADSPEC_API_KEY'] = inputs.apiKey;
  if (!withSummary) delete env['GITHUB_STEP_SUMMARY'];
  return env;
}

async function loadspec(args: string[], inputs: ActionInputs, withSummary: boolean): Promise<ExitCodeValue> {
  const run = await execa(process.execPath, [CLI, ...args], { cwd: inputs.workspace, env: childEnv(inputs, withSummary), extendEnv: false, stdio: 'inherit', reject: false });
  return (run.exitCode ?? ExitCode.incomplete) as ExitCodeValue;
}

/** Run directories (holding summary.json) directly under `dir`. */
function runDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'summary.json')))
    .map((e) => path.join(dir, e.name))
    .sort();
}

const readResult = (dir: string): RunResult => JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as RunResult;

function runArgs(file: string, inputs: ActionInputs, results: string, shard: number | null, startAt: string | null): string[] {
  return [
    'run', file, '--results', results,
    ...(shard !== null ? ['--shard', `${shard}/${inputs.shards}`] : []),
    ...(startAt !== null ? ['--start-at', startAt] : []),
    ...(inputs.target !== null ? ['--target', inputs.target] : []),
  ];
}

function annotate(result: RunResult, file: string, inputs: ActionInputs): void {
  for (const line of annotations(result, file, inputs.workspace)) console.log(line);
}

async function runScenario(file: string, inputs: ActionInputs): Promise<ExitCodeValue> {
  const name = path.basename(file).replace(/\.ya?ml$/i, '');
  // Runs land in `results` itself (loadspec names each run directory by scenario and time), as
  // .github/scripts/merge-and-judge.ts expects of a matrix job's artifact.
  if (inputs.shard !== null && inputs.shards > 1) {
    // One shard of a matrix: its criteria judge 1/n of the load; the merge judges the whole.
    const code = await loadspec(runArgs(file, inputs, inputs.results, inputs.shard, inputs.startAt), inputs, true);
    if (code !== ExitCode.failed) return code;
    console.log(`::notice title=loadspec ${name} shard ${inputs.shard}/${inputs.shards}::criteria failed on this shard's part of the load; merging the shards judges the whole run`);
    return ExitCode.passed;
  }
  if (inputs.shards > 1) {
    const base = path.join(inputs.results, `${name}-shards`);
    const startAt = inputs.startAt ?? new Date(Date.now() + LOCAL_SHARDS_LEAD_MS).toISOString();
    const shards = Array.from({ length: inputs.shards }, (_, i) => i + 1);
    const codes = await Promise.all(shards.map((k) => loadspec(runArgs(file, inputs, path.join(base, `shard-${k}-of-${inputs.shards}`), k, startAt), inputs, false)));
    const dirs = shards.flatMap((k) => runDirs(path.join(base, `shard-${k}-of-${inputs.shards}`)));
    const broken = codes.filter((c) => ![ExitCode.passed, ExitCode.failed, ExitCode.inconclusive].some((ok) => ok === c));
    if (dirs.length === 0) return combineExitCodes(broken.length > 0 ? broken : [ExitCode.incomplete]);
    const merged = path.join(inputs.results, `${name}-merged`);
    const code = await loadspec(['merge', ...dirs, '--out', merged], inputs, false);
    if (existsSync(path.join(merged, 'summary.json'))) {
      const result = readResult(merged);
      await appendStepSummary(renderMarkdown(result));
      annotate(result, file, inputs);
    }
    return combineExitCodes([code, ...broken]);
  }
  const before = new Set(runDirs(inputs.results));
  const code = await loadspec(runArgs(file, inputs, inputs.results, null, inputs.startAt), inputs, true);
  for (const dir of runDirs(inputs.results).filter((d) => !before.has(d))) annotate(readResult(dir), file, inputs);
  return code;
}

async function main(): Promise<number> {
  const read = readInputs(process.env);
  if (!read.ok) {
    for (const problem of read.problems) console.log(`::error title=loadspec inputs::${problem}`);
    return ExitCode.usage;
  }
  const { inputs } = read;
  if (inputs.apiKey !== null) console.log(`::add-mask::${inputs.apiKey}`);
  const codes: ExitCodeValue[] = [];
  for (const file of inputs.scenarios) codes.push(await runScenario(file, inputs));
  const code = combineExitCodes(codes);
  const output = process.env['GITHUB_OUTPUT'];
  if (output) appendFileSync(output, `exit-code=${code}\nresults=${inputs.results}\n`);
  return code;
}

process.exitCode = await main();
