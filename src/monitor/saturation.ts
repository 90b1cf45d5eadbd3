/**
 * Was the load generator (Artillery) the bottleneck? When it is, the latencies and request
 * rates it reports describe itself rather than the target, so the verdict cannot stand.
 *
 * CPU alone is no signal: Artillery's arrival timer busy-waits (setImmediate) whenever
 * arrivals on a worker are < 25 ms apart, so >= ~40 arrivals/s hold a core near 100%
 * against an idle target (DESIGN.md). A generator that truly cannot keep up also runs its
 * timers late: arrivals start late and every response timestamp is taken late. So a sample
 * counts as saturated only when both hold:
 * - CPU is exhausted: the generator uses >= 90% of one core (its process, all worker
 *   threads together), or the machine as a whole is >= 90% busy (other processes starve
 *   the generator just as surely: measured here on a shared 2-core machine, a worker got
 *   only ~40% of a core while its timers ran 100-500 ms late), and
 * - event-loop delay p99 >= 50 ms in its worst worker thread: timers firing that late
 *   shift each measured latency by tens of ms (a 1 ms server answered in 120 ms median in
 *   that run), while a generator with CPU to spare, busy-waiting or not, stays within a
 *   few ms.
 * "Most of the run" = more than half of the samples that have both generator values, and at least 2.
 */
import type { RunWindow } from '../results/types.ts';
import type { MonitorSample } from './types.ts';

export const SATURATION_CPU_PERCENT = 90;
export const SATURATION_EVENT_LOOP_DELAY_MS = 50;
export const SATURATION_SHARE = 0.5;
export const SATURATION_MIN_SAMPLES = 2;

export interface SaturationJudgement {
  saturated: boolean;
  /** One sentence for people, whichever way it went. */
  reason: string;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** `windows`, when given, limit the judgement to the samples taken while load was being recorded. */
export function judgeGeneratorSaturation(samples: MonitorSample[], windows?: RunWindow[]): SaturationJudgement {
  let judged = samples.filter((s) => s.generatorCpuPercent !== null && s.generatorEventLoopDelayMs !== null);
  const first = windows?.[0];
  const last = windows?.[windows.length - 1];
  if (first && last) judged = judged.filter((s) => s.time >= first.start && s.time <= last.end);

  if (judged.length < SATURATION_MIN_SAMPLES) {
    return {
      saturated: false,
      reason: `not enough load-generator samples to judge saturation (${judged.length} with both CPU and event-loop delay; the generator-health plugin and a watched Artillery process provide them)`,
    };
  }

  let busy = 0;
  let saturated = 0;
  let peakDelay = 0;
  let peakCpu = 0;
  for (const s of judged) {
    const cpu = s.generatorCpuPercent ?? 0;
    const delay = s.generatorEventLoopDelayMs ?? 0;
    peakCpu = Math.max(peakCpu, cpu);
    peakDelay = Math.max(peakDelay, delay);
    const machineBusy = s.cpuPercent !== null && s.cpuPercent >= SATURATION_CPU_PERCENT;
    if (cpu < SATURATION_CPU_PERCENT && !machineBusy) continue;
    busy += 1;
    if (delay >= SATURATION_EVENT_LOOP_DELAY_MS) saturated += 1;
  }

  const of = `${judged.length} samples`;
  if (saturated / judged.length > SATURATION_SHARE) {
    return {
      saturated: true,
      reason:
        `the load generator was saturated in ${saturated} of ${of} (no CPU to spare: Artillery or the whole machine at ` +
        `>= ${SATURATION_CPU_PERCENT}%, and Artillery's event loop ran >= ${SATURATION_EVENT_LOOP_DELAY_MS} ms late, peak ` +
        `${round(peakDelay)} ms): latencies and request rates describe Artillery, not the target; lower the arrival rate, ` +
        `free the machine or split the load into shards`,
    };
  }
  if (busy / judged.length > SATURATION_SHARE) {
    return {
      saturated: false,
      reason:
        `CPU was high (Artillery or the machine >= ${SATURATION_CPU_PERCENT}% in ${busy} of ${of}) but Artillery's event loop ` +
        `stayed on time (peak delay ${round(peakDelay)} ms): Artillery busy-waits between close arrivals, which is not saturation`,
    };
  }
  return {
    saturated: false,
    reason: `the load generator kept up (CPU peak ${round(peakCpu)}% of a core, event-loop delay peak ${round(peakDelay)} ms over ${of})`,
  };
}
