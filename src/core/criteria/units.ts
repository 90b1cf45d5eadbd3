/**
 * Limits and spans as people write them (`3s`, `800ms`, `1%`, `50/s`, `1m`), turned into numbers,
 * with one sentence that says what to write instead when they cannot be read.
 */
import type { ValueKind } from './metrics.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const MS_UNITS: Record<string, number> = { ms: 1, s: 1000 };
const SPOKEN_MS: Record<string, string> = {
  sec: 's', secs: 's', second: 's', seconds: 's',
  msec: 'ms', msecs: 'ms', millis: 'ms', millisecond: 'ms', milliseconds: 'ms',
};
const RATE_PER_S: Record<string, number> = {
  '': 1, '/s': 1, 'req/s': 1, 'requests/s': 1, rps: 1, '/sec': 1,
  '/m': 1 / 60, '/min': 1 / 60, 'req/min': 1 / 60, rpm: 1 / 60,
};
const SPAN_S: Record<string, number> = { s: 1, m: 60, h: 3600 };
/** `in every minute` reads better than `in every 1m`. */
const SPAN_WORDS: Record<string, number> = { minute: 60, hour: 3600 };
const SPOKEN_SPAN: Record<string, string> = {
  sec: 's', secs: 's', second: 's', seconds: 's',
  min: 'm', mins: 'm', minute: 'm', minutes: 'm', hour: 'h', hours: 'h',
};

const VALUE = /^(\d+(?:\.\d+)?|\.\d+)\s*(.*)$/;

/** Reads a limit for a measure named `label` (e.g. `p95`), in ms, percent or requests/s. */
export function readLimit(kind: ValueKind, text: string, label: string, over100: boolean): Read<number> {
  const match = VALUE.exec(text);
  if (!match) {
    return { ok: false, message: `the limit of ${label} must start with a number, e.g. ${example(kind, label)} (got "${text}")` };
  }
  const value = Number(match[1]);
  const unit = (match[2] ?? '').trim().toLowerCase().replace(/\s+/g, '');
  if (kind === 'duration') return readDuration(value, unit, match[1] ?? '', label);
  if (kind === 'count') {
    return unit === '' ? { ok: true, value } : { ok: false, message: `${label} is a plain number: write ${value} without "${unit}"` };
  }
  if (kind === 'percent') {
    if (unit !== '%') {
      return { ok: false, message: `${label} is a percentage: write ${value}% (got "${text}")` };
    }
    if (value > 100 && !over100) {
      return { ok: false, message: `${label} cannot exceed 100%; write a percentage between 0% and 100% (got ${value}%)` };
    }
    return { ok: true, value };
  }
  const perSecond = RATE_PER_S[unit];
  if (perSecond === undefined) {
    return { ok: false, message: `${label} is in requests per second: write ${value}/s (got "${text}")` };
  }
  return { ok: true, value: value * perSecond };
}

function readDuration(value: number, unit: string, digits: string, label: string): Read<number> {
  const factor = MS_UNITS[unit];
  if (factor !== undefined) return { ok: true, value: value * factor };
  if (unit === '') {
    return { ok: false, message: `${label} needs a unit: write ${digits}ms or ${digits}s` };
  }
  const spoken = SPOKEN_MS[unit];
  if (spoken) return { ok: false, message: `write ${digits}${spoken} instead of "${digits} ${unit}"` };
  if (unit === 'm' || unit === 'min' || unit === 'minutes' || unit === 'minute') {
    return { ok: false, message: `latency limits are written in ms or s: write ${value * 60}s instead of "${digits}${unit}"` };
  }
  if (unit === '%') {
    return { ok: false, message: `${label} is a time, not a percentage: write e.g. ${label} < 3s` };
  }
  return { ok: false, message: `unknown unit "${unit}" for ${label}: write ms or s, e.g. ${label} < 800ms` };
}

/** Reads a span of the run such as `1m`, `30s`, `minute`; whole seconds. */
export function readSpan(text: string, what: string): Read<number> {
  const trimmed = text.trim().toLowerCase();
  const word = SPAN_WORDS[trimmed];
  if (word !== undefined) return { ok: true, value: word };
  const match = VALUE.exec(trimmed);
  if (!match) return { ok: false, message: `${what} must be a duration such as 30s, 1m or 1h (got "${text}")` };
  const value = Number(match[1]);
  const unit = (match[2] ?? '').replace(/\s+/g, '');
  const factor = SPAN_S[unit];
  if (factor === undefined) {
    const spoken = SPOKEN_SPAN[unit];
    const hint = spoken ? `write ${match[1]}${spoken}` : 'write it as 30s, 1m or 1h';
    return { ok: false, message: `${what} needs a unit s, m or h: ${hint} (got "${text}")` };
  }
  if (value <= 0) return { ok: false, message: `${what} must be longer than zero (got "${text}")` };
  return { ok: true, value: Math.ceil(value * factor) };
}

function example(kind: ValueKind, label: string): string {
  if (kind === 'duration') return `${label} < 3s`;
  if (kind === 'percent') return `${label} < 1%`;
  if (kind === 'count') return `${label} <= 5`;
  return `${label} >= 50/s`;
}

/** `1.5 s`, `850 ms`: how limits and observations are shown to people. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${trim(ms / 1000)} s`;
  return `${trim(ms)} ms`;
}

export function formatPercent(pct: number): string {
  return `${trim(pct)}%`;
}

export function formatRate(perSecond: number): string {
  return `${trim(perSecond)} req/s`;
}

/** `1-minute`, `30-second`, `90-second`: window lengths as an adjective. */
export function formatSpanAdjective(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}-hour`;
  if (seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}

/** Up to two decimals, none when whole, and three significant digits for small values. */
function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
}
