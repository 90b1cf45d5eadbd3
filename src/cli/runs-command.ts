/**
 * `loadspec runs [--results DIR] [--limit N]`: the past runs under a results folder, newest
 * first: scenario, start, how long the load ran, requests, verdict, and the report to open.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readRunResult, SUMMARY_FILE } from '../results/run-directory.ts';
import { formatCount, formatDuration, formatTime } from '../report/format.ts';
import { renderTextTable } from '../report/text-table.ts';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import type { Output } from './render-run.ts';
import { shownPath } from './file-arguments.ts';

interface RunRow {
  startedAt: number;
  cells: string[];
}

/** One row per run directory; a directory without a readable summary says why. */
async function rowOf(dir: string, name: string): Promise<RunRow | null> {
  const summary = path.join(dir, SUMMARY_FILE);
  const report = shownPath(path.join(dir, 'report.html'));
  if ((await stat(summary).catch(() => null)) === null) {
    // A run the runner never finished (killed): its record can still be reported.
    const info = await stat(dir).catch(() => null);
    if (info === null || !info.isDirectory() || (await stat(path.join(dir, 'run.json')).catch(() => null)) === null) return null;
    return { startedAt: info.mtimeMs, cells: [name, formatTime(info.mtimeMs), '-', '-', 'no summary', `loadspec report ${shownPath(dir)}`] };
  }
  try {
    const result = await readRunResult(summary);
    const { meta } = result;
    const status = result.verdict.status.toUpperCase();
    return {
      startedAt: meta.startedAt,
      cells: [meta.scenario, formatTime(meta.startedAt), formatDuration(meta.actualDurationS), formatCount(result.totals.requests), meta.completion === 'complete' ? status : `${status} (${meta.completion})`, report],
    };
  } catch (error: unknown) {
    return { startedAt: 0, cells: [name, '-', '-', '-', 'unreadable', (error as Error).message] };
  }
}

/** The runs under a folder with a summary, newest first. */
export async function pastRuns(folder: string): Promise<{ dir: string; scenario: string; startedAt: number }[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found = await Promise.all(names.map(async (name) => {
    const dir = path.join(folder, name);
    const result = await readRunResult(path.join(dir, SUMMARY_FILE)).catch(() => null);
    return result === null ? null : { dir, scenario: result.meta.scenario, startedAt: result.meta.startedAt };
  }));
  return found.filter((r) => r !== null).sort((a, b) => b.startedAt - a.startedAt);
}

/**
 * `latest`: the newest run under `folder`; `previous` (a baseline): the newest run of the same
 * scenario that started before `current`. Any other word is a path, returned as is.
 */
export async function runOfWord(word: string, folder: string, current?: string): Promise<string | { problem: string }> {
  if (word !== 'latest' && word !== 'previous') return word;
  const runs = await pastRuns(current === undefined ? folder : path.dirname(path.resolve(current)));
  if (word === 'latest') return runs[0]?.dir ?? { problem: `there is no run in ${shownPath(folder)} yet, so no "latest"; run one first, or give a run directory` };
  const mine = runs.find((r) => path.resolve(r.dir) === path.resolve(current ?? ''));
  const before = mine === undefined ? undefined : runs.find((r) => r.scenario === mine.scenario && r.startedAt < mine.startedAt);
  return before?.dir ?? { problem: `no earlier run of ${mine?.scenario ?? 'that scenario'} next to ${shownPath(current ?? folder)}, so no "previous"; give the baseline's run directory` };
}

export async function runsCommand(flags: { results: string; limit: string }, out: Output): Promise<ExitCodeValue> {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    out.write(`loadspec runs: --limit "${flags.limit}" is not a whole number of 1 or more; write e.g. --limit 50\n`);
    return ExitCode.usage;
  }
  let names: string[];
  try {
    names = await readdir(flags.results);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    out.write(`loadspec runs: ${flags.results} ${code === 'ENOENT' ? 'does not exist: no run has written there yet' : `cannot be read (${code ?? String(error)})`}; give the folder runs went to with --results\n`);
    return ExitCode.usage;
  }
  const rows = (await Promise.all(names.map((name) => rowOf(path.join(flags.results, name), name)))).filter((r): r is RunRow => r !== null);
  if (rows.length === 0) {
    out.write(`No runs in ${flags.results} yet; run one with bin/pnpm test:load configs/smoke.yml\n`);
    return ExitCode.passed;
  }
  rows.sort((a, b) => b.startedAt - a.startedAt);
  const shown = rows.slice(0, limit);
  const columns = [{ header: 'Scenario' }, { header: 'Started' }, { header: 'Ran', align: 'right' as const }, { header: 'Requests', align: 'right' as const }, { header: 'Verdict' }, { header: 'Report' }];
  out.write(`${renderTextTable(columns, shown.map((r) => r.cells), '')}\n`);
  if (rows.length > shown.length) out.write(`… and ${rows.length - shown.length} older (--limit ${rows.length} shows them all)\n`);
  return ExitCode.passed;
}
