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
  assert.match(renderComparison(comparison, { color: false }), /No regression beyond the noise floor \(10% and 5ms\)\.\n$/);
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
  assert.match(text, /p95\s+[\d.]+m?s\s+[\d.]+m?s\s+\+[\d.]+%, \+[\d.]+m?s\s+REGRESSED/);
  assert.match(text, /POST \/api\/v1\/chat\s+[\d.]+m?s\s+[\d.]+m?s\s+\+[\d.]+%, \+[\d.]+m?s\s+REGRESSED/);
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

/** A run whose one endpoint and headline p95 is `p95Ms`, everything else as the baseline. */
function withP95(result: ReturnType<typeof passing>, p95Ms: number): ReturnType<typeof passing> {
  const copy = structuredClone(result);
  if (copy.totals.latency) copy.totals.latency.p95 = p95Ms;
  for (const endpoint of copy.endpoints) if (endpoint.latency) endpoint.latency.p95 = p95Ms;
  return copy;
}

test('a change must pass both the relative and the absolute floor: 2ms -> 4ms is noise, 2ms -> 40ms is not', () => {
  const baseline = withP95(passing(), 2);
  const noise = compareRuns(withP95(baseline, 4), baseline, { tolerancePercent: 20 });
  assert.equal(noise.regressed, false, noise.regressions.join('; '));
  const text = renderComparison(noise, { color: false });
  // Both tolerances are said, and every change shows both sizes.
  assert.match(text, /a regression is worse by more than 20% and by more than 5ms \(latency\), 0\.10 points \(error rate\) or 1\.00 req\/s \(throughput\)/);
  assert.match(text, /POST \/api\/v1\/chat\s+2ms\s+4ms\s+\+100\.0%, \+2ms\s*\n/);
  const real = compareRuns(withP95(baseline, 40), baseline, { tolerancePercent: 20 });
  assert.equal(real.regressed, true);
  assert.ok(real.regressions.includes('POST /api/v1/chat p95: 2ms -> 40ms (+1900.0%, +38ms)'), real.regressions.join('; '));
  // A slow endpoint gaining a few ms is below the relative floor instead.
  const slow = withP95(passing(), 1000);
  assert.equal(compareRuns(withP95(slow, 1100), slow, { tolerancePercent: 20 }).regressed, false);
  // Both floors are the caller's to set.
  assert.equal(compareRuns(withP95(baseline, 4), baseline, { tolerancePercent: 20, toleranceMs: 1 }).regressed, true);
  assert.equal(compareRuns(withP95(slow, 1100), slow, { tolerancePercent: 5, toleranceMs: 200 }).regressed, false);
});
