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

export interface AbortDecision {
  entry: ParsedCriterionWithOptions;
  /** The criterion judged on the window that completed the grace period. */
  result: CriterionResult;
  /** Start of the first window of the failing streak, epoch ms. */
  failingSince: number;
  /** End of the window that completed the grace period, epoch ms. */
  time: number;
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
      const { criterion } = entry;
      // Degradation is only known at the end; monitor criteria are judged by the runner, not inside Artillery.
      if (criterion.kind === 'degradation' || criterion.kind === 'failed-sessions' || isMonitorCriterion(criterion)) continue;
      if (window.start < this.#runStart + criterion.afterS * 1000) continue;
      const alone = evaluateSpan(criterion, [window], this.#options, '');
      if (alone.status === 'no-data') continue;
      if (alone.status === 'passed') {
        this.#streaks.delete(entry);
        continue;
      }
      const streak = [...(this.#streaks.get(entry) ?? []), window];
      this.#streaks.set(entry, streak);
      const since = streak[0]?.start ?? window.start;
      if (window.end - since < entry.graceS * 1000) continue;
      const result = evaluateSpan(criterion, streak, this.#options, ` from ${timeRange(since, window.end).replace('-', ' to ')}`);
      return { entry, result, failingSince: since, time: window.end };
    }
    return null;
  }
}
