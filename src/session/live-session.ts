/**
 * The runner's one owner of a live run: the record the progress watch tails (every worker's
 * per-second lines) is folded here into 10-s windows by core's WindowFolder, the windows are
 * judged as they close by core's AbortWatch (the rule the dashboard's "failing for" uses too),
 * and an abort is decided once and handed to the runner, which stops Artillery itself.
 * See ./README.md for who reads, folds, judges and stops what.
 */
import { AbortWatch } from '../core/criteria/abort-watch.ts';
import type { AbortDecision } from '../core/criteria/abort-watch.ts';
import type { ThresholdsConfig } from '../core/criteria/config.ts';
import { WindowFolder } from '../core/seconds.ts';
import type { SecondLine } from '../core/seconds.ts';

/**
 * A 10-s window is judged once its period ended this long ago: workers write their lines each
 * second and the runner reads them each second, so by then every worker's lines are in.
 */
export const CLOSE_AFTER_MS = 2000;

export class LiveSession {
  readonly #folder: WindowFolder;
  readonly #watch: AbortWatch;
  readonly #onAbort: (decision: AbortDecision) => void;
  #aborted: AbortDecision | null = null;

  /** `onAbort` is called once, when an `abort: true` criterion has failed for its grace. */
  constructor(thresholds: ThresholdsConfig, onAbort: (decision: AbortDecision) => void) {
    // Failures counted by the run's rule, as in the final result.
    this.#folder = new WindowFolder({ rule: { count4xx: thresholds.options.count4xx } });
    this.#watch = new AbortWatch(thresholds.criteria, thresholds.options);
    this.#onAbort = onAbort;
  }

  /** New lines of the record; windows whose period ended before `closedBefore` are closed and judged. */
  add(lines: readonly SecondLine[], closedBefore: number = Date.now() - CLOSE_AFTER_MS): void {
    for (const line of lines) this.#folder.add(line);
    for (const window of this.#folder.take(closedBefore)) {
      if (this.#aborted !== null) continue;
      const decision = this.#watch.observe(window);
      if (decision === null) continue;
      this.#aborted = decision;
      this.#onAbort(decision);
    }
  }
}
