/**
 * Sub-commands that work on saved runs: regenerate reports, compare with a
 * baseline, merge shards. They read summary.json (and script.json for the
 * criteria), never Artillery's output.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Output } from './render-run.ts';
import { readRunResult, writeRunResult, mergeRunResults } from '../results/run-directory.ts';
import type { RunResult } from '../results/types.ts';
import { writeAllReports } from '../report/write-all.ts';
import { compareRuns, renderComparison } from '../report/compare.ts';
import { renderConsoleSummary } from '../report/console-summary.ts';
import { parseThresholdsConfig } from '../thresholds/config.ts';
import { evaluateCriteria, decideVerdict } from '../thresholds/evaluate.ts';
import { createRunDirectory } from '../run/run-directory.ts';
import { ExitCode } from '../run/exit-codes.ts';
import type { ExitCodeValue } from '../run/exit-codes.ts';

/** A run directory or a summary.json path -> the summary.json path. */
async function summaryPath(runOrFile: string): Promise<string> {
  const info = await stat(runOrFile).catch(() => null);
  if (info === null) throw new UserError(`${runOrFile} does not exist; pass a run directory under results/ or its summary.json`);
  return info.isDirectory() ? path.join(runOrFile, 'summary.json') : runOrFile;
}

export class UserError extends Error {}

async function loadRun(runOrFile: string): Promise<{ result: RunResult; dir: string }> {
  const file = await summaryPath(runOrFile);
  return { result: await readRunResult(file), dir: path.dirname(file) };
}

async function guarded(out: Output, action: () => Promise<ExitCodeValue>): Promise<ExitCodeValue> {
  try {
    return await action();
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    out.write(`loadspec: ${message}\n`);
    return ExitCode.usage;
  }
}

export function reportCommand(dir: string, out: Output): Promise<ExitCodeValue> {
  return guarded(out, async () => {
    const { result, dir: runDir } = await loadRun(dir);
    const written = await writeAllReports(result, runDir);
    out.write(`${renderConsoleSummary(result, { color: out.color })}\n`);
    out.write(`Rewrote ${written.length} reports in ${runDir}\n`);
    return ExitCode.passed;
  });
}

export function compareCommand(run: string, baseline: string, tolerancePercent: number, out: Output): Promise<ExitCodeValue> {
  return guarded(out, async () => {
    if (!Number.isFinite(tolerancePercent) || tolerancePercent < 0) {
      throw new UserError(`--tolerance must be a percentage like 10 (got "${tolerancePercent}")`);
    }
    const current = await loadRun(run);
    const base = await loadRun(baseline);
    const comparison = compareRuns(current.result, base.result, { tolerancePercent });
    out.write(`${renderComparison(comparison, { color: out.color })}\n`);
    return comparison.regressed ? ExitCode.failed : ExitCode.passed;
  });
}

export function mergeCommand(dirs: string[], outDir: string | undefined, out: Output): Promise<ExitCodeValue> {
  return guarded(out, async () => {
    const runs = await Promise.all(dirs.map((d) => loadRun(d)));
    const merged = mergeRunResults(runs.map((r) => r.result));
    const first = runs[0];
    if (first === undefined) throw new UserError('merge needs at least one run directory');
    // The criteria and their options travel in the resolved script of each shard.
    const script = JSON.parse(await readFile(path.join(first.dir, 'script.json'), 'utf8')) as {
      config?: { plugins?: { thresholds?: unknown } };
    };
    const thresholds = parseThresholdsConfig(script.config?.plugins?.thresholds);
    const criteria = evaluateCriteria(thresholds.criteria, merged, thresholds.options);
    const result: RunResult = { ...merged, verdict: decideVerdict(criteria, merged) };
    const target = outDir ?? (await createRunDirectory('results', `${result.meta.scenario}-merged`));
    await writeRunResult(target, result);
    await writeAllReports(result, target);
    out.write(`${renderConsoleSummary(result, { color: out.color })}\n`);
    out.write(`Merged ${runs.length} runs into ${target}\n`);
    return result.verdict.status === 'passed' ? ExitCode.passed : result.verdict.status === 'failed' ? ExitCode.failed : ExitCode.incomplete;
  });
}
