/**
 * How late this thread's timers fire, and how much CPU the thread itself uses, per interval.
 * monitorEventLoopDelay samples with a timer every RESOLUTION_MS and records the whole gap,
 * so an idle loop reads ~RESOLUTION_MS: we report the lateness beyond it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** 20 ms: 50 timer wake-ups a second is noise next to Artillery's own work; lateness is measured whatever the resolution. */
export const RESOLUTION_MS = 20;

export interface ProbeReading {
  intervalMs: number;
  /** p99 and max lateness of the interval, ms beyond the schedule. */
  p99Ms: number;
  maxMs: number;
  /** This thread's CPU over the interval, % of one core; null where Node lacks threadCpuUsage. */
  threadCpuPercent: number | null;
}

const NS_PER_MS = 1e6;
const round = (n: number): number => Math.round(n * 100) / 100;

export class EventLoopProbe {
  readonly #histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  #since = performance.now();
  #cpuSince = threadCpu();

  constructor() {
    this.#histogram.enable();
  }

  /** The interval since the previous reading (or the start), then starts a new one; null if no timer fired yet. */
  read(): ProbeReading | null {
    const now = performance.now();
    const cpu = threadCpu();
    const h = this.#histogram;
    const reading =
      h.count === 0
        ? null
        : {
            intervalMs: Math.round(now - this.#since),
            p99Ms: round(Math.max(0, h.percentile(99) / NS_PER_MS - RESOLUTION_MS)),
            maxMs: round(Math.max(0, h.max / NS_PER_MS - RESOLUTION_MS)),
            threadCpuPercent:
              cpu !== null && this.#cpuSince !== null && now > this.#since
                ? Math.round(((cpu - this.#cpuSince) / 1000 / (now - this.#since)) * 1000) / 10
                : null,
          };
    h.reset();
    this.#since = now;
    this.#cpuSince = cpu;
    return reading;
  }

  stop(): void {
    this.#histogram.disable();
  }
}

/** User + system CPU of the calling thread in µs. */
function threadCpu(): number | null {
  if (typeof process.threadCpuUsage !== 'function') return null;
  const usage = process.threadCpuUsage();
  return usage.user + usage.system;
}
