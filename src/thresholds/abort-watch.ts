/**
 * Decides, window by window while a run goes, whether a criterion marked `abort: true` has been
 * failing long enough to stop the run. Each recorded window is judged on its own: a run is
 * "clearly failing" when the criterion fails in every window of the grace period, whatever the
 * whole-run value (which early good minutes can keep under the limit).
 */
import type { CriterionResult, RunWindow } from '../results/types.ts';
import type { EvaluationOptions, ParsedCriterionWithOptions } from './criterion.ts';
import { evaluateCriteria } from './evaluate.ts';

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
  readonly #failingSince = new Map<ParsedCriterionWithOptions, number>();
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
      if (criterion.kind === 'degradation') continue;
      if (window.start < this.#runStart + criterion.afterS * 1000) continue;
      const single = { ...entry, criterion: { ...criterion, windowS: null, afterS: 0 } };
      const [result] = evaluateCriteria([single], { windows: [window] }, this.#options);
      if (!result || result.status === 'no-data') continue;
      if (result.status === 'passed') {
        this.#failingSince.delete(entry);
        continue;
      }
      const since = this.#failingSince.get(entry) ?? window.start;
      this.#failingSince.set(entry, since);
      if (window.end - since >= entry.graceS * 1000) {
        return { entry, result: { ...result, text: criterion.text }, failingSince: since, time: window.end };
      }
    }
    return null;
  }
}
