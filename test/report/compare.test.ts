import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, renderComparison } from '../../src/report/compare.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

const passing = () => syntheticRunResult({ minutes: 2, endpoints: 4 });
const failing = () => syntheticRunResult({ minutes: 2, endpoints: 4, failing: true });

test('the same run against itself shows no change and no regression', () => {
  const comparison = compareRuns(passing(), passing(), { tolerancePercent: 10 });
  assert.equal(comparison.regressed, false);
  assert.ok(comparison.headline.every((item) => item.changePercent === 0));
  assert.match(renderComparison(comparison, { color: false }), /No regression beyond 10%\.\n$/);
});

test('a slower, failing run regresses on p95 and error rate, and per endpoint', () => {
  const baseline = passing();
  const current = failing();
  const comparison = compareRuns(current, baseline, { tolerancePercent: 10 });
  assert.equal(comparison.regressed, true);
  const p95 = comparison.headline.find((item) => item.name === 'p95');
  assert.equal(p95?.regressed, true);
  const expected = (((current.totals.latency?.p95 ?? 0) - (baseline.totals.latency?.p95 ?? 0)) / (baseline.totals.latency?.p95 ?? 1)) * 100;
  assert.ok(Math.abs((p95?.changePercent ?? 0) - expected) < 1e-9);
  assert.ok(comparison.regressions.some((line) => line.startsWith('error rate: ')));
  assert.ok(comparison.regressions.some((line) => line.startsWith('POST /api/v1/chat p95: ')));
  const text = renderComparison(comparison, { color: false });
  assert.match(text, /p95\s+[\d.]+m?s\s+[\d.]+m?s\s+\+[\d.]+%\s+REGRESSED/);
  assert.match(text, /POST \/api\/v1\/chat\s+[\d.]+m?s\s+[\d.]+m?s\s+\+[\d.]+%\s+REGRESSED/);
});

test('getting faster is not a regression; a wide tolerance absorbs a slowdown', () => {
  assert.equal(compareRuns(passing(), failing(), { tolerancePercent: 10 }).regressed, false);
  assert.equal(compareRuns(failing(), passing(), { tolerancePercent: 100_000 }).regressed, false);
});

test('a tiny error-rate rise below the absolute floor is not a regression', () => {
  const baseline = passing();
  const current = passing();
  baseline.totals.errorRate = 0.0001;
  current.totals.errorRate = 0.0005;
  const comparison = compareRuns(current, baseline, { tolerancePercent: 10 });
  assert.equal(comparison.headline.find((item) => item.name === 'error rate')?.regressed, false);
  current.totals.errorRate = 0.02;
  assert.equal(compareRuns(current, baseline, { tolerancePercent: 10 }).regressed, true);
});

test('endpoints present on one side only are shown and not counted as regressions', () => {
  const baseline = syntheticRunResult({ minutes: 1, endpoints: 2 });
  const current = syntheticRunResult({ minutes: 1, endpoints: 3 });
  const comparison = compareRuns(current, baseline, { tolerancePercent: 10 });
  const added = comparison.endpoints.find((item) => item.name === 'GET /api/v1/reminders');
  assert.equal(added?.presentIn, 'current');
  assert.equal(added?.regressed, false);
  assert.match(renderComparison(comparison, { color: false }), /GET \/api\/v1\/reminders \(only in current\)/);
});
