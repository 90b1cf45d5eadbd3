import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbortWatch } from '../../../src/core/criteria/abort-watch.ts';
import { parseThresholdsConfig } from '../../../src/core/criteria/config.ts';
import { buildWindow, times } from './run-builder.ts';
import type { TrafficSpec } from './run-builder.ts';

const API = 'GET /api';
const healthy: Record<string, TrafficSpec> = { [API]: { latencies: times(50, 100) } };
const broken: Record<string, TrafficSpec> = { [API]: { latencies: times(50, 100), errors: { 'http.500': 50 }, codes: { '500': 50 } } };

function watch(criteria: unknown[]): AbortWatch {
  const config = parseThresholdsConfig({ criteria });
  assert.deepEqual(config.errors, []);
  return new AbortWatch(config.criteria, config.options);
}

describe('AbortWatch', () => {
  it('stops once the criterion has failed for its whole grace period, not before', () => {
    const w = watch([{ expect: 'error rate < 1%', abort: true, grace: '30s' }]);
    assert.equal(w.observe(buildWindow(0, healthy)), null);
    assert.equal(w.observe(buildWindow(1, broken)), null);
    assert.equal(w.observe(buildWindow(2, broken)), null);
    const decision = w.observe(buildWindow(3, broken));
    assert.ok(decision);
    assert.equal(decision.entry.criterion.text, 'error rate < 1%');
    assert.equal(decision.failingSince, buildWindow(1, broken).start);
    assert.equal(decision.result.status, 'failed');
    assert.equal(
      decision.result.message,
      'error rate was 100% (limit < 1%) from 12:00:10 to 12:00:40 UTC: 150 of 150 requests failed (http.500 150)',
    );
  });

  it('a passing window in between starts the grace period again', () => {
    const w = watch([{ expect: 'error rate < 1%', abort: true, grace: '20s' }]);
    assert.equal(w.observe(buildWindow(0, broken)), null);
    assert.equal(w.observe(buildWindow(1, healthy)), null);
    assert.equal(w.observe(buildWindow(2, broken)), null);
    assert.ok(w.observe(buildWindow(3, broken)));
  });

  it('ignores criteria without abort, and the time before `after`', () => {
    const w = watch(['error rate < 1%', { expect: 'p95 < 50ms after 30s', abort: true, grace: '10s' }]);
    assert.equal(w.watching, 1);
    for (let i = 0; i < 3; i++) assert.equal(w.observe(buildWindow(i, broken)), null, `window ${i}`);
    const decision = w.observe(buildWindow(3, healthy));
    assert.equal(decision?.entry.criterion.text, 'p95 < 50ms after 30s');
  });

  it('a window without traffic neither fails nor passes', () => {
    const w = watch([{ expect: 'p95 < 50ms', abort: true, grace: '20s' }]);
    assert.equal(w.observe(buildWindow(0, healthy)), null);
    assert.equal(w.observe(buildWindow(1, {})), null);
    assert.ok(w.observe(buildWindow(2, healthy)));
  });
});
