/** The plugin's settings, read from `config.plugins.slow-requests`, with one sentence per problem. */
import { parseDurationMs } from '../../src/core/durations.ts';
import { SLOW_REQUESTS_DEFAULTS, SLOW_THRESHOLD_MS } from '../../src/core/defaults.ts';
import type { PluginSection } from '../shared/plugin-config.ts';
import { endpointName } from '../../src/core/endpoint-name.ts';

export interface SlowRequestSettings {
  /** A request is slow when its time to first byte exceeds this (ms). */
  thresholdMs: number;
  /** Per-endpoint thresholds (ms), keyed `METHOD /path`. */
  endpointThresholdsMs: ReadonlyMap<string, number>;
  /** Console lines per second across all workers; further slow requests are only counted. */
  consoleLinesPerSecond: number;
}

export const DEFAULT_THRESHOLD_MS = SLOW_THRESHOLD_MS;
export const DEFAULT_CONSOLE_LINES_PER_SECOND: number = SLOW_REQUESTS_DEFAULTS.consoleLinesPerSecond;

function durationMs(value: unknown, where: string, problems: string[]): number | undefined {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) {
    problems.push(`slow-requests: ${where} must be a duration such as "500ms" or "3s" (got ${JSON.stringify(value)}).`);
    return undefined;
  }
  return ms;
}

export function readSettings(section: PluginSection): { settings: SlowRequestSettings; problems: string[] } {
  const problems: string[] = [];
  const thresholdMs =
    section['threshold'] === undefined
      ? DEFAULT_THRESHOLD_MS
      : (durationMs(section['threshold'], 'threshold', problems) ?? DEFAULT_THRESHOLD_MS);

  const endpointThresholdsMs = new Map<string, number>();
  const endpoints = section['endpoints'];
  if (typeof endpoints === 'object' && endpoints !== null && !Array.isArray(endpoints)) {
    for (const [key, value] of Object.entries(endpoints)) {
      const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(key);
      if (match === null) {
        problems.push(`slow-requests: endpoint "${key}" must be written as METHOD /path, e.g. "POST /api/v1/chat".`);
        continue;
      }
      const ms = durationMs(value, `the threshold of "${key}"`, problems);
      if (ms !== undefined) endpointThresholdsMs.set(endpointName(match[1] ?? '', match[2] ?? '/'), ms);
    }
  } else if (endpoints !== undefined) {
    problems.push('slow-requests: endpoints must be a map of "METHOD /path": duration.');
  }

  let consoleLinesPerSecond = DEFAULT_CONSOLE_LINES_PER_SECOND;
  const lines = section['consoleLinesPerSecond'];
  if (lines !== undefined) {
    if (typeof lines === 'number' && Number.isFinite(lines) && lines >= 0) consoleLinesPerSecond = lines;
    else problems.push(`slow-requests: consoleLinesPerSecond must be a number of lines, 0 or more (got ${JSON.stringify(lines)}).`);
  }
  return { settings: { thresholdMs, endpointThresholdsMs, consoleLinesPerSecond }, problems };
}
