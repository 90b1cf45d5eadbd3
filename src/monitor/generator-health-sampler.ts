/** The monitor's reader of `generator-health.jsonl` (format: src/core/generator-health.ts). */
import { join } from 'node:path';
import { GENERATOR_HEALTH_FILE, readGeneratorHealthLine } from '../core/generator-health.ts';
import { JsonLinesTail } from '../results/json-lines.ts';
import type { GeneratorHealthLine } from '../core/generator-health.ts';
import type { Sampler, SamplerResult } from './types.ts';

/** Worker lines older than this no longer describe the generator (the worker ended or stalled). */
const STALE_MS = 15_000;

/**
 * Fills generatorEventLoopDelayMs with the worst worker's latest p99. Reads only what was
 * appended since the previous sample; a missing file just means no worker reported yet.
 */
export function createGeneratorHealthSampler(runDir: string, now: () => number = Date.now): Sampler {
  const tail = new JsonLinesTail(join(runDir, GENERATOR_HEALTH_FILE));
  const latest = new Map<string, GeneratorHealthLine>();
  return {
    async sample(): Promise<SamplerResult> {
      // Not written yet (plugin off, or no interval finished): nothing read, the column stays empty.
      for (const value of await tail.read().catch(() => [] as unknown[])) {
        const line = readGeneratorHealthLine(value);
        if (line) latest.set(line.worker, line);
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
