import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRunResult } from '../../src/results/run-directory.ts';
import type { RecordedRun } from '../../src/results/run-directory.ts';
import type { RunWindow } from '../../src/core/types.ts';
import { meta, range, T0, windowOf } from './windows.ts';


const recorded = (windows: RunWindow[], events: RecordedRun['events'] = []): RecordedRun => ({
  dir: '/tmp/x',
  windows,
  events,
  slowRequests: null,
  skippedLines: 0,
  damaged: {},
  recordFiles: [],
  recordedSeconds: 0,
  lastRecordedAt: null,
});

describe('buildRunResult', () => {
  const windows = [
    windowOf(
      T0,
      {
        'GET /a': { latencies: range(100) },
        'POST /b': { latencies: range(10, 500), codes: { '201': 6, '404': 2, '503': 2 }, errors: { 'http.503': 2, ECONNREFUSED: 1 }, unanswered: 1, slow: 1 },
      },
      { created: 10, completed: 4, failed: 1 },
    ),
    windowOf(T0 + 10_000, { 'GET /a': { latencies: range(100, 101) }, 'POST /b': { codes: { '404': 1 }, errors: { 'http.404': 1 } } }, { created: 0, completed: 5, failed: 0 }),
  ];

  it('adds up the windows, merges their sketches and rates requests over the measured span', () => {
    const result = buildRunResult(recorded(windows), meta(), { count4xx: false, slowThresholdMs: 3000 });
    assert.equal(result.totals.requests, 100 + 11 + 100 + 1);
    assert.equal(result.totals.responses, 100 + 10 + 100 + 1);
    assert.equal(result.totals.rps, Math.round((212 / 20) * 10) / 10);
    assert.equal(result.totals.vusersCreated, 10);
    assert.equal(result.totals.vusersFailed, 1);
    // All 200 GET /a latencies are 1..200: percentiles of the merged sketch, within 1%.
    const a = result.endpoints.find((e) => e.name === 'GET /a');
    assert.equal(a?.method, 'GET');
    assert.equal(a?.path, '/a');
    assert.equal(a?.latency?.count, 200);
    assert.ok(Math.abs((a?.latency?.p50 ?? 0) - 100) <= 1 + 1e-9, `p50 ${a?.latency?.p50}`);
    assert.ok(Math.abs((a?.latency?.p95 ?? 0) - 190) <= 1.9 + 1e-9, `p95 ${a?.latency?.p95}`);
    assert.equal(result.endpoints[0]?.name, 'GET /a', 'busiest first');
    assert.deepEqual(result.slowRequests, { threshold: 3000, byEndpoint: { 'POST /b': 1 }, slowest: [] });
    assert.equal(result.windows.length, 2);
  });

  it('counts network errors, 5xx and failed checks; 4xx only when asked, never twice', () => {
    const without = buildRunResult(recorded(windows), meta(), { count4xx: false, slowThresholdMs: 3000 });
    const b = without.endpoints.find((e) => e.name === 'POST /b');
    assert.equal(b?.failures, 2 + 1 + 1, '503 x2, refused, and the 404 that failed a check');
    assert.equal(b?.errorRate, 4 / 12);
    assert.equal(without.totals.failures, 4);

    const with4xx = buildRunResult(recorded(windows), meta(), { count4xx: true, slowThresholdMs: 3000 });
    const b4 = with4xx.endpoints.find((e) => e.name === 'POST /b');
    assert.deepEqual(b4?.errors, { 'http.503': 2, ECONNREFUSED: 1, 'http.404': 3 });
    assert.equal(b4?.failures, 6, 'three 404s, one of which also failed a check, count once each');
    assert.equal(with4xx.totals.errorRate, 6 / 212);
  });

  it('takes the phases from the runner, else from the recorded phase events', () => {
    const events = [
      { type: 'phaseStarted', time: T0, index: 0, name: 'warm up', durationS: 10 },
      { type: 'phaseCompleted', time: T0 + 10_000, index: 0, name: 'warm up', durationS: 10 },
      { type: 'phaseStarted', time: T0 + 10_000, index: 1, name: 'phase 2', durationS: 60 },
    ];
    const result = buildRunResult(recorded(windows, events), meta(), { count4xx: false, slowThresholdMs: 3000 });
    assert.deepEqual(result.phases, [
      { index: 0, name: 'warm up', start: T0, end: T0 + 10_000, plannedDurationS: 10 },
      { index: 1, name: 'phase 2', start: T0 + 10_000, end: null, plannedDurationS: 60 },
    ]);
    const given = [{ index: 0, name: 'x', start: 1, end: 2, plannedDurationS: 3 }];
    assert.deepEqual(buildRunResult(recorded(windows, events), meta(), { count4xx: false, slowThresholdMs: 3000, phases: given }).phases, given);
  });

  it('gives zeros and no latency for a run that recorded nothing', () => {
    const result = buildRunResult(recorded([]), meta(), { count4xx: false, slowThresholdMs: 3000 });
    assert.equal(result.totals.requests, 0);
    assert.equal(result.totals.errorRate, 0);
    assert.equal(result.totals.rps, 0);
    assert.equal(result.totals.latency, null);
    assert.deepEqual(result.endpoints, []);
  });
});
