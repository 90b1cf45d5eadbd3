/**
 * The last job of .github/workflows/load-test.yml. For each planned scenario it merges
 * the results of its shards with `bin/pnpm loadspec merge` (the command a person runs
 * by hand), then writes one consolidated summary (job summary page, files) and exits
 * with the worst outcome: the workflow fails when any scenario failed, errored, or
 * left no results at all.
 *
 *   LOADSPEC_PLAN='[{"scenario":"configs/steady.yml","name":"steady","shards":2}]' \
 *     node .github/scripts/merge-and-judge.ts <artifacts-dir> <out-dir>
 *
 * The artifacts are laid out as actions/download-artifact leaves them, one folder per
 * artifact: <artifacts-dir>/results-<name>-shard-<k>-of-<n>/<run-dir>/summary.json.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { combineExitCodes } from '../../src/cli/program.ts';
import { renderConsolidated, writeConsolidated } from '../../src/report/consolidated.ts';
import { appendStepSummary } from '../../src/report/markdown.ts';
import { readRunResult } from '../../src/results/run-result-file.ts';
import type { RunResult } from '../../src/core/types.ts';
import { ExitCode } from '../../src/core/exit-codes.ts';
import type { ExitCodeValue } from '../../src/core/exit-codes.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One scenario of the plan that .github/scripts/plan-matrix.sh wrote. */
export interface PlannedScenario {
  /** The scenario file, e.g. `configs/steady.yml`. */
  scenario: string;
  /** Its name in job and artifact names, e.g. `steady`. */
  name: string;
  shards: number;
}

/** The artifact one job uploads; the workflow names its uploads the same way. */
export function artifactName(name: string, shard: number, shards: number): string {
  return `results-${name}-shard-${shard}-of-${shards}`;
}

export function parsePlan(text: string | undefined): PlannedScenario[] {
  let data: unknown;
  try {
    data = JSON.parse(text ?? '');
  } catch (error: unknown) {
    throw new Error('LOADSPEC_PLAN must hold the plan JSON written by plan-matrix.sh', { cause: error });
  }
  if (!Array.isArray(data) || data.length === 0) throw new Error('LOADSPEC_PLAN must be a non-empty list of scenarios');
  return data.map((item: unknown, index): PlannedScenario => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { scenario, name, shards } = entry;
    if (typeof scenario !== 'string' || typeof name !== 'string' || typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1) {
      throw new Error(`LOADSPEC_PLAN[${index}] needs "scenario", "name" and a whole "shards" >= 1 (got ${JSON.stringify(item)})`);
    }
    return { scenario, name, shards };
  });
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}

/** Run directories (those holding a summary.json) in the artifacts of one scenario's shards. */
export async function findShardRuns(artifactsDir: string, planned: PlannedScenario): Promise<string[]> {
  const runs: string[] = [];
  for (let shard = 1; shard <= planned.shards; shard++) {
    const dir = path.join(artifactsDir, artifactName(planned.name, shard, planned.shards));
    if (!(await isDirectory(dir))) continue;
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const run = path.join(dir, entry.name);
      if (entry.isDirectory() && (await stat(path.join(run, 'summary.json')).catch(() => null))) runs.push(run);
    }
  }
  return runs;
}

/** Runs `bin/pnpm loadspec merge <runs...> --out <dir>` (its output shown unless `ignore`); resolves its exit code. */
export function loadspecMerge(runs: string[], outDir: string, output: 'inherit' | 'ignore' = 'inherit'): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO_ROOT, 'bin/pnpm'), ['--silent', 'loadspec', 'merge', ...runs, '--out', outDir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', output, output],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const KNOWN_CODES: readonly number[] = Object.values(ExitCode);

/** A code loadspec does not document (a crash, a missing command) counts as "did not complete". */
function asExitCode(code: number): ExitCodeValue {
  return KNOWN_CODES.includes(code) ? (code as ExitCodeValue) : ExitCode.incomplete;
}

export interface JudgeOptions {
  artifactsDir: string;
  outDir: string;
  plan: PlannedScenario[];
  env: Record<string, string | undefined>;
  write: (text: string) => void;
  merge?: (runs: string[], outDir: string) => Promise<number>;
}

export async function mergeAndJudge(options: JudgeOptions): Promise<ExitCodeValue> {
  const merge = options.merge ?? loadspecMerge;
  await mkdir(options.outDir, { recursive: true });
  const codes: ExitCodeValue[] = [];
  const merged: Array<{ planned: PlannedScenario; result: RunResult; dir: string }> = [];
  const missing: string[] = [];
  for (const planned of options.plan) {
    const runs = await findShardRuns(options.artifactsDir, planned);
    if (runs.length === 0) {
      // The job failed before it wrote results (invalid file, unhealthy target, crash): its log says why.
      missing.push(`${planned.scenario}: no results from any of its ${planned.shards} job${planned.shards > 1 ? 's' : ''}; see the job log`);
      codes.push(ExitCode.incomplete);
      continue;
    }
    const dir = path.join(options.outDir, planned.name);
    options.write(`\n$ loadspec merge ${runs.map((r) => path.relative(process.cwd(), r)).join(' ')} --out ${path.relative(process.cwd(), dir)}\n`);
    const code = await merge(runs, dir);
    codes.push(asExitCode(code));
    const result = await readRunResult(path.join(dir, 'summary.json')).catch(() => null);
    if (result === null) missing.push(`${planned.scenario}: the merge was refused (exit ${code}); see the log above`);
    else merged.push({ planned, result, dir });
  }

  const results = merged.map((m) => m.result);
  const rendering = renderConsolidated(results);
  if (results.length > 0) await writeConsolidated(results, options.outDir);
  const notes = missing.map((line) => `- ❌ ${line}`).join('\n');
  const details = await Promise.all(
    merged.map(async (m) => {
      const markdown = await readFile(path.join(m.dir, 'summary.md'), 'utf8').catch(() => '');
      return `<details><summary>${m.planned.scenario}</summary>\n\n${markdown}\n</details>\n`;
    }),
  );
  // The table's heading counts only the scenarios that have a verdict; say the whole.
  const unjudged = `${missing.length} of ${options.plan.length} scenario${options.plan.length === 1 ? '' : 's'} without a verdict`;
  const table = missing.length === 0 ? rendering.markdown : rendering.markdown.replace(/^### .*\n/, `### ❌ loadspec: errored (${unjudged})\n`);
  await appendStepSummary([table, notes, ...details].filter((part) => part !== '').join('\n'), options.env);

  options.write(`\n${rendering.text}`);
  for (const line of missing) options.write(`NOT JUDGED ${line}\n`);
  if (missing.length > 0) options.write(`Overall: ERRORED (${unjudged})\n`);
  options.write(`Merged results: ${options.outDir}\n`);
  return combineExitCodes(codes);
}

async function main(): Promise<void> {
  const [artifactsDir, outDir] = process.argv.slice(2);
  if (artifactsDir === undefined || outDir === undefined) {
    process.stderr.write('usage: LOADSPEC_PLAN=<json> node .github/scripts/merge-and-judge.ts <artifacts-dir> <out-dir>\n');
    process.exitCode = ExitCode.usage;
    return;
  }
  process.exitCode = await mergeAndJudge({
    artifactsDir,
    outDir,
    plan: parsePlan(process.env['LOADSPEC_PLAN']),
    env: process.env,
    write: (text) => void process.stdout.write(text),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
