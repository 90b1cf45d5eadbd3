/**
 * Live progress of a running scenario, read from what the recorder appends
 * (windows.jsonl) plus the clock, once a second.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LIVE_FILE_PREFIX } from '../../plugins/artillery-plugin-recorder/live-counters.ts';
import type { LiveTotals } from '../../plugins/artillery-plugin-recorder/live-counters.ts';
import type { RunWindow } from '../results/types.ts';
import { JsonlTail } from './jsonl-tail.ts';
import type { PlannedPhase } from './resolve-script.ts';

export interface Progress {
  elapsedS: number;
  plannedS: number;
  /** The phase Artillery is in ('starting Artillery' before the first); null once arrivals have ended. */
  phase: string | null;
  activeUsers: number;
  requests: number;
  failures: number;
  /** Requests per second in the latest recorded window. */
  rps: number;
  /** p95 in the latest recorded window, ms; null before the first window. */
  p95: number | null;
  /** True when this tick brought a newly recorded window. */
  newWindow: boolean;
  /** Windows recorded so far (Artillery reports every 10 s; numbers move with them). */
  windows: number;
}

export function sumErrors(errors: Record<string, number>): number {
  let total = 0;
  for (const count of Object.values(errors)) total += count;
  return total;
}

/** The recorder's per-worker running totals summed; null before any worker wrote one. */
export async function readLiveTotals(runDir: string): Promise<LiveTotals | null> {
  const names = (await readdir(runDir).catch(() => [] as string[])).filter((n) => n.startsWith(LIVE_FILE_PREFIX) && n.endsWith('.json'));
  let sum: LiveTotals | null = null;
  for (const name of names) {
    try {
      const totals = JSON.parse(await readFile(path.join(runDir, name), 'utf8')) as LiveTotals;
      sum ??= { time: 0, users: 0, requests: 0, failures: 0 };
      sum.time = Math.max(sum.time, totals.time);
      sum.users += totals.users;
      sum.requests += totals.requests;
      sum.failures += totals.failures;
    } catch {
      // Written atomically; a file that vanished or is unreadable only delays the line.
    }
  }
  return sum;
}

/** Requests per second over the last few seconds of live totals. */
const RATE_SPAN_MS = 5000;

export function watchProgress(
  runDir: string,
  plan: { startedAt: number; plannedS: number; phases: PlannedPhase[] },
  onProgress: (progress: Progress) => void,
  intervalMs = 1000,
): { stop(): Promise<void> } {
  const tail = new JsonlTail<RunWindow>(path.join(runDir, 'windows.jsonl'));
  const eventTail = new JsonlTail<{ type: string; name?: string; index?: number }>(path.join(runDir, 'events.jsonl'));
  // The phase comes from what Artillery reports, not the clock: Artillery needs a few seconds to start.
  let phase: string | null = 'starting Artillery';
  let requests = 0;
  let failures = 0;
  let latest: RunWindow | null = null;
  let windowCount = 0;
  let busy = Promise.resolve();
  const recent: { time: number; requests: number }[] = [];

  const tick = async (): Promise<void> => {
    const windows = await tail.read();
    for (const w of windows) {
      requests += w.requests;
      failures += sumErrors(w.errors);
      latest = w;
      windowCount++;
    }
    for (const event of await eventTail.read()) {
      if (event.type === 'phaseStarted') phase = event.name ?? plan.phases[event.index ?? -1]?.name ?? `phase ${(event.index ?? 0) + 1}`;
      if (event.type === 'phaseCompleted' && (event.index ?? -1) === plan.phases.length - 1) phase = null;
    }
    const now = Date.now();
    const elapsedS = (now - plan.startedAt) / 1000;
    const last: RunWindow | null = latest;
    const spanS = last ? Math.max(0.001, (last.end - last.start) / 1000) : 1;
    // Between Artillery's 10-s windows, the recorder's live totals keep the line moving.
    const live = await readLiveTotals(runDir);
    if (live) {
      recent.push({ time: now, requests: live.requests });
      while (recent.length > 2 && (recent[0]?.time ?? now) < now - RATE_SPAN_MS) recent.shift();
    }
    const oldest = recent[0];
    const liveRps = live && oldest && now > oldest.time ? (live.requests - oldest.requests) / ((now - oldest.time) / 1000) : null;
    onProgress({
      elapsedS,
      plannedS: plan.plannedS,
      phase,
      activeUsers: last?.activeUsers ?? live?.users ?? 0,
      requests: Math.max(requests, live?.requests ?? 0),
      failures: Math.max(failures, live?.failures ?? 0),
      rps: liveRps ?? (last ? last.requests / spanS : 0),
      p95: last?.latencyStats?.p95 ?? null,
      newWindow: windows.length > 0,
      windows: windowCount,
    });
  };
  const timer = setInterval(() => {
    busy = busy.then(tick, tick);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await busy;
    },
  };
}
