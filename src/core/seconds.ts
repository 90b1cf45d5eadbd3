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
 * Everything else is folded from these lines by `WindowFolder`: live, by the runner's
 * LiveRecord (src/session), whose windows the status line, the dashboard, the abort and
 * the final result read; whole, by `loadspec report` of a run whose runner never wrote
 * summary.json; and under a plain `artillery run`, by the recorder for the thresholds
 * plugin. One record, one fold: no number can differ between them.
 */
import { DDSketch } from '@artilleryio/sketches-js';
import { decodeSketch, encodeSketch, newSketch } from './sketch.ts';
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

/** A line with its sketches decoded: decoded once, however many sums it goes into. */
export interface DecodedLine {
  counters: Record<string, number>;
  histograms: Record<string, DDSketch>;
  first: number;
  last: number;
}

export function decodeLine(line: SecondLine): DecodedLine {
  const histograms: Record<string, DDSketch> = {};
  for (const [name, encoded] of Object.entries(line.h)) {
    const sketch = decodeSketch(encoded);
    if (sketch.count > 0) histograms[name] = sketch;
  }
  return { counters: line.c, histograms, first: line.first, last: line.last };
}

/** Counters summed and sketches merged over lines (any workers, any seconds). */
export class SecondsSum {
  readonly counters: Record<string, number> = {};
  readonly histograms: Record<string, DDSketch> = {};
  first = Number.POSITIVE_INFINITY;
  last = 0;

  add(line: SecondLine | DecodedLine): void {
    const decoded = 'c' in line ? decodeLine(line) : line;
    for (const [name, value] of Object.entries(decoded.counters)) this.counters[name] = (this.counters[name] ?? 0) + value;
    for (const [name, sketch] of Object.entries(decoded.histograms)) (this.histograms[name] ??= newSketch()).merge(sketch);
    this.first = Math.min(this.first, decoded.first);
    this.last = Math.max(this.last, decoded.last);
  }
}

export function windowStartOf(time: number, periodMs: number = WINDOW_MS): number {
  return time - (time % periodMs);
}

/** A sum kept for later in the line format: its sketches encoded, a fraction of their decoded size. */
function pack(period: number, sum: SecondsSum): SecondLine {
  const h: Record<string, EncodedSketch> = {};
  for (const [name, sketch] of Object.entries(sum.histograms)) h[name] = encodeSketch(sketch);
  return { w: '', t: period, first: sum.first, last: sum.last, c: sum.counters, h };
}

function unpack(packed: SecondLine): SecondsSum {
  const sum = new SecondsSum();
  sum.add(packed);
  return sum;
}

/** The sums of one window length, and which of them have been handed out as windows. */
class Periods {
  readonly periodMs: number;
  readonly sums = new Map<number, SecondsSum>();
  /** Sums of taken periods kept for `all()`, packed. */
  readonly packed = new Map<number, SecondLine>();
  /** Periods before this have been taken. */
  emittedUpTo = Number.NEGATIVE_INFINITY;
  activeUsers = 0;

  constructor(periodMs: number) {
    this.periodMs = periodMs;
  }

  add(time: number, line: DecodedLine): boolean {
    const period = windowStartOf(time, this.periodMs);
    const packed = this.packed.get(period);
    if (packed !== undefined) {
      // A late line for a taken period: its sum is unpacked again, and packed at the next take.
      this.sums.set(period, unpack(packed));
      this.packed.delete(period);
    }
    let sum = this.sums.get(period);
    if (sum === undefined) this.sums.set(period, (sum = new SecondsSum()));
    sum.add(line);
    return period < this.emittedUpTo;
  }
}

/**
 * The one fold of the per-second record: lines summed across workers into 10-s periods
 * (and, when asked, 1-s periods for the dashboard's charts and the status line), each line
 * decoded once. The first window starts at the run's first measurement; a window the run
 * ended in ends at its last measurement, any other at its boundary. Active users are carried
 * from window to window.
 *
 * Live, windows are taken as their periods close (`take`, `takeSeconds`). A line that comes
 * after its period was taken (a worker that fell behind) is not in the window already handed
 * out; with `keep`, every period's sum is kept, and `all()` gives every window again with
 * such lines in: what the final result is made of.
 */
