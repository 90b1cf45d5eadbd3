/**
 * Appends JSON lines to a file with a few milliseconds of buffering: one write per
 * burst instead of one per record, memory bounded by `maxPending`. Artillery does not
 * reliably call a worker's cleanup, so pending lines are also written on process exit
 * (a worker thread's `process.exit` fires it); at most `flushMs` of lines are lost to
 * kill -9.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { reportWriteError } from './run-files.ts';

export class JsonLinesWriter {
  readonly file: string;
  readonly #flushMs: number;
  readonly #maxPending: number;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #ready = false;

  constructor(file: string, options: { flushMs?: number; maxPending?: number } = {}) {
    this.file = file;
    this.#flushMs = options.flushMs ?? 10;
    this.#maxPending = options.maxPending ?? 200;
    process.once('exit', () => this.flush());
  }

  write(value: unknown): void {
    this.#pending.push(`${JSON.stringify(value)}\n`);
    if (this.#pending.length >= this.#maxPending) {
      this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#flushMs);
      this.#timer.unref();
    }
  }

  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return;
    const text = this.#pending.join('');
    this.#pending = [];
    try {
      if (!this.#ready) {
        mkdirSync(path.dirname(this.file), { recursive: true });
        this.#ready = true;
      }
      appendFileSync(this.file, text);
    } catch (error: unknown) {
      reportWriteError(this.file, error);
    }
  }
}
