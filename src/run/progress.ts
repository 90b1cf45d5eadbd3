/**
 * Live progress of a running scenario, read from what the recorder appends
 * (windows.jsonl) plus the clock, once a second.
 */
import path from 'node:path';
import type { RunWindow } from '../results/types.ts';
import { JsonlTail } from './jsonl-tail.ts';
import type { PlannedPhase } from './resolve-script.ts';

export interface Progress {
  elapsedS: number;
  plannedS: number;
  /** The planned phase for the elapsed time; null once arrivals have ended. */
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
}

export function sumErrors(errors: Record<string, number>): number {
  let total = 0;
  for (const count of Object.values(errors)) total += count;
  return total;
}

export function watchProgress(
  runDir: string,
  plan: { startedAt: number; plannedS: number; phases: PlannedPhase[] },
  onProgress: (progress: Progress) => void,
  intervalMs = 1000,
): { stop(): Promise<void> } {
  const tail = new JsonlTail<RunWindow>(path.join(runDir, 'windows.jsonl'));
  let requests = 0;
  let failures = 0;
  let latest: RunWindow | null = null;
  let busy = Promise.resolve();

  const tick = async (): Promise<void> => {
    const windows = await tail.read();
    for (const w of windows) {
      requests += w.requests;
      failures += sumErrors(w.errors);
      latest = w;
    }
    const elapsedS = (Date.now() - plan.startedAt) / 1000;
    const phase = plan.phases.find((p) => elapsedS >= p.offsetS && elapsedS < p.offsetS + p.durationS);
    const last: RunWindow | null = latest;
    const spanS = last ? Math.max(0.001, (last.end - last.start) / 1000) : 1;
    onProgress({
      elapsedS,
      plannedS: plan.plannedS,
      phase: phase?.name ?? null,
      activeUsers: last?.activeUsers ?? 0,
      requests,
      failures,
      rps: last ? last.requests / spanS : 0,
      p95: last?.latencyStats?.p95 ?? null,
      newWindow: windows.length > 0,
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
