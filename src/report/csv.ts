/**
 * CSV in Locust's conventions, so spreadsheets and scripts written for Locust's
 * `--csv` output keep working. Column positions follow Locust; columns the RunResult
 * has no figure for (content size, 66/80/98/99.99 %) are kept but left empty, so a
 * script reading e.g. column 17 (95 %) still finds it.
 */
import { writeFileWhole } from '../core/write-whole.ts';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { LatencyStats, RunResult, RunWindow } from '../core/types.ts';

type Cell = string | number;

const PERCENTILE_HEADERS = ['50%', '66%', '75%', '80%', '90%', '95%', '98%', '99%', '99.9%', '99.99%', '100%'];

const STATS_HEADER = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
];

const HISTORY_HEADER = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
  'Total Request Count',
  'Total Failure Count',
  // Locust's cumulative latency columns: the RunResult has per-window percentiles only.
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
  // loadspec additions, after Locust's columns so positions stay.
  'Window Start',
  'Window Requests',
  'Window Failures',
  'Window Average Response Time',
  'Window Min Response Time',
  'Slow Requests',
  // Locust writes Timestamp as Unix seconds; loadspec writes times people can read, and keeps the number here for scripts.
  'Unix Timestamp',
];

const FAILURES_HEADER = ['Method', 'Name', 'Error', 'Occurrences'];

/** `2026-12-07T20:48:58Z`: ISO-8601 with its zone (UTC), which spreadsheets read as a time. */
const isoSeconds = (epochMs: number): string => new Date(Math.round(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** Limits noise like 18.933333333333334 without losing what a reader needs. */
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

function percentileCells(latency: LatencyStats | null): Cell[] {
  if (latency === null) return PERCENTILE_HEADERS.map(() => '');
  return [latency.p50, '', latency.p75, '', latency.p90, latency.p95, '', latency.p99, latency.p999, '', latency.max];
}

/** `stats.csv`: one row per endpoint and an `Aggregated` row. */
export function renderStatsCsv(result: RunResult): string {
  const row = (
    type: string,
    name: string,
    stats: { requests: number; failures: number; rps: number; latency: LatencyStats | null },
  ): Cell[] => [
    type,
    name,
    stats.requests,
    stats.failures,
    stats.latency?.p50 ?? '',
    stats.latency?.mean ?? '',
    stats.latency?.min ?? '',
    stats.latency?.max ?? '',
    '',
    round(stats.rps),
    // Same duration as rps, so the two columns stay consistent.
    stats.requests === 0 ? 0 : round((stats.rps * stats.failures) / stats.requests),
    ...percentileCells(stats.latency),
  ];
  const rows = result.endpoints.map((endpoint) => row(endpoint.method, endpoint.path, endpoint));
  rows.push(row('', 'Aggregated', result.totals));
  return stringify([STATS_HEADER, ...rows]);
}

/** `stats_history.csv`: one `Aggregated` row per recorded window (~10 s). */
export function renderStatsHistoryCsv(result: RunResult): string {
  let totalRequests = 0;
  let totalFailures = 0;
  const rows = result.windows.map((window: RunWindow): Cell[] => {
    const seconds = Math.max(0.001, (window.end - window.start) / 1000);
    const failures = window.failures;
    totalRequests += window.requests;
    totalFailures += failures;
    return [
      isoSeconds(window.end),
      window.activeUsers,
      '',
      'Aggregated',
      round(window.requests / seconds),
      round(failures / seconds),
      ...percentileCells(window.latencyStats),
      totalRequests,
      totalFailures,
      '',
      '',
      '',
      '',
      '',
      isoSeconds(window.start),
      window.requests,
      failures,
      window.latencyStats?.mean ?? '',
      window.latencyStats?.min ?? '',
      window.slow,
      Math.round(window.end / 1000),
    ];
  });
  return stringify([HISTORY_HEADER, ...rows]);
}

/** `failures.csv`: one row per endpoint and error kind, most frequent first. */
export function renderFailuresCsv(result: RunResult): string {
  const rows: Cell[][] = [];
  const attributed: Record<string, number> = {};
  for (const endpoint of result.endpoints) {
    for (const [kind, count] of Object.entries(endpoint.errors)) {
      if (count <= 0) continue;
      rows.push([endpoint.method, endpoint.path, kind, count]);
      attributed[kind] = (attributed[kind] ?? 0) + count;
    }
  }
  // Errors before a request had an endpoint (e.g. a failed DNS lookup) are only in the totals.
  for (const [kind, count] of Object.entries(result.totals.errors)) {
    const rest = count - (attributed[kind] ?? 0);
    if (rest > 0) rows.push(['', '(no endpoint)', kind, rest]);
  }
  rows.sort((a, b) => Number(b[3]) - Number(a[3]));
  return stringify([FAILURES_HEADER, ...rows]);
}

/** Writes stats.csv, stats_history.csv and failures.csv; returns their paths. */
export async function writeCsvReports(result: RunResult, dir: string): Promise<string[]> {
  const files: Array<[string, string]> = [
    ['stats.csv', renderStatsCsv(result)],
    ['stats_history.csv', renderStatsHistoryCsv(result)],
    ['failures.csv', renderFailuresCsv(result)],
  ];
  return Promise.all(
    files.map(async ([name, content]) => {
      const path = join(dir, name);
      await writeFileWhole(path, content);
      return path;
    }),
  );
}
