/**
 * A synchronized start (`loadspec run --start-at`): the runner validates, health-checks and
 * starts Artillery first, then the load begins at one instant shared by every shard.
 *
 * The runner passes the instant to Artillery as LOADSPEC_START_AT (epoch ms). In each worker
 * thread the recorder plugin puts a pause phase before the scenario's phases, as long as is
 * left until the instant, when the worker is prepared: Artillery's start-up (module loading,
 * worker threads) is then behind us, and the first load phase starts at the instant. The
 * pause has index -1, so the scenario's phases keep their indices, and it is left out of
 * the record.
 */
import { parseDuration } from './durations.ts';

export const START_AT_ENV = 'LOADSPEC_START_AT';
export const START_AT_WAIT_INDEX = -1;
export const START_AT_WAIT_NAME = 'loadspec: waiting for --start-at';

/** The instant in LOADSPEC_START_AT, or null when absent or not a time. */
export function startAtFromEnv(env: NodeJS.ProcessEnv): number | null {
  const value = Number(env[START_AT_ENV]);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export type ParsedStartAt = { ok: true; at: number } | { ok: false; reason: string };

// A date and time with seconds and a zone: "2026-12-01T15:00:00Z", "...+01:00", fractions allowed.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `--start-at` as an instant (epoch ms): an ISO-8601 time with its zone, or `+<duration>` from
 * `now` (`+30s`, `+2m`, `+45`: seconds). A time without a zone is refused (it would be read in
 * each machine's own zone); so is a time already past.
 */
export function parseStartAt(text: string, now: number): ParsedStartAt {
  const example = 'write an ISO-8601 time with its zone (--start-at 2026-12-01T15:00:00Z) or a delay (--start-at +30s)';
  if (text.startsWith('+')) {
    const seconds = parseDuration(/^\+\d+(\.\d+)?$/.test(text) ? Number(text.slice(1)) : text.slice(1));
    if (seconds === undefined || seconds <= 0) return { ok: false, reason: `--start-at "${text}" is not a delay; ${example}` };
    return { ok: true, at: now + Math.round(seconds * 1000) };
  }
  if (!ISO_WITH_ZONE.test(text)) {
    const hint = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? ' (it has no zone, so each machine would read it in its own; add Z for UTC)' : '';
    return { ok: false, reason: `--start-at "${text}" is not a time loadspec can read${hint}; ${example}` };
  }
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return { ok: false, reason: `--start-at "${text}" is not a real date; ${example}` };
  if (at <= now) return { ok: false, reason: `--start-at ${text} was ${((now - at) / 1000).toFixed(1)} s ago; give a time in the future` };
  return { ok: true, at };
}

interface PhaseLike {
  [key: string]: unknown;
}

/**
 * Puts the wait before `phases` (in place), as long as is left from `now` to `at` (none when
 * the instant has passed: the load starts at once, and the record shows how late).
 * The scenario's phases get their positions as explicit indices.
 */
export function insertStartAtWait(phases: PhaseLike[], at: number, now: number): void {
  phases.forEach((phase, i) => {
    if (phase['index'] === undefined) phase['index'] = i;
  });
  const waitMs = Math.max(0, at - now);
  // A string with a unit: Artillery's phaser reads a fractional number of seconds wrongly.
  if (waitMs > 0) phases.unshift({ name: START_AT_WAIT_NAME, index: START_AT_WAIT_INDEX, pause: `${waitMs}ms` });
}
