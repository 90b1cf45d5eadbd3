/**
 * Sub-commands that work on saved runs: regenerate reports, compare with a
 * baseline, merge shards. They read summary.json (and script.json for the
 * criteria), never Artillery's output.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Output } from './render-run.ts';
import { readRunResult, writeRunResult, mergeRunResults } from '../results/run-directory.ts';
import type { RunResult, Verdict, VerdictStatus } from '../results/types.ts';
import { missingShards } from '../results/merge-run-results.ts';
import type { MergedRunResult } from '../results/merge-run-results.ts';
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

/**
 * A merged verdict is only as good as its parts: a missing shard, or a shard that
 * errored or ran partially, cannot give a pass on the whole load.
 */
function judgeParts(verdict: Verdict, parts: readonly RunResult[], merged: MergedRunResult): Verdict {
  const missing = missingShards(parts);
  if (missing.length > 0) {
    const which = missing.length === 1 ? `shard ${missing[0]} is missing` : `shards ${missing.join(', ')} are missing`;
    return { ...verdict, status: 'errored', reason: `${which}, so the merged run holds only part of the load` };
  }
  const label = (r: RunResult): string => (r.meta.shard ? `shard ${r.meta.shard}` : `run of ${new Date(r.meta.startedAt).toISOString()}`);
  const errored = parts.filter((r) => r.verdict.status === 'errored');
  if (errored.length > 0) {
    const why = errored.map((r) => `${label(r)}: ${r.verdict.reason ?? 'errored'}`).join('; ');
    return { ...verdict, status: 'errored', reason: `a part of the run errored (${why})` };
  }
  if (verdict.status === 'passed' && merged.meta.completion === 'partial') {
    return { ...verdict, status: 'errored', reason: `the run did not complete: ${merged.meta.partialReason ?? 'a part was partial'}` };
  }
  const inconclusive = parts.filter((r) => r.verdict.status === 'inconclusive' && r.verdict.criteria.every((c) => c.status !== 'no-data'));
  if (verdict.status === 'passed' && inconclusive.length > 0) {
    const why = inconclusive.map((r) => `${label(r)}: ${r.verdict.reason ?? 'inconclusive'}`).join('; ');
    return { ...verdict, status: 'inconclusive', reason: why };
  }
  return verdict;
}

const VERDICT_EXIT: Record<VerdictStatus, ExitCodeValue> = {
  passed: ExitCode.passed,
  failed: ExitCode.failed,
  errored: ExitCode.incomplete,
  inconclusive: ExitCode.inconclusive,
};

/** `config.plugins.thresholds` of the resolved script a run directory keeps. */
async function thresholdsOf(dir: string): Promise<unknown> {
  const text = await readFile(path.join(dir, 'script.json'), 'utf8').catch(() => null);
  if (text === null) throw new UserError(`${dir} has no script.json (the resolved scenario, which holds the criteria); merge run directories written by loadspec run`);
  const script = JSON.parse(text) as { config?: { plugins?: { thresholds?: unknown } } };
  return script.config?.plugins?.thresholds;
}

type LoadedRun = Awaited<ReturnType<typeof loadRun>>;

/** Inputs that would give a wrong merged run, or destroy a shard's own results. */
function refuseBadInputs(runs: readonly LoadedRun[], outDir: string | undefined): void {
  const inputs = runs.map((r) => path.resolve(r.dir));
  if (outDir !== undefined && inputs.includes(path.resolve(outDir))) {
    throw new UserError(`--out ${outDir} is one of the runs being merged; give a new directory so the shard's own results stay as they were`);
  }
  const repeated = inputs.find((dir, i) => inputs.indexOf(dir) !== i);
  if (repeated !== undefined) throw new UserError(`${repeated} was given twice; pass each run directory once`);
}

const runLabel = (r: LoadedRun): string => (r.result.meta.shard ? `shard ${r.result.meta.shard}` : r.dir);

export function mergeCommand(dirs: string[], outDir: string | undefined, out: Output): Promise<ExitCodeValue> {
  return guarded(out, async () => {
    const runs = await Promise.all(dirs.map((d) => loadRun(d)));
    const first = runs[0];
    if (first === undefined) throw new UserError('merge needs at least one run directory');
    refuseBadInputs(runs, outDir);
    const merged = mergeRunResults(runs.map((r) => r.result));
    // The criteria and their options travel in the resolved script of each shard; shards
    // of one run carry the same ones (a shard from another commit may not).
    const sections = await Promise.all(runs.map((r) => thresholdsOf(r.dir)));
    const differing = runs.filter((_, i) => JSON.stringify(sections[i]) !== JSON.stringify(sections[0]));
    if (differing.length > 0) {
      throw new UserError(`${differing.map(runLabel).join(', ')} ran with other thresholds than ${runLabel(first)}; merge the shards of one run of one scenario file`);
    }
    const thresholds = parseThresholdsConfig(sections[0]);
    const criteria = evaluateCriteria(thresholds.criteria, merged, thresholds.options);
    const verdict = judgeParts(decideVerdict(criteria, merged), runs.map((r) => r.result), merged);
    const result: RunResult = { ...merged, verdict };
    const target = outDir ?? (await createRunDirectory('results', `${result.meta.scenario}-merged`));
    await mkdir(target, { recursive: true });
    await writeRunResult(target, result);
    await writeAllReports(result, target);
    out.write(`${renderConsoleSummary(result, { color: out.color })}\n`);
    out.write(`Merged ${runs.length} runs into ${target}\n`);
    return VERDICT_EXIT[result.verdict.status];
  });
}
