/**
 * Durations as people write them in scenario files: a number of seconds (`30`)
 * or a number with a unit (`"500ms"`, `"30s"`, `"5m"`, `"1h"`, `"2 minutes"`).
 * The accepted units are the ones Artillery's `ms` parser understands, so a
 * value that passes here means the same thing to Artillery.
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001, msec: 0.001, msecs: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
};

/**
 * JSON Schema pattern for a duration string; kept in step with `parseDuration`.
 * A fraction needs a unit: Artillery reads a bare "1.5" as milliseconds.
 */
export const DURATION_PATTERN =
  '^\\s*(\\d+|\\d+(\\.\\d+)?\\s*(ms|msecs?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?))\\s*$';

const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/;

/** How to write a duration, for error messages. */
export const DURATION_HINT = 'a duration: seconds as a number (30) or a string like "500ms", "30s", "5m", "1h"';

/**
 * Seconds in a duration, or `undefined` when the value is not a duration.
 * A bare number (or numeric string) is seconds, as in Artillery.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION_RE.exec(value);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  if (match[2] === undefined && !Number.isInteger(amount)) return undefined;
  const unit = match[2] ?? 's';
  const factor = UNIT_SECONDS[unit];
  return factor === undefined ? undefined : amount * factor;
}

/** Milliseconds in a duration, or `undefined` when the value is not a duration. */
export function parseDurationMs(value: unknown): number | undefined {
  const seconds = parseDuration(value);
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

/**
 * The one way loadspec writes a length of time, in the terminal, the reports and the
 * dashboard: `45s`, `1m 30s`, `10m`, `1h`, `1h 0m 5s`, `250ms` (below a second); zero
 * parts at the end are left out.
 */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return [`${h}h`, m > 0 || s > 0 ? `${m}m` : '', s > 0 ? `${s}s` : ''].filter(Boolean).join(' ');
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}
