/**
 * Prints at most `linesPerSecond` lines per second (a token bucket, so a burst is
 * cut at once), then one "... and K more" line per second while lines are dropped.
 * The budget is shared by the worker threads: each gets an equal part.
 */
export class ConsoleLimiter {
  readonly #rate: number;
  readonly #capacity: number;
  readonly #print: (line: string) => void;
  readonly #now: () => number;
  readonly #droppedNote: string;
  #tokens: number;
  #last: number;
  #dropped = 0;
  #summaryTimer: NodeJS.Timeout | undefined;

  constructor(options: {
    linesPerSecond: number;
    workers: number;
    /** Appended to the "... and K more" line, e.g. where the full list is. */
    droppedNote?: string;
    print?: (line: string) => void;
    now?: () => number;
  }) {
    this.#droppedNote = options.droppedNote ?? '';
    this.#rate = options.linesPerSecond / Math.max(1, options.workers);
    this.#capacity = this.#rate > 0 ? Math.max(1, this.#rate) : 0;
    this.#print = options.print ?? ((line) => console.log(line));
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#capacity;
    this.#last = this.#now();
  }

  /** Prints `line` now if the budget allows, otherwise counts it for the next summary. */
  offer(line: string): void {
    if (this.#rate <= 0) return;
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#print(line);
      return;
    }
    this.#dropped += 1;
    if (this.#summaryTimer === undefined) {
      this.#summaryTimer = setTimeout(() => this.flushSummary(), 1000);
      this.#summaryTimer.unref();
    }
  }

  /** Prints the pending "... and K more" line, if any. */
  flushSummary(): void {
    if (this.#summaryTimer !== undefined) clearTimeout(this.#summaryTimer);
    this.#summaryTimer = undefined;
    if (this.#dropped === 0) return;
    const count = this.#dropped;
    this.#dropped = 0;
    this.#print(`... and ${count} more slow request${count === 1 ? '' : 's'}${this.#droppedNote}`);
  }
}
