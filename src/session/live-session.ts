/**
 * The runner's one judge of a live run: each 10-s window of the LiveRecord (the one fold,
 * ./live-record.ts) is judged as it closes by core's AbortWatch (the rule the dashboard's
 * "failing for" uses too), and an abort is decided once and handed to the runner, which stops
 * Artillery itself. See ./README.md for who reads, folds, judges and stops what.
 */
import { AbortWatch } from '../core/criteria/abort-watch.ts';
import type { AbortDecision } from '../core/criteria/abort-watch.ts';
import type { ThresholdsConfig } from '../core/criteria/config.ts';
import type { RunWindow } from '../core/types.ts';

export class LiveSession {
  readonly #watch: AbortWatch;
  readonly #onAbort: (decision: AbortDecision) => void;
  #aborted: AbortDecision | null = null;

  /** `onAbort` is called once, when an `abort: true` criterion has failed for its grace. */
  constructor(thresholds: ThresholdsConfig, onAbort: (decision: AbortDecision) => void) {
    this.#watch = new AbortWatch(thresholds.criteria, thresholds.options);
    this.#onAbort = onAbort;
  }

  /** Windows that have just closed, in order. */
  observe(closed: readonly RunWindow[]): void {
    for (const window of closed) {
      if (this.#aborted !== null) return;
      const decision = this.#watch.observe(window);
      if (decision === null) continue;
      this.#aborted = decision;
      this.#onAbort(decision);
    }
  }
}
