/**
 * What a scenario file will do, before anything is sent: per phase as written, the users
 * started, their arrival (or spawn) rate, the most users active at once, the expected
 * requests and where the run's cap cuts sessions. It plays the phases exactly as Artillery
 * will run them (the compiled script of src/run/resolve-script.ts: held users as arrivals
 * capped by maxVusers, holds as pauses, a shard's share) against the session model of
 * src/plan/session.ts. Deterministic: no randomness, response times counted as zero.
 */
import { compileHeldUsers, holdsUsers } from '../config/held-users.ts';
import type { ScenarioScript } from '../config/schema/script.ts';
import { parseDuration } from '../core/durations.ts';
import { resolveArtilleryScript } from '../run/resolve-script.ts';
import { describeEngines } from '../run/engine-choice.ts';
import type { ResolvedScript } from '../run/resolve-script.ts';
import { requestsWithin, sessionModel } from './session.ts';

/** One phase as written in the file. */
export interface PhasePlan {
  index: number;
  name: string;
  kind: 'arrivals' | 'held users' | 'pause';
  /** Seconds from the start of the run. */
  startS: number;
  seconds: number;
  /** New users a second (held users: the spawn rate); null for a pause. For a ramp, its average. */
  arrivalRate: number | null;
  /** Users held active (held users only). */
  heldUsers: number | null;
  /** Users (sessions) started in this phase; for held users, every replacement is a new user. */
  users: number;
  /** Most users active at once during the phase, counting users of earlier phases still running. */
  peakConcurrentUsers: number;
  /** Requests the users started in this phase send before the cap; null when unknown. */
  requests: number | null;
  /** Sessions started in this phase that the cap ends before they finish. */
  sessionsCutByCap: number;
}

export interface ScenarioPlan {
  users: number;
  /** Expected requests in all; null when the flows loop forever without think time. */
  requests: number | null;
  peakConcurrentUsers: number;
  /** The run's cap in seconds: the most it can run. */
  seconds: number;
  /** Seconds until the last planned session ends (response times as zero), at most the cap: how long the load should run. */
  loadSeconds: number;
  /** The seconds over which the phases create users. */
  phaseSeconds: number;
  session: { requests: number | null; seconds: number | null };
  sessionsCutByCap: number;
  phases: PhasePlan[];
  /** What the numbers assume or had to guess. */
  notes: string[];
  /** Which HTTP engine runs each scenario, and why a scenario stays on Artillery's (empty: all on Artillery's, as asked). */
  engines: string[];
}

type Phase = Record<string, unknown>;

/** Arrival times (seconds from the phase start) of one compiled phase, as Artillery's phaser spaces them. */
function arrivalTimes(phase: Phase, durationS: number): number[] {
  if (phase['pause'] !== undefined || durationS <= 0) return [];
  const count = phase['arrivalCount'];
  const rate = phase['arrivalRate'];
  const rampTo = phase['rampTo'];
  const times: number[] = [];
  if (typeof count === 'number') {
    for (let i = 0; i < count; i++) times.push((i * durationS) / count);
  } else if (typeof rampTo === 'number') {
    const from = typeof rate === 'number' ? rate : 0;
    const seconds = Math.max(1, Math.round(durationS));
    for (let s = 0; s < seconds; s++) {
      const perSecond = Math.round(seconds === 1 ? (from + rampTo) / 2 : from + ((rampTo - from) / (seconds - 1)) * s);
      for (let j = 0; j < perSecond; j++) times.push(s + j / perSecond);
    }
  } else if (typeof rate === 'number' && rate > 0) {
    const n = Math.round(rate * durationS);
    for (let i = 0; i < n; i++) times.push(i / rate);
  }
  return times;
}

/** New users a second of an arrival phase as written (a ramp's average), or null when it has none. */
function writtenRate(phase: Phase, seconds: number): number | null {
  const { arrivalRate: rate, rampTo, arrivalCount: count } = phase;
  if (typeof rate === 'number') return typeof rampTo === 'number' ? (rate + rampTo) / 2 : rate;
  if (typeof count === 'number' && seconds > 0) return count / seconds;
  return null;
}

const nameOf = (phase: Phase, index: number): string => (typeof phase['name'] === 'string' ? phase['name'] : `phase ${index + 1}`);

/** The plan of a loaded scenario file (its includes merged), optionally for one shard. */
export function planScenario(script: ScenarioScript, options: { shard?: { index: number; count: number } | undefined } = {}): ScenarioPlan {
  return planResolved(script, resolveArtilleryScript(script, { shard: options.shard }));
}

/**
 * The plan of a script as resolved for the run (the runner plans the very script it sends):
 * `run.json`'s planned users, the `Plan:` line and `plan --json` are this one count.
 */