export class WindowFolder {
  readonly #rule: FailureRule;
  readonly #periods: Periods;
  readonly #seconds: Periods | null;
  readonly #keep: boolean;
  #first: number | null = null;
  /** Lines that came after their 10-s period was taken. */
  late = 0;

  /**
   * `rule`: which responses the windows count as failures (the run's `count4xx`);
   * `periodMs`: the window length (10 s for results); `seconds`: also fold 1-s windows
   * (`takeSeconds`); `keep`: keep every period's sum for `all()`.
   */
  constructor(options: { rule?: FailureRule; periodMs?: number; seconds?: boolean; keep?: boolean } = {}) {
    this.#rule = options.rule ?? DEFAULT_FAILURE_RULE;
    this.#periods = new Periods(options.periodMs ?? WINDOW_MS);
    this.#seconds = options.seconds === true ? new Periods(1000) : null;
    this.#keep = options.keep === true;
  }

  add(line: SecondLine): void {
    this.#first = this.#first === null ? line.first : Math.min(this.#first, line.first);
    const decoded = decodeLine(line);
    if (this.#periods.add(line.t, decoded)) this.late += 1;
    this.#seconds?.add(line.t, decoded);
  }

  /** Windows of the periods that ended before `before` (all when omitted), in time order; each once. */
  take(before: number = Number.POSITIVE_INFINITY): RunWindow[] {
    return this.#take(this.#periods, before, !this.#keep);
  }

  /** The 1-s windows of the seconds that ended before `before` (all when omitted); only with `seconds`. */
  takeSeconds(before: number = Number.POSITIVE_INFINITY): RunWindow[] {
    return this.#seconds === null ? [] : this.#take(this.#seconds, before, true);
  }

  #take(periods: Periods, before: number, drop: boolean): RunWindow[] {
    const ready = [...periods.sums.keys()].filter((p) => p >= periods.emittedUpTo && p + periods.periodMs <= before).sort((a, b) => a - b);
    const windows: RunWindow[] = [];
    for (const period of ready) {
      const sum = periods.sums.get(period) ?? new SecondsSum();
      const last = before === Number.POSITIVE_INFINITY && ready[ready.length - 1] === period;
      const window = this.#window(periods.periodMs, period, sum, last, periods.activeUsers);
      periods.activeUsers = window.activeUsers;
      periods.emittedUpTo = period + periods.periodMs;
      windows.push(window);
    }
    // Sums of taken periods (and late lines for them) are dropped, or packed for all().
    for (const [period, sum] of periods.sums) {
      if (period >= periods.emittedUpTo) continue;
      if (!drop) periods.packed.set(period, pack(period, sum));
      periods.sums.delete(period);
    }
    return windows;
  }

  /** Windows of the 10-s periods not taken yet, as they stand (the last ends at its last measurement); nothing is removed. */
  peek(): RunWindow[] {
    const periods = this.#periods;
    const open = [...periods.sums.keys()].filter((p) => p >= periods.emittedUpTo).sort((a, b) => a - b);
    let activeUsers = periods.activeUsers;
    return open.map((period, i) => {
      const window = this.#window(periods.periodMs, period, periods.sums.get(period) ?? new SecondsSum(), i === open.length - 1, activeUsers);
      activeUsers = window.activeUsers;
      return window;
    });
  }

  /** Every 10-s window of the record, late lines included (with `keep`; otherwise only the periods not taken yet). */
  all(): RunWindow[] {
    const periods = this.#periods;
    const every = [...periods.sums.keys(), ...periods.packed.keys()].sort((a, b) => a - b);
    let activeUsers = 0;
    return every.map((period, i) => {
      const packed = periods.packed.get(period);
      const sum = periods.sums.get(period) ?? (packed === undefined ? new SecondsSum() : unpack(packed));
      const window = this.#window(periods.periodMs, period, sum, i === every.length - 1, activeUsers);
      activeUsers = window.activeUsers;
      return window;
    });
  }

  #window(periodMs: number, period: number, sum: SecondsSum, last: boolean, activeUsersBefore: number): RunWindow {
    const start = this.#first !== null && this.#first > period ? this.#first : period;
    const end = last ? Math.max(start, sum.last) : period + periodMs;
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
