/**
 * Was the load generator (Artillery) the bottleneck? When it is, the latencies and request
 * rates it reports describe itself rather than the target, so the verdict cannot stand.
 *
 * CPU alone is no signal: Artillery's arrival timer busy-waits (setImmediate) whenever
 * arrivals on a worker are < 25 ms apart, so >= ~40 arrivals/s hold a core near 100%
 * against an idle target (DESIGN.md). A generator that truly cannot keep up also runs its
 * timers late: arrivals start late and every response timestamp is taken late. So a sample
 * counts as saturated only when both hold:
 * - Artillery's process uses >= 90% of one core (all its worker threads together), and
 * - event-loop delay p99 >= 50 ms in its worst worker thread: timers firing that late
 *   shift each measured latency by tens of ms, while a generator with CPU to spare,
 *   busy-waiting or not, stays within a few ms.
 * "Most of the run" = more than half of the samples that have both generator values, and at least 2.
 *
 * A machine busy with other work starves the generator too (measured on a shared 2-core
 * machine: a worker got ~40% of a core while its timers ran 100-500 ms late and a 1 ms
 * server was measured at 120 ms median). That is not the generator's own limit, and a
 * busy CI neighbour must not turn every verdict inconclusive, so it only yields a caution.
 *
 * The CPU rule alone misses saturation on a shared machine, where Artillery cannot get 90% of
 * a core however overloaded it is (measured here: 60-75% of a core, event loop 50-380 ms
 * late). So on a machine at >= 90% CPU, a generator using >= 50% of a core with a late event
 * loop counts too: a light load (the smoke run uses a few % of a core) is only cautioned.
 * A second signal needs no monitor at all: arrivals falling behind the plan. Phases
 * only control arrivals, and Artillery stretches a phase silently when it cannot start users
 * on time (DESIGN.md). A phase that ends more than PHASE_LAG_SHARE of its length (and at least
 * PHASE_LAG_MIN_S) late means the generator could not keep the planned pace, so the target got
 * less load than the scenario says. Measured on this 2-core machine: 3,000 arrivals/s planned
 * for 6 s took 13.4 s; 200 looping users without think time stretched a 10 s phase to 13.7 s;
 * smoke phases (2 users/s) end within 20 ms of plan even with the machine at 100%.
 */
import type { PhaseRecord, RunWindow } from '../core/types.ts';
import type { MonitorSample } from './types.ts';

export const SATURATION_CPU_PERCENT = 90;
export const SATURATION_EVENT_LOOP_DELAY_MS = 50;
export const SATURATION_SHARE = 0.5;
/** Artillery's own share of a core that counts on a machine already at SATURATION_CPU_PERCENT. */
export const SATURATION_SHARED_CPU_PERCENT = 50;
export const SATURATION_MIN_SAMPLES = 2;
export const PHASE_LAG_SHARE = 0.1;
export const PHASE_LAG_MIN_S = 2;

/** What a person should do about a saturated generator. */
export const SATURATION_ADVICE =
  'run fewer virtual users per machine (lower arrivalRate, add think time) or split the load into shards on several machines (--shard 1/2, --shard 2/2)';

