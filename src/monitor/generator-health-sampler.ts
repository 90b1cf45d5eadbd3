/** The monitor's reader of `generator-health.jsonl` (format: src/core/generator-health.ts). */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATOR_HEALTH_FILE, parseGeneratorHealthLine } from '../core/generator-health.ts';
import type { GeneratorHealthLine } from '../core/generator-health.ts';
import type { Sampler, SamplerResult } from './types.ts';

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
