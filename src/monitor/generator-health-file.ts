/**
 * `generator-health.jsonl` in the run directory: one line per Artillery worker thread every
 * few seconds, written by the generator-health plugin and read back by the monitor.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sampler, SamplerResult } from './types.ts';

export const GENERATOR_HEALTH_FILE = 'generator-health.jsonl';

/** One worker thread over one interval. */
export interface GeneratorHealthLine {
  /** End of the interval, epoch ms. */
  time: number;
  /** Artillery's LOCAL_WORKER_ID. */
  worker: string;
  intervalMs: number;
  /** How late the worker's timers fired (p99 and max of the interval), beyond their schedule. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** CPU of this worker thread alone, % of one core; null where Node cannot tell. */
  threadCpuPercent: number | null;
}

export function parseGeneratorHealthLine(line: string): GeneratorHealthLine | null {
  try {
    const value: unknown = JSON.parse(line);
    if (value === null || typeof value !== 'object') return null;
    const v = value as Record<string, unknown>;
    if (typeof v['time'] !== 'number' || typeof v['eventLoopDelayP99Ms'] !== 'number') return null;
    return {
      time: v['time'],
      worker: String(v['worker'] ?? '?'),
      intervalMs: typeof v['intervalMs'] === 'number' ? v['intervalMs'] : 0,
      eventLoopDelayP99Ms: v['eventLoopDelayP99Ms'],
      eventLoopDelayMaxMs: typeof v['eventLoopDelayMaxMs'] === 'number' ? v['eventLoopDelayMaxMs'] : v['eventLoopDelayP99Ms'],
      threadCpuPercent: typeof v['threadCpuPercent'] === 'number' ? v['threadCpuPercent'] : null,
    };
  } catch {
    return null;
  }
}

/** Worker lines older than this no longer describe the generator (the worker ended or stalled). */
const STALE_MS = 15_000;

/**
 * Fills generatorEventLoopDelayMs with the worst worker's latest p99. Reads only what was
 * appended since the previous sample; a missing file just means no worker reported yet.
 */
export function createGeneratorHealthSampler(runDir: string, now: () => number = Date.now): Sampler {
  const path = join(runDir, GENERATOR_HEALTH_FILE);
  let offset = 0;
  let partial = '';
  const latest = new Map<string, GeneratorHealthLine>();
  return {
    async sample(): Promise<SamplerResult> {
      try {
        const file = await open(path, 'r');
        try {
          const { size } = await file.stat();
          if (size > offset) {
            const buffer = Buffer.alloc(size - offset);
            await file.read(buffer, 0, buffer.length, offset);
            offset = size;
            const lines = (partial + buffer.toString('utf8')).split('\n');
            // A worker may be mid-write: keep the unterminated tail for the next read.
            partial = lines.pop() ?? '';
            for (const text of lines) {
              const line = parseGeneratorHealthLine(text);
              if (line) latest.set(line.worker, line);
            }
          }
        } finally {
          await file.close();
        }
      } catch {
        // Not written yet (plugin off, or no interval finished): the column stays empty.
      }
      let worst: number | null = null;
      for (const line of latest.values()) {
        if (now() - line.time > STALE_MS) continue;
        worst = Math.max(worst ?? 0, line.eventLoopDelayP99Ms);
      }
      return { values: { generatorEventLoopDelayMs: worst } };
    },
  };
}
