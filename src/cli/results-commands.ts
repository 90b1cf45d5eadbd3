/**
 * Sub-commands that work on saved runs: regenerate reports, compare with a
 * baseline, merge shards. They read summary.json (and script.json for the
 * criteria), never Artillery's output.
 */
import { projectPath, shownPath } from './file-arguments.ts';
import { runOfWord } from './runs-command.ts';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Output } from './render-run.ts';
import { readRunResult, writeRunResult, mergeRunResults, SUMMARY_FILE } from '../results/run-directory.ts';
import type { RunResult } from '../core/types.ts';
import { readSecondsRecord } from '../results/recorded-run.ts';
import { judge, exitCodeOf } from '../core/judge.ts';
import { finishRun } from '../run/finish-run.ts';
import { readManifest } from '../run/run-manifest.ts';
import { missingShards, shardsApart } from '../results/merge-run-results.ts';
import { packagedKey } from '../core/packaged-plugins.ts';
import { writeAllReports } from '../report/write-all.ts';
import { COMPARE_DEFAULTS, compareRuns, renderComparison } from '../report/compare.ts';
import type { CompareOptions } from '../report/compare.ts';
import { renderConsoleSummary } from '../report/console-summary.ts';
import { parseThresholdsConfig } from '../core/criteria/config.ts';
import { evaluateCriteria } from '../core/criteria/evaluate.ts';
import { createRunDirectory } from '../run/run-directory.ts';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';

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

