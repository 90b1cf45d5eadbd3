import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportCharts } from '../../../src/report/html/chart-data.ts';
import { syntheticRunResult } from '../../fixtures/synthetic-run.ts';

test('each latency limit is its own labelled line; an endpoint’s limit is on that endpoint’s chart; failed windowed criteria are shaded', () => {
  const result = syntheticRunResult({ minutes: 5, endpoints: 2, failing: true });
  const worst = { start: result.windows[10]?.start ?? 0, end: result.windows[15]?.end ?? 0 };
  result.verdict.criteria.push(
    { text: 'p95 < 3s in every 1m', status: 'failed', observed: 4200, limit: 3000, unit: 'ms', message: '', window: worst },
    { text: 'p99 < 9s in every 1m', status: 'passed', observed: 8000, limit: 9000, unit: 'ms', message: '', window: worst },
  );
  const charts = reportCharts(result).run;
  const latency = charts.find((chart) => chart.id === 'chart-latency');
  const limits = latency?.series.filter((series) => series.dash) ?? [];
  assert.deepEqual(
    limits.map((series) => series.label),
    ['limit: p95 < 3s (3.00s)', 'limit: p95 < 3s in every 1m (3.00s)', 'limit: p99 < 9s in every 1m (9.00s)'],
  );
  assert.equal(limits[0]?.values.length, result.windows.length);
  assert.ok(limits[0]?.values.every((value) => value === 3000));
  assert.deepEqual(latency?.highlights, [{ label: 'worst window: p95 < 3s in every 1m', start: worst.start / 1000, end: worst.end / 1000 }]);

  const chat = charts.find((chart) => chart.title === 'Latency (whole response) of POST /api/v1/chat');
  assert.deepEqual(chat?.series.map((series) => series.label), ['p50', 'p95', 'p99', 'limit: p99 of POST /api/v1/chat < 5s (5.00s)']);
  const chatP95 = chat?.series[1]?.values ?? [];
  assert.equal(chatP95.length, result.windows.length);
  assert.ok(chatP95.every((value) => value === null || value > 0));
  assert.ok(charts.some((chart) => chart.title === 'Latency (whole response) of POST /api/v1/food'));
});

test('no colour repeats within a chart, and count axes tick at whole numbers', () => {
  const result = syntheticRunResult({ minutes: 5, endpoints: 3, failing: true });
  result.verdict.criteria.push({ text: 'error rate < 1% in every 1m', status: 'failed', observed: 4, limit: 1, unit: '%', message: '' });
  for (const window of result.windows) window.errors = { ...window.errors, ETIMEDOUT: 1, 'http.500': 2, 'http.502': 1, ECONNRESET: 1, 'http.504': 1, 'expect.statusCode': 1 };
  result.totals.errors = { ...result.totals.errors, ETIMEDOUT: 9, 'http.500': 8, 'http.502': 7, ECONNRESET: 6, 'http.504': 5, 'expect.statusCode': 4 };
  const charts = reportCharts(result).run;
  for (const chart of charts) {
    const colors = chart.series.map((series) => series.color);
    assert.equal(new Set(colors).size, colors.length, `${chart.id} repeats a colour: ${colors.join(' ')}`);
  }
  const errors = charts.find((chart) => chart.id === 'chart-errors');
  assert.equal(errors?.axes[0]?.integer, true);
  assert.equal(charts.find((chart) => chart.id === 'chart-users')?.axes[0]?.integer, true);
});

test('window values are placed at the middle of each window, and the time axis spans the whole run', () => {
  const result = syntheticRunResult({ minutes: 1, endpoints: 1 });
  const throughput = reportCharts(result).run[0];
  assert.equal(throughput?.x[0], (result.meta.startedAt + 5000) / 1000);
  assert.equal(throughput?.xMin, result.meta.startedAt / 1000);
  assert.equal(throughput?.xMax, result.meta.endedAt / 1000);
  assert.deepEqual(throughput?.series[0]?.values.slice(0, 1), [(result.windows[0]?.requests ?? 0) / 10]);
});

test('monitor charts leave out sources that never answered', () => {
  const result = syntheticRunResult({ minutes: 1, endpoints: 1, withMonitor: true });
  for (const sample of result.monitor?.samples ?? []) {
    sample.dbPoolActive = sample.dbPoolAvailable = sample.dbPoolSize = sample.dbPoolWaiting = null;
    sample.generatorCpuPercent = null;
  }
  const monitor = reportCharts(result).monitor;
  assert.deepEqual(monitor.map((chart) => chart.id), ['chart-cpu', 'chart-memory', 'chart-health', 'chart-cache']);
  assert.deepEqual(monitor[0]?.series.map((series) => series.label), ['system CPU']);
});

test('a phase still running when the run ended is shaded up to the end of the run', () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 1, partial: true });
  const phases = reportCharts(result).phases;
  assert.deepEqual(phases.at(-1), { name: 'sustained load', start: (result.phases[1]?.start ?? 0) / 1000, end: result.meta.endedAt / 1000 });
});
