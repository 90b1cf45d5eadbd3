/**
 * Worker side of the record (src/core/seconds.ts): one worker's counters and latency
 * sketches for the second in progress, appended to `seconds-w<worker>.jsonl` when the
 * second is over and, within a busy second, every FLUSH_MS (a line is a delta: a
 * second may have two), with a synchronous write, so what is on disk survives
 * whatever happens to the process next; kill -9 loses at most FLUSH_MS.
 *
 * When the run stops (Ctrl-C, SIGTERM, an abort, the cap: see record-channel.ts), the
 * main process asks every worker for a final flush; from then on each measurement is
 * written at once ("write-through"), because Artillery's main thread exits without
 * waiting for its workers and whatever a worker still held would be lost.
 *
 * Memory: one second of counters (a few dozen names) and sketches (one per endpoint)
 * at a time; nothing grows with the length of the run.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { DDSketch } from '@artilleryio/sketches-js';
import { encodeSketch, newSketch } from '../../src/core/sketch.ts';
import { secondsFileName } from '../../src/core/seconds.ts';
import type { SecondLine } from '../../src/core/seconds.ts';

/** Longest time a measurement waits in memory. */
export const FLUSH_MS = 500;

export interface SecondRecorderOptions {
  /** Called with every line written (the main process hears of it through the record channel). */
  onLine?: (line: string) => void;
  /** Called once when a write fails (e.g. a full disk); recording stops then. */
  onWriteError?: (error: NodeJS.ErrnoException) => void;
}

export class SecondRecorder {
  readonly file: string;
  readonly #worker: string;
  readonly #options: SecondRecorderOptions;
  #fd: number | null = null;
  #failed = false;
  #second = 0;
  #first = 0;
  #last = 0;
  #counters = new Map<string, number>();
  #sketches = new Map<string, DDSketch>();
  #empty = true;
  #writeThrough = false;
  readonly #timer: NodeJS.Timeout;

  constructor(runDir: string, worker: string, options: SecondRecorderOptions = {}) {
    this.file = path.join(runDir, secondsFileName(worker));
    this.#worker = worker;
    this.#options = options;
    // Never keeps the worker alive.
    this.#timer = setInterval(() => this.flush(), FLUSH_MS);
    this.#timer.unref();
    process.once('exit', () => this.flush());
  }

  /** Adds `value` to counter `name` at time `t` (ms). */
  count(name: string, value: number, t: number = Date.now()): void {
    this.#at(t);
    this.#counters.set(name, (this.#counters.get(name) ?? 0) + value);
    if (this.#writeThrough) this.flush();
  }

  /** Adds one measurement to histogram `name` at time `t` (ms). */
  observe(name: string, value: number, t: number = Date.now()): void {
    this.#at(t);
    let sketch = this.#sketches.get(name);
    if (sketch === undefined) this.#sketches.set(name, (sketch = newSketch()));
    sketch.accept(value);
    if (this.#writeThrough) this.flush();
  }

  /** Writes what is held now and writes every later measurement at once. */
  finalFlush(): void {
    this.#writeThrough = true;
    this.flush();
  }

  #at(t: number): void {
    const second = t - (t % 1000);
    if (second > this.#second) {
      if (!this.#empty) this.flush();
      this.#second = second;
      this.#first = t;
    }
    if (this.#empty) this.#first = t;
    this.#empty = false;
    this.#last = Math.max(this.#last, t);
  }

  /** Appends the held measurements as one line and starts afresh. */
  flush(): void {
    if (this.#empty) return;
    const line: SecondLine = { w: this.#worker, t: this.#second, first: this.#first, last: this.#last, c: Object.fromEntries(this.#counters), h: {} };
    for (const [name, sketch] of this.#sketches) line.h[name] = encodeSketch(sketch);
    this.#counters = new Map();
    this.#sketches = new Map();
    this.#empty = true;
    const text = JSON.stringify(line);
    this.#write(`${text}\n`);
    this.#options.onLine?.(text);
  }

  #write(text: string): void {
    if (this.#failed) return;
    try {
      if (this.#fd === null) {
        mkdirSync(path.dirname(this.file), { recursive: true });
        this.#fd = openSync(this.file, 'a');
      }
      writeSync(this.#fd, text);
    } catch (error: unknown) {
      this.#failed = true;
      this.#options.onWriteError?.(error as NodeJS.ErrnoException);
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}
