/**
 * The record of a run: what every Artillery worker thread measured, second by second.
 *
 * Each worker appends one line per second (more when it stops: see the recorder
 * plugin) to `seconds-w<worker>.jsonl` in the run directory, synchronously, so a line
 * on disk survives Ctrl-C, SIGTERM, an abort, the duration cap and a crash of the
 * runner; kill -9 of Artillery itself loses at most the second in progress. A line
 * holds every counter Artillery and our plugins counted in that second (Artillery's
 * own names: `http.requests`, `vusers.created`, `errors.ETIMEDOUT`, ... and ours:
 * `plugins.recorder.*`, `loadspec.slow.*`) and the latency sketches of that second.
 *
 * Everything else is folded from these lines by `foldSeconds`: the 10-s RunWindows of
 * summary.json, the live status line, the thresholds plugin's live judgement, and
 * `loadspec report` of a run whose runner never wrote summary.json. One record, one
 * fold: no number can differ between them.
 */
import { DDSketch } from '@artilleryio/sketches-js';
import { decodeSketch, newSketch } from './sketch.ts';
import type { EncodedSketch, RunWindow } from './types.ts';
import { toRunWindow } from './to-window.ts';
import { DEFAULT_FAILURE_RULE } from './traffic-summary.ts';
import type { FailureRule } from './traffic-summary.ts';
import { isRecord } from './is-record.ts';

export const SECONDS_FILE_PREFIX = 'seconds-';
/** RunWindows are 10 s long, aligned to the wall clock like Artillery's reporting periods. */
export const WINDOW_MS = 10_000;

/** One line of `seconds-w<worker>.jsonl`: what one worker counted within one second (a delta). */
export interface SecondLine {
  /** The worker that wrote it, e.g. `w1`. */
  w: string;
  /** Start of the second, epoch ms (a multiple of 1000). */
  t: number;
  /** First and last measurement within the line, epoch ms. */
  first: number;
  last: number;
  /** Counter name -> amount in this line. */
  c: Record<string, number>;
  /** Histogram name -> DDSketch of this line's values. */
  h: Record<string, EncodedSketch>;
}

export function secondsFileName(worker: string): string {
  return `${SECONDS_FILE_PREFIX}${worker}.jsonl`;
}

export function isSecondsFile(name: string): boolean {
  return name.startsWith(SECONDS_FILE_PREFIX) && name.endsWith('.jsonl');
}

export function isSecondLine(value: unknown): value is SecondLine {
  return (
    isRecord(value) &&
    typeof value['w'] === 'string' &&
    typeof value['t'] === 'number' &&
    typeof value['first'] === 'number' &&
    typeof value['last'] === 'number' &&
    isRecord(value['c']) &&
    isRecord(value['h'])
  );
}

/** Counters summed and sketches merged over lines (any workers, any seconds). */
export class SecondsSum {
  readonly counters: Record<string, number> = {};
  readonly histograms: Record<string, DDSketch> = {};
  first = Number.POSITIVE_INFINITY;
  last = 0;

  add(line: SecondLine): void {
    for (const [name, value] of Object.entries(line.c)) this.counters[name] = (this.counters[name] ?? 0) + value;
    for (const [name, encoded] of Object.entries(line.h)) {
      const sketch = decodeSketch(encoded);
      if (sketch.count === 0) continue;
      (this.histograms[name] ??= newSketch()).merge(sketch);
    }
    this.first = Math.min(this.first, line.first);
    this.last = Math.max(this.last, line.last);
  }
}

export function windowStartOf(time: number, periodMs: number = WINDOW_MS): number {
  return time - (time % periodMs);
}

/**
 * Groups lines into 10-s periods (summed across workers). The first window starts at
 * the run's first measurement; a window the run ended in ends at its last measurement,
 * any other at its 10-s boundary. Active users are carried from window to window.
 * The dashboard folds the same lines into 1-s periods too (`periodMs`).
 */
export class WindowFolder {
  readonly #rule: FailureRule;
  readonly #periods = new Map<number, SecondsSum>();
  readonly #periodMs: number;
  #activeUsers = 0;
  #first: number | null = null;
  #emittedUpTo = Number.NEGATIVE_INFINITY;

  /**
   * `rule`: which responses the windows count as failures (the run's `count4xx`);
   * `periodMs`: the window length (10 s for results, 1 s for the dashboard).
   */
  constructor(options: { rule?: FailureRule; periodMs?: number } = {}) {
    this.#rule = options.rule ?? DEFAULT_FAILURE_RULE;
    this.#periodMs = options.periodMs ?? WINDOW_MS;
  }

  add(line: SecondLine): void {
    this.#first = this.#first === null ? line.first : Math.min(this.#first, line.first);
    const period = windowStartOf(line.t, this.#periodMs);
    let sum = this.#periods.get(period);
    if (sum === undefined) this.#periods.set(period, (sum = new SecondsSum()));
    sum.add(line);
  }

  /** Windows of the periods that ended before `before` (all when omitted), in time order; each once. */
  take(before: number = Number.POSITIVE_INFINITY): RunWindow[] {
    const ready = [...this.#periods.keys()].filter((p) => p + this.#periodMs <= before).sort((a, b) => a - b);
    const windows: RunWindow[] = [];
    for (const period of ready) {
      const sum = this.#periods.get(period);
      this.#periods.delete(period);
      if (sum === undefined || period < this.#emittedUpTo) continue;
      const last = before === Number.POSITIVE_INFINITY && ready[ready.length - 1] === period;
      const window = this.#window(period, sum, last, this.#activeUsers);
      this.#activeUsers = window.activeUsers;
      this.#emittedUpTo = period + this.#periodMs;
      windows.push(window);
    }
    return windows;
  }

  /** Windows of the periods not taken yet, as they stand (the last ends at its last measurement); nothing is removed. */
  peek(): RunWindow[] {
    const open = [...this.#periods.keys()].filter((p) => p >= this.#emittedUpTo).sort((a, b) => a - b);
    let activeUsers = this.#activeUsers;
    return open.map((period, i) => {
      const window = this.#window(period, this.#periods.get(period) ?? new SecondsSum(), i === open.length - 1, activeUsers);
      activeUsers = window.activeUsers;
      return window;
    });
  }

  #window(period: number, sum: SecondsSum, last: boolean, activeUsersBefore: number): RunWindow {
    const start = this.#first !== null && this.#first > period ? this.#first : period;
    const end = last ? Math.max(start, sum.last) : period + this.#periodMs;
    return toRunWindow(
      { period, counters: sum.counters, histograms: sum.histograms, firstMetricAt: sum.first, lastMetricAt: sum.last },
      { start, end, activeUsersBefore },
      this.#rule,
    );
  }
}

/** The RunWindows of a whole record. */
export function foldSeconds(lines: Iterable<SecondLine>, rule: FailureRule = DEFAULT_FAILURE_RULE): RunWindow[] {
  const folder = new WindowFolder({ rule });
  for (const line of lines) folder.add(line);
  return folder.take();
}
