/**
 * `generator-health.jsonl` in the run directory: one line per Artillery worker thread every
 * few seconds, written by the generator-health plugin and read back by the monitor.
 */

export const GENERATOR_HEALTH_FILE = 'generator-health.jsonl';
/** How often each worker writes a line by default (`config.plugins.generator-health.intervalS`). */
export const GENERATOR_HEALTH_INTERVAL_S = 5;

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
    return readGeneratorHealthLine(JSON.parse(line));
  } catch {
    return null;
  }
}

/** One parsed line of the file, checked; null when it is not one. */
export function readGeneratorHealthLine(value: unknown): GeneratorHealthLine | null {
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
}
