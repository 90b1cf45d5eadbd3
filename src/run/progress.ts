/**
 * The runner's one tail of a live run: once a second it reads what Artillery's plugins append
 * to the run directory (every worker's per-second record, events.jsonl, slow-requests.jsonl),
 * adds the record's lines to the run's LiveRecord (src/session/live-record.ts, the one fold),
 * closes the windows that are complete, and tells the status line and the live views. The final
 * result is folded from the same LiveRecord, so it is never below what the status line showed.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isSecondLine, isSecondsFile } from '../core/seconds.ts';
import type { RunWindow } from '../core/types.ts';
import { JsonLinesTail } from '../results/json-lines.ts';
import { CLOSE_AFTER_MS } from '../session/live-record.ts';
import type { LiveRecord } from '../session/live-record.ts';
import type { PlannedPhase } from './resolve-script.ts';

export interface Progress {
  elapsedS: number;
  plannedS: number;
  /** The phase Artillery is in ('starting Artillery' before the first); null once arrivals have ended. */
  phase: string | null;
  activeUsers: number;
  requests: number;
  failures: number;
  /** Requests per second over the last few recorded seconds. */
  rps: number;
  /** p95 over the last 10 recorded seconds, ms; null before the first response. */
  p95: number | null;
  /** True when this tick brought the first data of a new 10-s window (CI logs print a line then). */
  newWindow: boolean;
  /** 10-s windows with data so far. */
  windows: number;
  /** When the first phase started (epoch ms); null while Artillery is starting. */
  loadStartedAt: number | null;
}

/** A line of events.jsonl as the live views read it (phase events carry `index` and `name`). */
export interface RunEventLine {
  type: string;
  time?: number;
  name?: string;
  index?: number;
}

const isEventLine = (value: unknown): value is RunEventLine =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/** What one tick read from the run directory, besides the record's lines (the LiveRecord has those). */
export interface RecordTick {
  /** The 10-s windows this tick closed (each window once, in order). */
  closed: RunWindow[];
  /** New lines of events.jsonl. */
  events: RunEventLine[];
  /** New lines of slow-requests.jsonl. */
  slow: unknown[];
}

export function watchProgress(
  runDir: string,
  plan: { startedAt: number; plannedS: number; phases: PlannedPhase[] },
  record: LiveRecord,
  onProgress: (progress: Progress) => void,
  onRecord: (tick: RecordTick) => void,
  intervalMs = 1000,
): { stop(): Promise<void> } {
  const tails = new Map<string, JsonLinesTail>();
  const eventTail = new JsonLinesTail(path.join(runDir, 'events.jsonl'));
  const slowTail = new JsonLinesTail(path.join(runDir, 'slow-requests.jsonl'));
  // The phase comes from what Artillery reports, not the clock: Artillery needs a few seconds to start.
  let phase: string | null = 'starting Artillery';
  let loadStartedAt: number | null = null;
  let windows = 0;
  let busy = Promise.resolve();

  /** `last`: Artillery has exited; every line is read, even one without its line end, and every window closes. */
  const tick = async (last: boolean): Promise<void> => {
    for (const name of await readdir(runDir).catch(() => [] as string[])) {
      if (isSecondsFile(name) && !tails.has(name)) tails.set(name, new JsonLinesTail(path.join(runDir, name)));
    }
    for (const [name, tail] of tails) {
      const skippedBefore = tail.skipped;
      let wrongShape = 0;
      for (const line of last ? await tail.readToEnd() : await tail.read()) {
        if (isSecondLine(line)) record.add(name, line);
        else wrongShape += 1;
      }
      record.damaged(name, tail.skipped - skippedBefore + wrongShape);
    }
    const closed = last ? record.closeAll() : record.close(Date.now() - CLOSE_AFTER_MS);
    const events = (await eventTail.read()).filter(isEventLine);
    onRecord({ closed, events, slow: await slowTail.read() });
    for (const event of events) {
      if (event.type === 'phaseStarted') loadStartedAt ??= typeof event.time === 'number' ? event.time : Date.now();
      if (event.type === 'phaseStarted') phase = event.name ?? plan.phases[event.index ?? -1]?.name ?? `phase ${(event.index ?? 0) + 1}`;
      if (event.type === 'phaseCompleted' && (event.index ?? -1) === plan.phases.length - 1) phase = null;
    }
    const status = record.status();
    const newWindow = status.windows > windows;
    windows = status.windows;
    onProgress({
      // The clock of the status line is the load's: Artillery's start-up is not part of the planned time.
      elapsedS: loadStartedAt === null ? 0 : (Date.now() - loadStartedAt) / 1000,
      plannedS: plan.plannedS,
      phase,
      ...status,
      activeUsers: Math.max(0, status.activeUsers),
      newWindow,
      loadStartedAt,
    });
  };
  const timer = setInterval(() => {
    busy = busy.then(
      () => tick(false),
      () => tick(false),
    );
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await busy.catch(() => undefined);
      // The last lines (written as Artillery stopped) reach the record, and every window closes.
      await tick(true);
    },
  };
}