export interface SaturationJudgement {
  saturated: boolean;
  /** One sentence for people, whichever way it went. */
  reason: string;
  /** When not saturated but the machine was starving Artillery: a sentence worth showing next to the verdict. */
  caution?: string;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * `windows`, when given, limit the judgement to the samples taken while load was being recorded.
 * `phases` (as recorded) are checked for arrivals falling behind the plan, with or without samples.
 */
export function judgeGeneratorSaturation(samples: MonitorSample[], windows?: RunWindow[], phases?: readonly PhaseRecord[]): SaturationJudgement {
  const behind = phases ? phaseBehindPlan(phases, windows?.at(-1)?.end ?? null) : null;
  const judgement = judgeSamples(samples, windows);
  if (behind === null || judgement.saturated) return judgement;
  return { saturated: true, reason: behind };
}

/** A sentence about the phase that fell furthest behind its planned length, or null when all kept to plan. */
export function phaseBehindPlan(phases: readonly PhaseRecord[], lastRecorded: number | null): string | null {
  let worst: { phase: PhaseRecord; tookS: number; lagS: number; ended: boolean } | null = null;
  for (const phase of phases) {
    const end = phase.end ?? lastRecorded;
    if (end === null || phase.plannedDurationS <= 0) continue;
    const tookS = (end - phase.start) / 1000;
    const lagS = tookS - phase.plannedDurationS;
    if (lagS < Math.max(PHASE_LAG_MIN_S, phase.plannedDurationS * PHASE_LAG_SHARE)) continue;
    if (worst === null || lagS / phase.plannedDurationS > worst.lagS / worst.phase.plannedDurationS) {
      worst = { phase, tookS, lagS, ended: phase.end !== null };
    }
  }
  if (worst === null) return null;
  const { phase, tookS } = worst;
  const pace = Math.round((phase.plannedDurationS / tookS) * 100);
  const took = worst.ended ? `took ${round(tookS)} s` : `had not ended after ${round(tookS)} s`;
  return (
    `the load generator was saturated: phase "${phase.name}" was planned for ${phase.plannedDurationS} s but ${took}, ` +
    `so Artillery started virtual users at about ${pace}% of the planned pace and the target got less load than planned ` +
    `(latencies include Artillery's own delays); ${SATURATION_ADVICE}`
  );
}

function judgeSamples(samples: MonitorSample[], windows?: RunWindow[]): SaturationJudgement {
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
  let starved = 0;
  let peakDelay = 0;
  let peakCpu = 0;
  for (const s of judged) {
    const cpu = s.generatorCpuPercent ?? 0;
    const delay = s.generatorEventLoopDelayMs ?? 0;
    peakCpu = Math.max(peakCpu, cpu);
    peakDelay = Math.max(peakDelay, delay);
    const late = delay >= SATURATION_EVENT_LOOP_DELAY_MS;
    const machineFull = s.cpuPercent !== null && s.cpuPercent >= SATURATION_CPU_PERCENT;
    if (cpu >= SATURATION_CPU_PERCENT) {
      busy += 1;
      if (late) saturated += 1;
    } else if (late && machineFull && cpu >= SATURATION_SHARED_CPU_PERCENT) {
      // A full machine caps Artillery below a core; using half of one, it is a main cause of its own lateness.
      saturated += 1;
    } else if (late && machineFull) {
      starved += 1;
    }
  }

  const of = `${judged.length} samples`;
  if (saturated / judged.length > SATURATION_SHARE) {
    return {
      saturated: true,
      reason:
        `the load generator was saturated in ${saturated} of ${of} (Artillery used >= ${SATURATION_CPU_PERCENT}% of a core, ` +
        `or >= ${SATURATION_SHARED_CPU_PERCENT}% on a machine at >= ${SATURATION_CPU_PERCENT}% CPU, ` +
        `and its event loop ran >= ${SATURATION_EVENT_LOOP_DELAY_MS} ms late, peak ${round(peakDelay)} ms): latencies and ` +
        `request rates describe Artillery, not the target; ${SATURATION_ADVICE}`,
    };
  }
  const caution =
    (starved + saturated) / judged.length > SATURATION_SHARE
      ? `the machine was busy (>= ${SATURATION_CPU_PERCENT}% CPU) and Artillery's event loop ran >= ${SATURATION_EVENT_LOOP_DELAY_MS} ms ` +
        `late in ${starved + saturated} of ${of} (peak ${round(peakDelay)} ms): measured latencies may be inflated and arrivals late`
      : undefined;
  const withCaution = (judgement: SaturationJudgement): SaturationJudgement => (caution ? { ...judgement, caution } : judgement);
  if (busy / judged.length > SATURATION_SHARE) {
    return withCaution({
      saturated: false,
      reason:
        `the load generator's CPU was high (>= ${SATURATION_CPU_PERCENT}% of a core in ${busy} of ${of}) but its event loop ` +
        `was mostly on time (peak delay ${round(peakDelay)} ms): Artillery busy-waits between close arrivals, which is not saturation`,
    });
  }
  return withCaution({
    saturated: false,
    reason: `the load generator kept up (CPU peak ${round(peakCpu)}% of a core, event-loop delay peak ${round(peakDelay)} ms over ${of})`,
  });
}

/** What the stall check reads of a finished run. */
export interface StallInput {
  /** Virtual users the phases plan to start (null when the plan cannot tell). */
  plannedUsers: number | null;
  startedUsers: number;
  /** How the run ended: only runs that ran to their end or their cap are judged. */
  completion: string;
  /** The phases as recorded (a phase that never ended has `end: null`). */
  phases: readonly PhaseRecord[];
  /** The planned length of all phases, and the cap, in seconds. */
  plannedPhasesS: number;
  capS: number;
  /** Lines the generator-health plugin wrote, and its interval in seconds. */
  healthLines: number;
  healthIntervalS: number;
  /** How long the load ran, in seconds. */
  loadDurationS: number;
}

/** A generator this far behind its planned users did not send the planned load: 10%, and at least two users (a ramp's planned count is rounded). */
export const STALL_USERS_SHARE = 0.1;

/**
 * Whether the load generator stalled, so the run cannot say how the target behaves under the
 * planned load (the verdict is then inconclusive, exit 5), as one sentence with how far behind
 * the plan it was; null when it kept up. A stall is any of:
 * - fewer users started than planned (the phases ended, or the run stopped at its cap, with
 *   users never started: a blocked event loop starts none);
 * - a phase that had not ended when the run stopped at a cap long enough for every phase;
 * - a run long enough for two generator-health samples that has none (a blocked event loop
 *   writes none; the plugin writes every `healthIntervalS`).
 * Interrupted, aborted and crashed runs say so themselves and are left alone.
 */
export function generatorStalled(input: StallInput): string | null {
  if (input.completion !== 'complete' && input.completion !== 'capped') return null;
  const planned = input.plannedUsers;
  const missing = planned === null ? 0 : planned - input.startedUsers;
  const behind = planned !== null && missing >= Math.max(2, planned * STALL_USERS_SHARE);
  const unended = input.completion === 'capped' && input.capS >= input.plannedPhasesS ? input.phases.find((p) => p.end === null) : undefined;
  const why: string[] = [];
  if (behind && planned !== null) {
    why.push(`${input.startedUsers} of ${planned} planned virtual users started (${Math.round((missing / planned) * 100)}% behind the plan)`);
  }
  if (unended) why.push(`phase "${unended.name}" had not ended when the run stopped at its ${round(input.capS)} s cap`);
  if (input.healthLines === 0 && input.loadDurationS >= 2 * input.healthIntervalS) {
    why.push(`the generator-health plugin wrote no sample in ${round(input.loadDurationS)} s (it writes one every ${input.healthIntervalS} s unless the event loop is blocked)`);
  }
  if (why.length === 0) return null;
  return `the load generator stalled: ${why.join('; ')}, so the target did not get the planned load and the run cannot be judged; look for a processor function that blocks (a busy loop, synchronous I/O) or ${SATURATION_ADVICE}`;
}
