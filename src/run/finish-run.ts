/**
 * After Artillery has stopped, for whatever reason: read what was recorded, decide
 * whether the run can be judged at all, judge it, and write summary.json and the
 * reports. This is also the path for interrupted and crashed runs, so everything
 * gathered so far ends up on disk, marked partial.
 */
import { readRunDirectory, buildRunResult, writeRunResult } from '../results/run-directory.ts';
import type { RunResult, Verdict, PhaseRecord } from '../results/types.ts';
import type { MonitorData } from '../monitor/types.ts';
import { judgeGeneratorSaturation } from '../monitor/saturation.ts';
import { parseThresholdsConfig } from '../thresholds/config.ts';
import { evaluateCriteria, decideVerdict } from '../thresholds/evaluate.ts';
import { writeAllReports } from '../report/write-all.ts';
import { artilleryVersion } from './artillery-process.ts';
import type { ArtilleryExit } from './artillery-process.ts';
import { ExitCode } from './exit-codes.ts';
import type { ExitCodeValue } from './exit-codes.ts';
import { phaseRecords } from './resolve-script.ts';
import type { PlannedPhase } from './resolve-script.ts';
import { LOADSPEC_VERSION } from '../version.ts';

const VERDICT_EXIT: Record<Verdict['status'], ExitCodeValue> = {
  passed: ExitCode.passed,
  failed: ExitCode.failed,
  errored: ExitCode.incomplete,
  inconclusive: ExitCode.inconclusive,
};

export type StopCause = 'SIGINT' | 'SIGTERM' | null;

export interface FinishInput {
  runDir: string;
  scenario: string;
  configFile: string;
  target: string;
  startedAt: number;
  endedAt: number;
  plannedDurationS: number;
  phases: PlannedPhase[];
  expectedPlugins: string[];
  thresholds: unknown;
  slowThresholdS: number;
  shard?: { index: number; count: number } | undefined;
  exit: ArtilleryExit;
  stopCause: StopCause;
  monitor: MonitorData | null;
}

interface RecordedEvent {
  type: string;
  time?: number;
  name?: string;
  index?: number;
  criterion?: string;
  reason?: string;
}

/** Why the run is partial, or null when it ran to its end (or to its planned duration). */
function partialReason(input: FinishInput, events: RecordedEvent[]): string | null {
  if (input.stopCause === 'SIGINT') return 'interrupted (Ctrl-C)';
  if (input.stopCause === 'SIGTERM') return 'interrupted (SIGTERM)';
  const aborted = events.find((e) => e.type === 'aborted');
  if (aborted) return `stopped early because "${aborted.criterion ?? 'a criterion'}" kept failing`;
  if (input.exit.kind === 'killed' && !input.exit.capped) return `Artillery was killed (${input.exit.signal})`;
  // 21: the expect plugin's "a check failed"; failed checks are failed requests and the verdict judges them.
  if (input.exit.kind === 'exited' && !input.exit.capped && ![0, 1, 21].includes(input.exit.exitCode)) {
    return `Artillery exited with code ${input.exit.exitCode} (see artillery.log)`;
  }
  return null;
}

function seenPhases(events: RecordedEvent[]): Map<number, { start?: number; end?: number }> {
  const seen = new Map<number, { start?: number; end?: number }>();
  for (const e of events) {
    if (typeof e.index !== 'number' || typeof e.time !== 'number') continue;
    const entry = seen.get(e.index) ?? {};
    if (e.type === 'phaseStarted') entry.start = e.time;
    if (e.type === 'phaseCompleted') entry.end = e.time;
    seen.set(e.index, entry);
  }
  return seen;
}

export async function finishRun(input: FinishInput): Promise<{ result: RunResult; exitCode: ExitCodeValue }> {
  const recorded = await readRunDirectory(input.runDir);
  const events = recorded.events as RecordedEvent[];
  const partial = partialReason(input, events);
  const thresholds = parseThresholdsConfig(input.thresholds, input.slowThresholdS * 1000);
  const phases: PhaseRecord[] = phaseRecords(input.phases, input.startedAt, seenPhases(events));

  const base = buildRunResult(
    recorded,
    {
      scenario: input.scenario,
      configFile: input.configFile,
      target: input.target,
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      plannedDurationS: input.plannedDurationS,
      actualDurationS: Math.round((input.endedAt - input.startedAt) / 100) / 10,
      completion: partial ? 'partial' : 'complete',
      ...(partial ? { partialReason: partial } : {}),
      ...(input.shard ? { shard: `${input.shard.index}/${input.shard.count}` } : {}),
      loadspecVersion: LOADSPEC_VERSION,
      artilleryVersion: artilleryVersion(),
    },
    { count4xx: thresholds.options.count4xx, slowThresholdMs: input.slowThresholdS * 1000, phases },
  );

  const criteria = evaluateCriteria(thresholds.criteria, { ...base, monitor: input.monitor }, thresholds.options);
  const abortEvent = events.find((e) => e.type === 'aborted');
  const aborted = abortEvent ? { criterion: abortEvent.criterion ?? 'a criterion', time: abortEvent.time ?? input.endedAt } : null;
  let verdict: Verdict = decideVerdict(criteria, { totals: base.totals, aborted });
  let exitCode: ExitCodeValue = VERDICT_EXIT[verdict.status];

  const loaded = new Set(events.filter((e) => e.type === 'plugin-loaded').map((e) => e.name));
  const missing = input.expectedPlugins.filter((name) => !loaded.has(name));
  // Arrivals behind the plan need no monitor (phases come from events.jsonl); CPU and event-loop delay do.
  const saturation = judgeGeneratorSaturation(input.monitor?.samples ?? [], base.windows, base.phases);

  if (missing.length > 0) {
    verdict = {
      ...verdict,
      status: 'errored',
      reason: `plugin${missing.length > 1 ? 's' : ''} ${missing.join(', ')} did not load in Artillery (see artillery.log), so the run cannot be trusted`,
    };
    exitCode = ExitCode.incomplete;
  } else if (base.totals.requests === 0) {
    verdict = { ...verdict, status: 'errored', reason: partial ? `no request was sent before the run stopped (${partial})` : 'no request was sent (see artillery.log)' };
    exitCode = ExitCode.incomplete;
  } else if (saturation.saturated) {
    verdict = { ...verdict, status: 'inconclusive', reason: saturation.reason };
    exitCode = ExitCode.inconclusive;
  } else if (partial && input.stopCause === null && verdict.status === 'passed' && !aborted) {
    // A crash that left passing numbers behind is still not a pass.
    verdict = { ...verdict, status: 'errored', reason: `the run did not complete: ${partial}` };
    exitCode = ExitCode.incomplete;
  }
  if (input.stopCause === 'SIGINT') exitCode = ExitCode.interrupted;
  if (input.stopCause === 'SIGTERM') exitCode = ExitCode.terminated;
  if (partial && !verdict.reason) verdict = { ...verdict, reason: `the run is partial: ${partial}` };

  const monitor = input.monitor && saturation.caution ? { ...input.monitor, warnings: [...input.monitor.warnings, saturation.caution] } : input.monitor;
  const result: RunResult = { ...base, monitor, verdict };
  await writeRunResult(input.runDir, result);
  await writeAllReports(result, input.runDir);
  return { result, exitCode };
}
