/**
 * The one fold of a live run. The runner's tail (`watchProgress`, src/run/progress.ts) reads
 * every worker's per-second lines once and adds them here; core's WindowFolder folds each line
 * once into 10-s windows (and 1-s windows). Everything that shows or judges the run reads these
 * windows: the status line (`status()`), the abort (`LiveSession`, handed each 10-s window as it
 * closes), the dashboard (`closed`, `open()`, `recentSeconds`, `closedSum`) and the final result
 * (`final()`, which `finishRun` judges instead of reading the files again).
 */
import type { DDSketch } from '@artilleryio/sketches-js';
import { latencyStats, decodeSketch, newSketch } from '../core/sketch.ts';
import { WindowFolder } from '../core/seconds.ts';
import type { SecondLine } from '../core/seconds.ts';
import type { FailureRule } from '../core/traffic-summary.ts';
import type { RunWindow } from '../core/types.ts';
import type { SecondsRecord } from '../results/recorded-run.ts';
import { ClosedSum } from './closed-sum.ts';

/**
 * A window is closed (handed to the abort and the dashboard) once its period ended this long
 * ago: workers write their lines each second and the runner reads them each second, so by then
 * every worker's lines are in. A line later than that still reaches the final result.
 */
export const CLOSE_AFTER_MS = 2000;
/** Seconds of 1-s windows kept for the dashboard's charts (its final report shows all of the run). */
export const LIVE_CHART_SPAN_S = 300;
/** The status line's requests per second are over this much of the closed seconds, its p95 over P95_SPAN_MS. */
const RATE_SPAN_MS = 5000;
const P95_SPAN_MS = 10_000;

/** What the status line shows of the record. */
export interface RecordStatus {
  requests: number;
  failures: number;
  activeUsers: number;
  /** 10-s windows with data so far. */
  windows: number;
  /** Requests per second over the last few closed seconds. */
  rps: number;
  /** p95 over the last 10 closed seconds, ms; null before the first response. */
  p95: number | null;
}

export class LiveRecord {
  readonly #folder: WindowFolder;
  readonly #keepSecondsMs: number;
  readonly #forViews: boolean;
  /** The closed 10-s windows, in order, for the dashboard's criteria over the whole run (kept `forViews` only). */
  readonly closed: RunWindow[] = [];
  #closedCount = 0;
  /** The closed windows added up into one part (totals without merging every window again). */
  readonly closedSum = new ClosedSum();
  /** The closed 1-s windows of the last 10 s (the status line's), or `LIVE_CHART_SPAN_S` `forViews`. */
  readonly recentSeconds: RunWindow[] = [];
  /** The latency sketch of each of `recentSeconds`, decoded. */
  readonly #recentLatency: (DDSketch | null)[] = [];
  /** The open windows as last built; null once a line or a close changed them. */
  #open: RunWindow[] | null = null;
  #lines = 0;
  #lastMeasurementAt: number | null = null;
  readonly #files = new Set<string>();
  readonly #damaged: Record<string, number> = {};

  /**
   * `rule`: the run's failure rule, so every live figure is the one the result will show;
   * `forViews`: also keep what the dashboard shows (every closed window, minutes of 1-s windows).
   * Every 10-s period's sum is kept for `final()` in any case, packed once its window is closed
   * (sketches encoded: under 1 MB an hour where decoded sums took ~35 MB).
   */
  constructor(rule: FailureRule, options: { forViews?: boolean } = {}) {
    this.#folder = new WindowFolder({ rule, seconds: true, keep: true });
    this.#forViews = options.forViews === true;
    this.#keepSecondsMs = this.#forViews ? LIVE_CHART_SPAN_S * 1000 : P95_SPAN_MS;
  }

  /** A line of `file` (one worker's record). */
  add(file: string, line: SecondLine): void {
    this.#files.add(file);
    this.#lines += 1;
    this.#lastMeasurementAt = Math.max(this.#lastMeasurementAt ?? line.last, line.last);
    this.#folder.add(line);
    this.#open = null;
  }

  /** Lines of `file` that did not parse or had the wrong shape. */
  damaged(file: string, count: number): void {
    this.#files.add(file);
    if (count > 0) this.#damaged[file] = (this.#damaged[file] ?? 0) + count;
  }

  /** Closes the windows whose period ended before `before`; returns the 10-s windows it closed. */
  close(before: number): RunWindow[] {
    this.#open = null;
    this.#keepSeconds(this.#folder.takeSeconds(before));
    const windows = this.#folder.take(before);
    for (const window of windows) {
      if (this.#forViews) this.closed.push(window);
      this.closedSum.add(window);
    }
    this.#closedCount += windows.length;
    return windows;
  }

  /** Closes every window: the run has ended. */
  closeAll(): RunWindow[] {
    return this.close(Number.POSITIVE_INFINITY);
  }

  #keepSeconds(windows: readonly RunWindow[]): void {
    this.recentSeconds.push(...windows);
    // Decoded once for the status line's p95, which merges the newest seconds every tick.
    for (const w of windows) this.#recentLatency.push(w.latency === null ? null : decodeSketch(w.latency));
    const newest = this.recentSeconds.at(-1)?.end ?? 0;
    const firstKept = this.recentSeconds.findIndex((w) => w.end > newest - this.#keepSecondsMs);
    if (firstKept > 0) {
      this.recentSeconds.splice(0, firstKept);
      this.#recentLatency.splice(0, firstKept);
    }
  }

  /** The 10-s windows not closed yet, as they stand (built once per change: the status line and the dashboard both read them). */
  open(): RunWindow[] {
    this.#open ??= this.#folder.peek();
    return this.#open;
  }

  status(): RecordStatus {
    const open = this.open();
    const closed = this.closedSum.asWindow();
    let requests = closed?.requests ?? 0;
    let failures = closed?.failures ?? 0;
    for (const window of open) {
      requests += window.requests;
      failures += window.failures;
    }
    const activeUsers = open.at(-1)?.activeUsers ?? closed?.activeUsers ?? 0;
    return { requests, failures, activeUsers, windows: this.#closedCount + open.length, ...this.#recent() };
  }

  /** Requests per second and p95 over the newest closed seconds. */
  #recent(): { rps: number; p95: number | null } {
    const seconds = this.recentSeconds;
    const newest = seconds.at(-1);
    if (newest === undefined) return { rps: 0, p95: null };
    const lastStart = newest.end - 1000;
    let requests = 0;
    for (const s of seconds) if (s.start > lastStart - RATE_SPAN_MS) requests += s.requests;
    const spanMs = Math.min(RATE_SPAN_MS, newest.end - (seconds[0]?.start ?? newest.start));
    const merged = newSketch();
    seconds.forEach((s, i) => {
      const latency = this.#recentLatency[i];
      if (s.start > lastStart - P95_SPAN_MS && latency != null) merged.merge(latency);
    });
    return { rps: spanMs > 0 ? requests / (spanMs / 1000) : 0, p95: latencyStats(merged)?.p95 ?? null };
  }

  /** The whole record, as `finishRun` judges it: every 10-s window with every line, late ones included. */
  final(): SecondsRecord {
    return { windows: this.#folder.all(), seconds: this.#lines, lastMeasurementAt: this.#lastMeasurementAt, files: [...this.#files].sort(), damaged: { ...this.#damaged } };
  }
}
