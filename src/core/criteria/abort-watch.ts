/**
 * Decides, window by window while a run goes, whether a criterion marked `abort: true` has been
 * failing long enough to stop the run. Each recorded window is judged on its own: a run is
 * "clearly failing" when the criterion fails in every window of the grace period, whatever the
 * whole-run value (which early good minutes can keep under the limit).
 */
import type { CriterionResult, RunWindow } from '../types.ts';
import { isMonitorCriterion } from './criterion.ts';
import type { EvaluationOptions, ParsedCriterionWithOptions } from './criterion.ts';
import { timeRange } from './describe.ts';
import { evaluateSpan } from './evaluate.ts';
import type { WindowedCriterion } from './evaluate.ts';

export interface AbortDecision {
  entry: ParsedCriterionWithOptions;
  /** The criterion judged on the window that completed the grace period. */
  result: CriterionResult;
  /** Start of the first window of the failing streak, epoch ms. */
  failingSince: number;
  /** End of the window that completed the grace period, epoch ms. */
  time: number;
}

/** The criterion when a window alone can judge it; null for those known only at the end or judged by the runner. */
function windowedOf(entry: ParsedCriterionWithOptions): WindowedCriterion | null {
  const { criterion } = entry;
  return criterion.kind === 'degradation' || criterion.kind === 'failed-sessions' || isMonitorCriterion(criterion) ? null : criterion;
}

/** What one more window does to a criterion's failing streak. */
type StreakStep = 'extend' | 'reset' | 'skip';

/**
 * The one rule of a failing streak, for the watch that aborts and for the dashboard that shows
 * "failing for": a window before `after` or without data for the criterion leaves the streak as
 * it is, a passing one ends it, a failing one extends it. Criteria known only at the end (and the
 * monitor's, judged by the runner) have no streak.
 */
function streakStep(entry: ParsedCriterionWithOptions, window: RunWindow, runStart: number, options: EvaluationOptions): StreakStep {
  const criterion = windowedOf(entry);
  if (criterion === null) return 'skip';
  if (window.start < runStart + criterion.afterS * 1000) return 'skip';
  const alone = evaluateSpan(criterion, [window], options, '');
  if (alone.status === 'no-data') return 'skip';
  return alone.status === 'passed' ? 'reset' : 'extend';
}

/**
 * The failing streak at the end of `windows` (in time order, the first one the run's start), by
 * the rule that stops a run: from the start of its first window to the end of its last; null when
 * the criterion is not failing now.
 */
export function failingStreak(
  entry: ParsedCriterionWithOptions,
  windows: readonly RunWindow[],
  options: EvaluationOptions,
): { since: number; end: number } | null {
  const runStart = windows[0]?.start;
  if (runStart === undefined) return null;
  let streak = null as { since: number; end: number } | null;
  for (const window of windows) {
    const step = streakStep(entry, window, runStart, options);
    if (step === 'reset') streak = null;
    else if (step === 'extend') streak = { since: streak?.since ?? window.start, end: window.end };
  }
  return streak;
}

export class AbortWatch {
  readonly #entries: ParsedCriterionWithOptions[];
  readonly #options: EvaluationOptions;
  /** The windows of each criterion's current failing streak. */
  readonly #streaks = new Map<ParsedCriterionWithOptions, RunWindow[]>();
  #runStart: number | null = null;

  constructor(criteria: readonly ParsedCriterionWithOptions[], options: EvaluationOptions) {
    this.#entries = criteria.filter((entry) => entry.abort);
    this.#options = options;
  }

  get watching(): number {
    return this.#entries.length;
  }

  /** Judges one recorded window; a decision means: stop the run now. */
  observe(window: RunWindow): AbortDecision | null {
    this.#runStart ??= window.start;
    for (const entry of this.#entries) {
      const step = streakStep(entry, window, this.#runStart, this.#options);
      if (step === 'skip') continue;
      if (step === 'reset') {
        this.#streaks.delete(entry);
        continue;
      }
      const streak = [...(this.#streaks.get(entry) ?? []), window];
      this.#streaks.set(entry, streak);
      const since = streak[0]?.start ?? window.start;
      if (window.end - since < entry.graceS * 1000) continue;
      const criterion = windowedOf(entry);
      if (criterion === null) continue;
      const result = evaluateSpan(criterion, streak, this.#options, ` from ${timeRange(since, window.end).replace('-', ' to ')}`);
      return { entry, result, failingSince: since, time: window.end };
    }
    return null;
  }
}

/** The line a run stops with, the same wherever the abort is decided (the runner, or the plugin under a plain `artillery run`). */
export function abortLine(decision: AbortDecision): string {
  const failingS = Math.round((decision.time - decision.failingSince) / 1000);
  return `stopping the run early: "${decision.entry.criterion.text}" has failed for ${failingS} s (abort after ${decision.entry.graceS} s): ${decision.result.message}`;
}

/** The `aborted` line of events.jsonl, from which the final result knows the run was stopped early. */
export function abortEvent(decision: AbortDecision, time: number): Record<string, unknown> {
  return { type: 'aborted', criterion: decision.entry.criterion.text, reason: decision.result.message, failingSince: decision.failingSince, time };
}
