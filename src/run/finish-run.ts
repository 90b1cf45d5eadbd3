/**
 * After Artillery has stopped, for whatever reason: read the record, say how the run
 * ended, judge it (src/core/judge.ts), and write summary.json and every report. This
 * is the path of every kind of stop, and of `loadspec report` rebuilding a run whose
 * runner never got here, so everything recorded ends up on disk.
 */
import { readRunDirectory, buildRunResult, loadDurationS, loadStartOf, writeRunResult } from '../results/run-directory.ts';
import type { RecordedEvent, RecordedRun } from '../results/run-directory.ts';
import type { SecondsRecord } from '../results/recorded-run.ts';
import type { Completion, RunMeta, RunResult, PhaseRecord, RunWindow } from '../core/types.ts';
import type { MonitorData } from '../monitor/types.ts';
import { generatorStalled, judgeGeneratorSaturation } from '../monitor/saturation.ts';
import { GENERATOR_HEALTH_FILE, GENERATOR_HEALTH_INTERVAL_S } from '../core/generator-health.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseThresholdsConfig } from '../core/criteria/config.ts';
import { evaluateCriteria } from '../core/criteria/evaluate.ts';
import { formatDuration } from '../core/durations.ts';
import { writeAllReports } from '../report/write-all.ts';
import { judge, exitCodeOf } from '../core/judge.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { artilleryVersion } from './artillery-process.ts';
import type { ArtilleryExit } from './artillery-process.ts';
import { phaseRecords } from './resolve-script.ts';
import type { RunManifest } from './run-manifest.ts';
import { LOADSPEC_VERSION } from '../version.ts';

export type StopCause = 'SIGINT' | 'SIGTERM' | null;

export interface FinishInput {
  runDir: string;
  manifest: RunManifest;
  /** When Artillery had exited; null when that was not seen (`loadspec report`): the last thing the run recorded. */
  endedAt: number | null;
  /** Null when Artillery's end was not seen (`loadspec report` rebuilding a run). */
  exit: ArtilleryExit | null;
  stopCause: StopCause;
  monitor: MonitorData | null;
  /** The record as the run's LiveRecord folded it; absent when the files are read instead (`loadspec report`). */
  record?: SecondsRecord;
}

function seenPhases(events: readonly RecordedEvent[]): Map<number, { start?: number; end?: number }> {
  const seen = new Map<number, { start?: number; end?: number }>();
  for (const e of events) {
    if (typeof e['index'] !== 'number') continue;
    const entry = seen.get(e['index']) ?? {};
    if (e.type === 'phaseStarted') entry.start = e.time;
    if (e.type === 'phaseCompleted') entry.end = e.time;
    seen.set(e['index'], entry);
  }
  return seen;
}

interface Ending {
  completion: Completion;
  stopReason?: string;
  interruptedBy?: 'SIGINT' | 'SIGTERM';
}

/** How far the planned load got: "150 of 200 planned users started (75%), 40 sessions cut short". */
function loadSent(plannedUsers: number | null, windows: readonly RunWindow[]): string {
  let started = 0;
  let ended = 0;
  for (const w of windows) {
    started += w.vusersCreated;
    ended += w.vusersCompleted + w.vusersFailed;
  }
  const cut = started - ended;
  const users =
    plannedUsers === null || plannedUsers === 0
      ? `${started} users started`
      : started >= plannedUsers
        ? `all ${plannedUsers} planned users started`
        : `${started} of ${plannedUsers} planned users started (${Math.round((started / plannedUsers) * 100)}%)`;
  return cut > 0 ? `${users}, ${cut} session${cut === 1 ? '' : 's'} cut short` : users;
}

/** The kind of stop, from what the runner saw and what the plugins recorded. */
export function howItEnded(input: FinishInput & { endedAt: number }, events: readonly RecordedEvent[], windows: readonly RunWindow[], phases: readonly PhaseRecord[]): Ending {
  // Counted from the load's start, like the cap and the status line's clock.
  const loadStart = loadStartOf(phases);
  const after = loadStart === null ? 'before any load was sent' : `after ${formatDuration(Math.max(0, Math.round((input.endedAt - loadStart) / 1000)))}`;
  if (input.stopCause === 'SIGINT') return { completion: 'interrupted', interruptedBy: 'SIGINT', stopReason: `interrupted by Ctrl-C (SIGINT) ${after}` };
  if (input.stopCause === 'SIGTERM') return { completion: 'interrupted', interruptedBy: 'SIGTERM', stopReason: `stopped by SIGTERM ${after}` };
  const aborted = events.find((e) => e.type === 'aborted');
  if (aborted) return { completion: 'aborted', stopReason: `stopped early ${after} because "${String(aborted['criterion'] ?? 'a criterion')}" kept failing` };
  const exit = input.exit;
  if (exit === null) {
    const gone = events.some((e) => e.type === 'runner-gone');
    return {
      completion: 'crashed',
      stopReason: gone
        ? 'the runner was killed during the run (Artillery then stopped itself); rebuilt from the record by loadspec report'
        : 'the runner did not write the results (it stopped, or the disk was full); rebuilt from the record by loadspec report',
    };
  }
  if (exit.capped) return { completion: 'capped', stopReason: `stopped at its ${formatDuration(input.manifest.plannedDurationS)} cap: ${loadSent(input.manifest.plannedUsers, windows)}` };
  if (exit.kind === 'killed') return { completion: 'crashed', stopReason: `Artillery was killed (${exit.signal}) ${after}` };
  // 21: the expect plugin's "a check failed"; failed checks are failed requests and the verdict judges them.
  if (![0, 1, 21].includes(exit.exitCode)) return { completion: 'crashed', stopReason: `Artillery exited with code ${exit.exitCode} ${after} (see artillery.log)` };
  return { completion: 'complete' };
}

