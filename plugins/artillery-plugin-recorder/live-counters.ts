/**
 * Running totals of one worker thread, written once a second to
 * `live-<worker>.json` in the run directory, so the runner's status line moves
 * between Artillery's 10-second reports. Only counters are touched per request;
 * the file is replaced atomically (write, then rename) so a reader never sees half.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a `live-<worker>.json` file holds. */
export interface LiveTotals {
  time: number;
  /** Virtual users started by this worker. */
  users: number;
  requests: number;
  failures: number;
}

export const LIVE_FILE_PREFIX = 'live-';

export class LiveCounters {
  users = 0;
  requests = 0;
  failures = 0;
  private readonly file: string;
  private written = -1;

  constructor(runDir: string, worker: string) {
    mkdirSync(runDir, { recursive: true });
    this.file = path.join(runDir, `${LIVE_FILE_PREFIX}${worker}.json`);
    // Never keeps the worker alive.
    setInterval(() => this.flush(), 1000).unref();
  }

  flush(): void {
    const changes = this.users + this.requests + this.failures;
    if (changes === this.written) return;
    this.written = changes;
    const totals: LiveTotals = { time: Date.now(), users: this.users, requests: this.requests, failures: this.failures };
    try {
      writeFileSync(`${this.file}.tmp`, JSON.stringify(totals));
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // Progress is a convenience; the recorded windows are the record.
    }
  }
}
