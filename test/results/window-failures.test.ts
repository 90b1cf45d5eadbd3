/**
 * Failures are counted once per window, under the run's rule, when the record is folded:
 * the totals, the per-window CSV and the charts read the same numbers, also with `count4xx`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { metricName } from '../../src/core/metric-names.ts';
import type { SecondLine } from '../../src/core/seconds.ts';
import type { RunResult } from '../../src/core/types.ts';
import { buildRunResult } from '../../src/results/build-run-result.ts';
import { readRunDirectory } from '../../src/results/recorded-run.ts';
import { mergeRunResults } from '../../src/results/merge-run-results.ts';
import { renderStatsHistoryCsv } from '../../src/report/csv.ts';
import { runCharts } from '../../src/report/html/run-charts.ts';
import { meta } from './windows.ts';

const PERIOD = 1_700_000_000_000;
const A = 'GET /a';

/** One second of GET /a: `ok` 200s, `notFound` 404s (one of them also failed a check), `down` 503s. */
function second(t: number, ok: number, notFound: number, down: number): SecondLine {
  const c: Record<string, number> = {
    'http.requests': ok + notFound + down,
    'http.responses': ok + notFound + down,
    'http.codes.200': ok,
    'http.codes.404': notFound,
    'http.codes.503': down,
    [metricName.requests(A)]: ok + notFound + down,
    [metricName.code(200, A)]: ok,
    [metricName.code(404, A)]: notFound,
    [metricName.code(503, A)]: down,
    [metricName.error('http.503', A)]: down,
  };
  if (notFound > 0) c[metricName.error('http.404', A)] = 1;
  return { w: 'w1', t, first: t + 100, last: t + 900, c, h: {} };
}

async function runWithRule(count4xx: boolean): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'window-failures-'));
  const lines = [second(PERIOD, 10, 3, 1), second(PERIOD + 4_000, 10, 0, 2), second(PERIOD + 12_000, 5, 2, 0), second(PERIOD + 25_000, 8, 1, 1)];
  writeFileSync(path.join(dir, 'seconds-w1.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const recorded = await readRunDirectory(dir, { count4xx });
  const built = buildRunResult(recorded, { ...meta(), rules: { count4xx, expect4xx: false, slowThresholdMs: 3000 } }, { count4xx, slowThresholdMs: 3000 });
  return { ...built, verdict: { status: 'passed', criteria: [], reasons: [] }, monitor: null } as unknown as RunResult;
}

/** The stats_history.csv failures column is a rate: back to counts with each window's length. */
function csvFailures(result: RunResult): number[] {
  const [header, ...rows] = renderStatsHistoryCsv(result).trim().split('\n').map((row) => row.split(','));
  const column = (header ?? []).indexOf('Failures/s');
  assert.ok(column >= 0, `a Failures/s column in ${String(header)}`);
  return rows.map((row, i) => {
    const w = result.windows[i];
    return Math.round(Number(row[column]) * ((w?.end ?? 0) - (w?.start ?? 0)) / 1000);
  });
}

function chartFailures(result: RunResult): number[] {
  const throughput = runCharts(result).find((chart) => chart.series.some((s) => s.label === 'failures/s'));
  const series = throughput?.series.find((s) => s.label === 'failures/s');
  assert.ok(series, 'the throughput chart has a failures/s series');
  return series.values.map((v, i) => {
    const w = result.windows[i];
    return Math.round((v ?? 0) * ((w?.end ?? 0) - (w?.start ?? 0)) / 1000);
  });
}

const sum = (list: number[]): number => list.reduce((a, b) => a + b, 0);

describe('failures per window', () => {
  for (const count4xx of [false, true]) {
    it(`are counted once and read alike by totals, CSV and charts (count4xx ${String(count4xx)})`, async () => {
      const result = await runWithRule(count4xx);
      // 503s always fail (4 in all); with count4xx each 404 fails once, also the one that failed a check (6 in all).
      const expected = count4xx ? 4 + 6 : 4 + 3;
      assert.equal(result.totals.failures, expected);
      const perWindow = result.windows.map((w) => w.failures);
      assert.equal(sum(perWindow), expected);
      // Windows: seconds 0 and 4 | 12 | 25. A failed check counts without count4xx too.
      assert.deepEqual(perWindow, count4xx ? [3 + 3, 2, 1 + 1] : [3 + 1, 1, 1 + 1]);
      assert.deepEqual(csvFailures(result), perWindow);
      assert.deepEqual(chartFailures(result), perWindow);
      assert.equal(sum(result.windows.map((w) => w.endpoints[A]?.failures ?? 0)), expected);
    });
  }

  it('are counted again under the merged rule when shards merge', async () => {
    const merged = mergeRunResults([await runWithRule(true), await runWithRule(true)]);
    assert.equal(merged.totals.failures, 20);
    assert.equal(sum(merged.windows.map((w) => w.failures)), 20);
  });
});
