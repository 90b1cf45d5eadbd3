/**
 * The phase of users held active — `users: N, spawnRate: R, duration: D`, Locust's model:
 * N users at once for D, started R per second, each user whose session ends replaced by
 * a new one — compiled into the arrival phases Artillery runs. Why this form is in
 * src/config/README.md ("Users held active"); in short:
 *
 *   { users: 50, spawnRate: 5, duration: 3600 }
 *   ->
 *   { duration: 10,   arrivalRate: 5, maxVusers: 50 }   # start: 5 new users a second until 50 run
 *   { duration: 3590, arrivalRate: 5, maxVusers: 50 }   # hold: an arrival is skipped while 50 run,
 *                                                       # so each ended session is replaced within 1/R s
 *
 * Each replacement is a new Artillery virtual user: the unique-users plugin gives it a new
 * `loadtest_user_*` ID, and it starts with fresh variables and cookies, like a new person.
 * The cap counts every user still running, from this phase or an earlier one.
 */
import { parseDuration } from '../core/durations.ts';

/**
 * Replacement arrivals a second at most while the users are held: a finished session is
 * replaced within 1/10 s. Faster would buy nothing against think times of seconds, and
 * arrivals less than 25 ms apart make Artillery's timer busy-wait a whole core.
 */
export const MAX_REFILL_RATE = 10;

type Phase = Record<string, unknown>;

/** True for a phase written as users held active. */
export function holdsUsers(phase: unknown): phase is Phase & { users: number; spawnRate: number } {
  return typeof phase === 'object' && phase !== null && typeof (phase as Phase)['users'] === 'number' && typeof (phase as Phase)['spawnRate'] === 'number';
}

/** Seconds it takes to start `users` at `spawnRate` a second. */
export const spawnSeconds = (users: number, spawnRate: number): number => Math.max(1, Math.ceil(users / spawnRate));

export interface CompiledPhases<T> {
  phases: T[];
  /** For each compiled phase, the index of the phase it came from as written. */
  writtenIndex: number[];
}

/** Every held-users phase as its start and hold arrival phases; other phases unchanged. */
export function compileHeldUsers<T extends Phase>(phases: readonly T[]): CompiledPhases<T> {
  const out: T[] = [];
  const writtenIndex: number[] = [];
  phases.forEach((phase, index) => {
    if (!holdsUsers(phase)) {
      out.push(phase);
      writtenIndex.push(index);
      return;
    }
    const { users, spawnRate, ...rest } = phase;
    const durationS = parseDuration(phase['duration']) ?? 0;
    const startS = Math.min(durationS, spawnSeconds(users, spawnRate));
    const name = typeof phase['name'] === 'string' ? phase['name'] : `${users} users`;
    out.push({ ...rest, name, duration: startS, arrivalRate: spawnRate, maxVusers: users } as unknown as T);
    writtenIndex.push(index);
    if (durationS > startS) {
      out.push({ ...rest, name: `${name} (held)`, duration: durationS - startS, arrivalRate: Math.min(spawnRate, MAX_REFILL_RATE), maxVusers: users } as unknown as T);
      writtenIndex.push(index);
    }
  });
  return { phases: out, writtenIndex };
}
