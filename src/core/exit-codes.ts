/**
 * Exit codes of `loadspec` (README has the same table; tests check each).
 * CI relies on them: 1 means the target failed a criterion, everything else means
 * the test itself could not judge the target.
 */
export const ExitCode = {
  /** Every criterion passed. */
  passed: 0,
  /** At least one criterion failed (or a comparison found a regression). */
  failed: 1,
  /** Invalid scenario file, flag or usage: nothing was started. */
  usage: 2,
  /** Target unhealthy or a required environment variable missing: no load was sent. */
  notRun: 3,
  /** The run did not complete: Artillery crashed, no request was sent, a plugin did not load. */
  incomplete: 4,
  /** The load generator was saturated: the numbers describe the generator, not the target. */
  inconclusive: 5,
  /** Stopped by Ctrl-C (SIGINT); partial results kept. */
  interrupted: 130,
  /** Stopped by SIGTERM; partial results kept. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