/** Whether `file` holds a whole JSON document: a summary.json a full disk or a kill left empty or cut short does not. */
async function holdsWholeJson(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rewrites every report of a run and exits with the code `loadspec run` gives that
 * verdict, every time: a failed run stays 1, an interrupted one 130, a rebuilt crash 4.
 */
export function reportCommand(dir: string, out: Output): Promise<ExitCodeValue> {
  return guarded(out, async () => {
    const info = await stat(dir).catch(() => null);
    if (info?.isDirectory() === true) {
      const summary = path.join(dir, SUMMARY_FILE);
      const present = (await stat(summary).catch(() => null)) !== null;
      // No summary.json, or one cut short (written before loadspec wrote it whole): judged again from the record.
      if (!present) return rebuildRun(dir, out, 'The runner never wrote this run\'s results');
      if (!(await holdsWholeJson(summary)) && (await readManifest(dir)) !== null) {
        return rebuildRun(dir, out, `${summary} was empty or cut short (a full disk, or a kill while it was written)`);
      }
    }
    const { result, dir: runDir } = await loadRun(dir);
    const written = await writeAllReports(result, runDir);
    out.write(`${renderConsoleSummary(result, { color: out.color })}\n`);
    out.write(`Rewrote ${written.length} reports in ${runDir}\n`);
    return exitCodeOf(result);
  });
}

/** A run whose runner never wrote a readable summary.json (killed, out of memory, a full disk): judged again from its record. */
async function rebuildRun(dir: string, out: Output, why: string): Promise<ExitCodeValue> {
  const manifest = await readManifest(dir);
  if (manifest === null) {
    throw new UserError(`${dir} has neither summary.json nor run.json, so it is not a run directory written by loadspec run; pass one of the directories under results/`);
  }
  // endedAt null: the run ended with the last thing it recorded.
  const { result, exitCode, recorded } = await finishRun({ runDir: dir, manifest, endedAt: null, exit: null, stopCause: null, monitor: null });
  out.write(`${renderConsoleSummary(result, { color: out.color })}\n`);
  out.write(`${why}: rebuilt summary.json and every report in ${dir} from its record (${recorded.recordedSeconds} recorded seconds).\n`);
  return exitCode;
}

/** `loadspec compare`'s flags as given (text); left out, COMPARE_DEFAULTS. */
export interface CompareFlags {
  baseline: string;
  tolerance?: string;
  toleranceMs?: string;
  toleranceErrors?: string;
  toleranceRps?: string;
  /** Where "latest" and "previous" are looked for. */
  results?: string;
}

/** The noise floor from the flags; a value that is no number of 0 or more is a usage error. */
function compareOptions(flags: CompareFlags): CompareOptions {
  const read = (flag: string, text: string | undefined, fallback: number, example: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UserError(`${flag} must be a number of 0 or more, like ${flag} ${example} (got "${text}")`);
    return value;
  };
  return {
    tolerancePercent: read('--tolerance', flags.tolerance, COMPARE_DEFAULTS.tolerancePercent, '20'),
    toleranceMs: read('--tolerance-ms', flags.toleranceMs, COMPARE_DEFAULTS.toleranceMs, '5'),
    toleranceErrorPoints: read('--tolerance-errors', flags.toleranceErrors, COMPARE_DEFAULTS.toleranceErrorPoints, '0.1'),
    toleranceRps: read('--tolerance-rps', flags.toleranceRps, COMPARE_DEFAULTS.toleranceRps, '1'),
  };
}

/** `compare latest --baseline previous`: the words are resolved to run directories under `--results`. */
export function compareCommand(run: string, baseline: string, flags: Omit<CompareFlags, 'baseline'>, out: Output): Promise<ExitCodeValue> {
  return guarded(out, async () => {
    const options = compareOptions({ ...flags, baseline });
    const results = flags.results ?? projectPath('results');
    const runDir = await runOfWord(run, results);
    if (typeof runDir !== 'string') throw new UserError(runDir.problem);
    const current = await loadRun(runDir);
    const baseDir = await runOfWord(baseline, results, current.dir);
    if (typeof baseDir !== 'string') throw new UserError(baseDir.problem);
    const base = await loadRun(baseDir);
    if (run !== runDir || baseline !== baseDir) out.write(`Comparing ${shownPath(current.dir)} with ${shownPath(base.dir)}\n`);
    const comparison = compareRuns(current.result, base.result, options);
    out.write(`${renderComparison(comparison, { color: out.color })}\n`);
    return comparison.regressed ? ExitCode.failed : ExitCode.passed;
  });
}

/** `config.plugins.thresholds` of the resolved script a run directory keeps. */
async function thresholdsOf(dir: string): Promise<unknown> {
  const text = await readFile(path.join(dir, 'script.json'), 'utf8').catch(() => null);
  if (text === null) throw new UserError(`${dir} has no script.json (the resolved scenario, which holds the criteria); merge run directories written by loadspec run`);
  const script = JSON.parse(text) as { config?: { plugins?: Record<string, unknown> } };
  // A run on Artillery's cloud runners names the plugin by its package key (src/run/cloud-plugin-names.ts).
  return script.config?.plugins?.['thresholds'] ?? script.config?.plugins?.[packagedKey('thresholds')];
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

/**
 * Shards whose record is damaged (unreadable lines) or does not add up to their
 * summary.json: named, so the merged verdict says which part cannot be trusted.
 */
async function damagedShards(runs: readonly LoadedRun[]): Promise<string[]> {
  const problems: string[] = [];
  for (const run of runs) {
    const record = await readSecondsRecord(run.dir);
    if (record.files.length === 0) continue;
    const damaged = Object.entries(record.damaged);
    if (damaged.length > 0) {
      problems.push(`${runLabel(run)} has a damaged record (${damaged.map(([file, n]) => `${file}: ${n} unreadable line${n === 1 ? '' : 's'}`).join(', ')})`);
      continue;
    }
    const recorded = record.windows.reduce((sum, w) => sum + w.requests, 0);
    if (recorded !== run.result.totals.requests) {
      problems.push(`${runLabel(run)}'s summary.json says ${run.result.totals.requests} requests but its record holds ${recorded}`);
    }
  }
  return problems;
}

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
    const verdict = judge({
      criteria,
      totals: merged.totals,
      refusal: { endpoints: merged.endpoints, apiKey: merged.meta.rules?.apiKey === true },
      expect4xx: thresholds.options.expect4xx === true,
      meta: merged.meta,
      untrusted: await damagedShards(runs),
      parts: runs.map((r) => r.result),
      missingShards: missingShards(runs.map((r) => r.result)),
      apart: shardsApart(runs.map((r) => r.result)),
    });
    const result: RunResult = { ...merged, verdict };
    const target = outDir ?? (await createRunDirectory(projectPath('results'), `${result.meta.scenario}-merged`));
    await mkdir(target, { recursive: true });
    await writeRunResult(target, result);
    await writeAllReports(result, target);
    out.write(`${renderConsoleSummary(result, { color: out.color })}\n`);
    out.write(`Merged ${runs.length} runs into ${target}\n`);
    return exitCodeOf(result);
  });
}
