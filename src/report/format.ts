/**
 * How numbers look in every report, so the console, Markdown and HTML agree on
 * "2.34s" and "0.37%". Formatting only: values come from the RunResult as they are.
 */
import { formatDuration } from '../core/durations.ts';

/** Latency: `120ms` below a second, `2.34s` above (the reference runner's style). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 10) return `${Number(ms.toFixed(1))}ms`;
  return `${Math.round(ms)}ms`;
}

/** A 0..1 fraction as a percentage with two decimals. */
export function formatFraction(fraction: number): string {
  return formatPercent(fraction * 100);
}

/** A value already in percent. */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '–';
  return `${percent.toFixed(2)}%`;
}

export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return '–';
  return Math.round(count).toLocaleString('en-US');
}

export function formatRate(rps: number | null | undefined): string {
  if (rps === null || rps === undefined || !Number.isFinite(rps)) return '–';
  return `${rps >= 100 ? Math.round(rps).toLocaleString('en-US') : rps.toFixed(rps >= 10 ? 1 : 2)} req/s`;
}

/** `512 B`, `14.2 KB`, `3.51 MB`, `1.20 GB` (powers of 1024). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${units[unit]}`;
}

/** Lengths of time are written one way everywhere: src/core/durations.ts. */
export { formatDuration };

/**
 * How long a run ran against its duration cap: `7s of at most 1m 1s`. The cap is
 * `loadspec.duration`, or the phases plus a drain allowance, so it is an upper bound and not
 * the load's planned length (`loadspec plan` gives that).
 */
export function formatRanOf(actualS: number, capS: number): string {
  return `${formatDuration(actualS)} of at most ${formatDuration(capS)}`;
}

/** `2026-01-18 14:00:05 UTC`: reports are read on other machines, so never local time. */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `14:00:05` (UTC), for rows that already sit under a dated heading. */
export function formatClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** A criterion's observed value or limit in its own unit. */
export function formatInUnit(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return 'no data';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case '%':
      return formatPercent(value);
    case 'req/s':
      return formatRate(value);
    case 'count':
      return formatCount(value);
    default:
      return `${Number(value.toFixed(2))} ${unit}`;
  }
}

/** Relative change as `+12.3%` / `-4.0%`; `new` when there is no baseline to divide by. */
export function formatChange(changePercent: number | null): string {
  if (changePercent === null) return '–';
  if (!Number.isFinite(changePercent)) return 'new';
  const sign = changePercent > 0 ? '+' : '';
  return `${sign}${changePercent.toFixed(1)}%`;
}