export function planResolved(script: ScenarioScript, resolved: ResolvedScript): ScenarioPlan {
  const written: Phase[] = script.config?.phases ?? [];
  const { writtenIndex } = compileHeldUsers(written);
  const compiled = ((resolved.script['config'] as { phases?: Phase[] } | undefined)?.phases ?? []);
  const capS = resolved.capS;
  const config = script.config as Record<string, unknown> | undefined;
  // Past the cap nothing is sent, but a whole session tells how long sessions really are.
  const session = sessionModel(script.scenarios, config?.['variables'], capS * 2 + 60);
  const within = requestsWithin(session);
  const sessionS = session.seconds;

  const phases: PhasePlan[] = [];
  let offsetS = 0;
  written.forEach((phase, index) => {
    const seconds = parseDuration(phase['duration'] ?? phase['pause']) ?? 0;
    const held = holdsUsers(phase);
    const rate = held ? phase.spawnRate : writtenRate(phase, seconds);
    const idle = phase['pause'] !== undefined || rate === null || rate === 0;
    phases.push({
      index,
      name: nameOf(phase, index),
      kind: held ? 'held users' : idle ? 'pause' : 'arrivals',
      startS: offsetS,
      seconds,
      arrivalRate: idle && !held ? null : rate,
      heldUsers: held ? phase.users : null,
      users: 0,
      peakConcurrentUsers: 0,
      requests: 0,
      sessionsCutByCap: 0,
    });
    offsetS += seconds;
  });

  // Play the compiled phases: every arrival starts a user unless its phase's maxVusers are running.
  const ends: number[] = [];
  let head = 0;
  const unknownRequests = !session.countable;
  resolved.phases.forEach((slot, i) => {
    const phase = compiled[i] ?? {};
    const plan = phases[writtenIndex[i] ?? -1];
    if (plan === undefined) return;
    const cap = typeof phase['maxVusers'] === 'number' ? phase['maxVusers'] : Infinity;
    for (const at of arrivalTimes(phase, slot.durationS)) {
      const t = slot.offsetS + at;
      if (t >= capS) break;
      while (head < ends.length && (ends[head] ?? 0) <= t) head++;
      if (ends.length - head >= cap) continue;
      ends.push(t + sessionS);
      plan.users++;
      plan.peakConcurrentUsers = Math.max(plan.peakConcurrentUsers, ends.length - head);
      if (plan.requests !== null) plan.requests += within(capS - t);
      if (t + sessionS > capS) plan.sessionsCutByCap++;
    }
  });
  if (unknownRequests) for (const plan of phases) plan.requests = null;
  let lastEnd = 0;
  for (const end of ends) lastEnd = Math.max(lastEnd, end);
  const loadSeconds = Math.min(capS, Math.max(offsetS, lastEnd));

  const notes: string[] = ['response times count as zero: a slow target stretches sessions and sends fewer requests in the same time'];
  if (unknownRequests) notes.push('the flows loop forever without think time: the number of requests depends on how fast the target answers');
  else if (sessionS === 0) notes.push('sessions have no think time: how many requests they send depends on how fast the target answers');
  notes.push(...session.guesses);
  const sum = (pick: (p: PhasePlan) => number): number => phases.reduce((total, p) => total + pick(p), 0);
  return {
    users: sum((p) => p.users),
    requests: unknownRequests ? null : Math.round(sum((p) => p.requests ?? 0)),
    peakConcurrentUsers: phases.reduce((peak, p) => Math.max(peak, p.peakConcurrentUsers), 0),
    seconds: capS,
    loadSeconds: round1(loadSeconds),
    phaseSeconds: offsetS,
    session: { requests: Number.isFinite(session.requests) ? round1(session.requests) : null, seconds: Number.isFinite(sessionS) ? round1(sessionS) : null },
    sessionsCutByCap: sum((p) => p.sessionsCutByCap),
    phases: phases.map((p) => ({ ...p, requests: p.requests === null ? null : Math.round(p.requests), arrivalRate: p.arrivalRate === null ? null : round1(p.arrivalRate) })),
    notes,
    engines: describeEngines(resolved.engines),
  };
}

/**
 * Users the phases of a resolved script start, as run.json keeps them ("N of M planned users
 * started" when a cap or a stop cuts the run short): every arrival of the phases, spaced as the
 * plan spaces them, whether or not the cap lets it happen; null when users are held active
 * (maxVusers): then replacements start as fast as sessions end, which the target's speed decides.
 */
export function plannedUsers(resolved: ResolvedScript): number | null {
  const compiled = ((resolved.script['config'] as { phases?: Phase[] } | undefined)?.phases ?? []);
  if (compiled.some((phase) => phase['maxVusers'] !== undefined)) return null;
  return resolved.phases.reduce((users, slot, i) => users + arrivalTimes(compiled[i] ?? {}, slot.durationS).length, 0);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