/** Complete lines of a JSON-lines file; 0 when it is missing. */
async function countLines(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

/** Why the record cannot be trusted, one sentence each. */
function untrustedRecord(input: FinishInput, events: readonly RecordedEvent[], requests: number, redirects: number): string[] {
  const problems: string[] = [];
  const loaded = new Set(events.filter((e) => e.type === 'plugin-loaded').map((e) => e['name']));
  const missing = input.manifest.expectedPlugins.filter((name) => !loaded.has(name));
  if (missing.length > 0) problems.push(`plugin${missing.length > 1 ? 's' : ''} ${missing.join(', ')} did not load in Artillery (see artillery.log)`);
  for (const e of events.filter((ev) => ev.type === 'recorder-broken')) problems.push(`the recorder stopped recording in worker ${String(e['worker'])}: ${String(e['reason'])}`);
  const done = events.find((e) => e.type === 'done');
  const counted = typeof done?.['requests'] === 'number' ? done['requests'] : null;
  // Artillery counts every redirect hop as a request; the record counts a chain as one.
  if (counted !== null && counted > requests + redirects) problems.push(`Artillery counted ${counted} requests but the record holds ${requests} (and ${redirects} redirect hops)`);
  return problems;
}

export async function finishRun(given: FinishInput): Promise<{ result: RunResult; exitCode: ExitCodeValue; recorded: RecordedRun }> {
  const { manifest } = given;
  const thresholds = parseThresholdsConfig(manifest.thresholds, manifest.slowThresholdS * 1000);
  const recorded = await readRunDirectory(given.runDir, { count4xx: thresholds.options.count4xx }, given.record);
  const input = { ...given, endedAt: given.endedAt ?? Math.max(manifest.startedAt, recorded.lastRecordedAt ?? manifest.startedAt) };
  const events = recorded.events;
  const phases: PhaseRecord[] = phaseRecords(manifest.phases, seenPhases(events));
  const ending = howItEnded(input, events, recorded.windows, phases);
  const startedUsers = recorded.windows.reduce((sum, w) => sum + w.vusersCreated, 0);

  const meta: RunMeta = {
    scenario: manifest.scenario,
    configFile: manifest.configFile,
    target: manifest.target,
    startedAt: manifest.startedAt,
    endedAt: input.endedAt,
    plannedDurationS: manifest.plannedDurationS,
    actualDurationS: loadDurationS(phases, recorded.windows),
    ...ending,
    load: { plannedUsers: manifest.plannedUsers, startedUsers },
    rules: { count4xx: thresholds.options.count4xx, expect4xx: thresholds.options.expect4xx === true, slowThresholdMs: manifest.slowThresholdS * 1000, apiKey: manifest.expectedPlugins.includes('api-key') },
    ...(Object.keys(recorded.damaged).length > 0 ? { damagedRecord: recorded.damaged } : {}),
    ...(input.exit === null ? { rebuilt: true } : {}),
    ...(manifest.shard ? { shard: `${manifest.shard.index}/${manifest.shard.count}` } : {}),
    ...(manifest.startAt !== undefined ? { startAt: manifest.startAt } : {}),
    loadspecVersion: LOADSPEC_VERSION,
    artilleryVersion: artilleryVersion(),
  };
  const base = buildRunResult(recorded, meta, { count4xx: thresholds.options.count4xx, slowThresholdMs: manifest.slowThresholdS * 1000, phases });

  const criteria = evaluateCriteria(thresholds.criteria, { ...base, monitor: input.monitor }, thresholds.options);
  const abortEvent = events.find((e) => e.type === 'aborted');
  const aborted = abortEvent ? { criterion: String(abortEvent['criterion'] ?? 'a criterion'), time: abortEvent.time } : null;
  // Arrivals behind the plan need no monitor (phases come from events.jsonl); CPU and event-loop delay do.
  const judged = judgeGeneratorSaturation(input.monitor?.samples ?? [], base.windows, base.phases);
  const stalled = generatorStalled({
    plannedUsers: manifest.plannedUsers,
    startedUsers,
    completion: meta.completion,
    phases: base.phases,
    plannedPhasesS: manifest.phases.reduce((end, p) => Math.max(end, p.offsetS + p.durationS), 0),
    capS: manifest.plannedDurationS,
    healthLines: manifest.expectedPlugins.includes('generator-health') ? await countLines(path.join(input.runDir, GENERATOR_HEALTH_FILE)) : Number.POSITIVE_INFINITY,
    healthIntervalS: GENERATOR_HEALTH_INTERVAL_S,
    loadDurationS: meta.actualDurationS,
  });
  const saturation = stalled === null || judged.saturated ? judged : { saturated: true, reason: stalled };
  const verdict = judge({
    criteria,
    totals: base.totals,
    refusal: { endpoints: base.endpoints, apiKey: meta.rules?.apiKey === true },
    expect4xx: thresholds.options.expect4xx === true,
    meta,
    aborted,
    untrusted: untrustedRecord(input, events, base.totals.requests, base.totals.redirects ?? 0),
    saturation: saturation.saturated ? { saturated: true, reason: saturation.reason ?? 'the load generator was saturated' } : null,
  });

  const monitor = input.monitor && saturation.caution ? { ...input.monitor, warnings: [...input.monitor.warnings, saturation.caution] } : input.monitor;
  const result: RunResult = { ...base, monitor, verdict };
  await writeRunResult(input.runDir, result);
  await writeAllReports(result, input.runDir);
  return { result, exitCode: exitCodeOf(result), recorded };
}
