import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderFailuresCsv, renderStatsCsv, renderStatsHistoryCsv, writeCsvReports } from '../../src/report/csv.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

/** Enough CSV for our own output: no field we write here contains a comma or quote. */
function parse(csv: string): string[][] {
  return csv.trimEnd().split('\n').map((line) => line.split(','));
}

function column(rows: string[][], header: string): number {
  const index = rows[0]?.indexOf(header) ?? -1;
  assert.ok(index >= 0, `no column ${header}`);
  return index;
}

test('stats.csv keeps Locust’s column positions: a script reading column 17 gets the 95th percentile', () => {
  const result = syntheticRunResult({ minutes: 2, endpoints: 4, failing: true });
  const rows = parse(renderStatsCsv(result));
  assert.equal(rows[0]?.[16], '95%');
  assert.deepEqual(rows[0]?.slice(0, 4), ['Type', 'Name', 'Request Count', 'Failure Count']);
  const aggregated = rows.at(-1);
  assert.equal(aggregated?.[1], 'Aggregated');
  assert.equal(aggregated?.[16], String(result.totals.latency?.p95));
  assert.equal(aggregated?.[2], String(result.totals.requests));
  assert.equal(aggregated?.[3], String(result.totals.failures));
  assert.equal(rows.length, 1 + result.endpoints.length + 1);
  const chat = rows.find((row) => row[0] === 'POST' && row[1] === '/api/v1/chat');
  const chatSummary = result.endpoints.find((endpoint) => endpoint.name === 'POST /api/v1/chat');
  assert.equal(chat?.[column(rows, '99%')], String(chatSummary?.latency?.p99));
  assert.equal(chat?.[column(rows, '100%')], String(chatSummary?.latency?.max));
  // Columns the RunResult has no figure for stay empty rather than invented.
  assert.equal(chat?.[column(rows, '66%')], '');
});

test('stats_history.csv has one Aggregated row per window with running totals', () => {
  const result = syntheticRunResult({ minutes: 2, endpoints: 3 });
  const rows = parse(renderStatsHistoryCsv(result));
  assert.equal(rows.length, 1 + result.windows.length);
  const last = rows.at(-1) ?? [];
  assert.equal(last[column(rows, 'Total Request Count')], String(result.totals.requests));
  assert.equal(last[column(rows, 'Total Failure Count')], String(result.totals.failures));
  const first = rows[1] ?? [];
  const window = result.windows[0];
  assert.equal(first[column(rows, 'Timestamp')], new Date(Math.round((window?.end ?? 0) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
  assert.match(first[column(rows, 'Window Start')] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'ISO-8601 with its zone');
  assert.equal(first[column(rows, 'Unix Timestamp')], String(Math.round((window?.end ?? 0) / 1000)), 'the number stays for scripts');
  assert.equal(first[column(rows, 'User Count')], String(window?.activeUsers));
  assert.equal(first[column(rows, '95%')], String(window?.latencyStats?.p95));
  assert.equal(first[column(rows, 'Requests/s')], String(Number(((window?.requests ?? 0) / 10).toFixed(3))));
});

test('failures.csv lists every endpoint and error kind, the counts adding up to the run’s failures', () => {
  const result = syntheticRunResult({ minutes: 2, endpoints: 4, failing: true });
  const rows = parse(renderFailuresCsv(result));
  assert.deepEqual(rows[0], ['Method', 'Name', 'Error', 'Occurrences']);
  const total = rows.slice(1).reduce((sum, row) => sum + Number(row[3]), 0);
  assert.equal(total, result.totals.failures);
  assert.ok(rows.some((row) => row[0] === 'POST' && row[1] === '/api/v1/chat' && row[2] === 'http.503'));
  const counts = rows.slice(1).map((row) => Number(row[3]));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most frequent first');
});

test('errors not attributed to an endpoint still appear in failures.csv', () => {
  const result = syntheticRunResult({ minutes: 1, endpoints: 2 });
  result.totals.errors = { ...result.totals.errors, EAI_AGAIN: 7 };
  const rows = parse(renderFailuresCsv(result));
  assert.ok(rows.some((row) => row.join(',') === ',(no endpoint),EAI_AGAIN,7'));
});

test('a run without responses leaves latency cells empty instead of writing zeros', () => {
  const rows = parse(renderStatsCsv(syntheticRunResult({ minutes: 1, endpoints: 2, zeroSuccess: true })));
  const aggregated = rows.at(-1) ?? [];
  assert.equal(aggregated[column(rows, 'Median Response Time')], '');
  assert.equal(aggregated[column(rows, '95%')], '');
  assert.equal(aggregated[column(rows, 'Failure Count')], aggregated[column(rows, 'Request Count')]);
});

test('writeCsvReports writes the three files Locust users look for', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadspec-csv-'));
  try {
    const paths = await writeCsvReports(syntheticRunResult({ minutes: 1, endpoints: 2 }), dir);
    assert.deepEqual(paths.map((path) => path.slice(dir.length + 1)), ['stats.csv', 'stats_history.csv', 'failures.csv']);
    assert.match(await readFile(join(dir, 'stats.csv'), 'utf8'), /^Type,Name,Request Count/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a partial run’s history stops where the run stopped', () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 2, partial: true });
  const rows = parse(renderStatsHistoryCsv(result));
  assert.equal(rows.length - 1, 11, '1m 50s of 3m: eleven 10 s windows');
  assert.equal(rows.at(-1)?.[0], new Date(Math.round(result.meta.endedAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
});
