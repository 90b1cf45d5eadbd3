import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SecondRecorder } from '../../plugins/artillery-plugin-recorder/second-recorder.ts';
import { foldSeconds } from '../../src/core/seconds.ts';
import type { SecondLine } from '../../src/core/seconds.ts';
import { metricName, parseMetricName } from '../../src/core/metric-names.ts';
import { readPayload, toRunWindow } from '../../src/core/to-window.ts';
import { decodeSketch, encodeSketch, newSketch } from '../../src/core/sketch.ts';

const PERIOD = 1_795_716_000_000;

function sketchOf(values: number[]): ReturnType<typeof newSketch> {
  const sketch = newSketch();
  for (const v of values) sketch.accept(v);
  return sketch;
}

/** A main-side `stats` payload as Artillery builds it (launch-platform.js). */
function payload(period: number, counters: Record<string, number>, histograms: Record<string, number[]> = {}): Record<string, unknown> {
  return {
    period: String(period),
    counters,
    histograms: Object.fromEntries(Object.entries(histograms).map(([name, values]) => [name, sketchOf(values)])),
    summaries: Object.fromEntries(Object.keys(histograms).map((name) => [name, { p50: 0 }])),
    rates: {},
    firstMetricAt: period + 2_000,
    lastMetricAt: period + 9_000,
  };
}

describe('recorder metric names', () => {
  it('round-trips endpoint names with spaces, dots and colons in the path', () => {
    const endpoint = 'POST /api/v1/items:batch/{{ id }}';
    assert.deepEqual(parseMetricName(metricName.code(503, endpoint)), { kind: 'code', code: '503', endpoint });
    assert.deepEqual(parseMetricName(metricName.error('http.503', endpoint)), { kind: 'error', error: 'http.503', endpoint });
    assert.deepEqual(parseMetricName(metricName.error('Failed  capture ', endpoint)), { kind: 'error', error: 'Failed capture', endpoint });
    assert.deepEqual(parseMetricName(metricName.latency(endpoint)), { kind: 'latency', endpoint });
    assert.equal(parseMetricName('http.codes.200'), null);
  });
});

describe('toRunWindow', () => {
  it('counts a user that failed without a failed request as a failure of its cause, and in the error rate\'s denominator', () => {
    const parsed = readPayload(
      payload(PERIOD, {
        'vusers.created': 6,
        'vusers.failed': 6,
        'errors.boom': 6,
        'errors.ETIMEDOUT': 2,
        'loadspec.ended.ETIMEDOUT': 2,
        'http.requests': 99,
        [metricName.requests('GET /a')]: 8,
        [metricName.code(200, 'GET /a')]: 6,
        [metricName.error('ETIMEDOUT', 'GET /a')]: 2,
        'loadspec.redirects': 3,
      }),
    );
    assert.ok(parsed);
    const w = toRunWindow(parsed, { start: PERIOD, end: PERIOD + 10_000, activeUsersBefore: 0 });
    assert.equal(w.requests, 8, "the recorder's count, not Artillery's hops");
    assert.deepEqual(w.errors, { ETIMEDOUT: 2, 'session: boom': 6 });
    assert.equal(w.failures, 8);
    assert.equal(w.redirects, 3);
  });

  it('turns a merged period into counts, failures and per-endpoint data', () => {
    const raw = payload(
      PERIOD,
      {
        'vusers.created': 10,
        'vusers.completed': 6,
        'vusers.failed': 1,
        'http.requests': 9,
        'http.responses': 8,
        'http.codes.200': 6,
        'http.codes.404': 1,
        'http.codes.503': 1,
        'errors.ECONNREFUSED': 1,
        'loadspec.ended.ECONNREFUSED': 1,
        [metricName.requests('GET /a')]: 7,
        [metricName.code(200, 'GET /a')]: 6,
        [metricName.code(404, 'GET /a')]: 1,
        [metricName.error('http.404', 'GET /a')]: 1,
        'loadspec.slow.GET /a': 2,
        [metricName.requests('POST /b')]: 2,
        [metricName.code(503, 'POST /b')]: 1,
        [metricName.error('http.503', 'POST /b')]: 1,
        [metricName.error('ECONNREFUSED', 'POST /b')]: 1,
      },
      { 'http.response_time': [10, 20, 30, 40, 50, 60, 70, 80], [metricName.latency('GET /a')]: [10, 20, 30, 40, 50, 60, 70] },
    );
    const parsed = readPayload(raw);
    assert.ok(parsed);
    const w = toRunWindow(parsed, { start: PERIOD, end: PERIOD + 10_000, activeUsersBefore: 4 });
    assert.equal(w.requests, 9);
    assert.equal(w.responses, 8);
    assert.equal(w.activeUsers, 4 + 10 - 6 - 1);
    assert.deepEqual(w.codes, { '200': 6, '404': 1, '503': 1 });
    assert.deepEqual(w.errors, { 'http.404': 1, 'http.503': 1, ECONNREFUSED: 1 });
    assert.equal(w.slow, 2);
    assert.equal(w.latencyStats?.count, 8);
    assert.deepEqual(Object.keys(w.endpoints).sort(), ['GET /a', 'POST /b']);
    assert.equal(w.endpoints['GET /a']?.requests, 7);
    assert.equal(w.endpoints['GET /a']?.responses, 7);
    assert.equal(w.endpoints['POST /b']?.latency, null);
    const a = w.endpoints['GET /a']?.latency;
    assert.ok(a);
    assert.equal(decodeSketch(a).count, 7);
  });

  it('falls back to Artillery counters for failures when no per-endpoint data was recorded', () => {
    const parsed = readPayload(
      payload(PERIOD, {
        'http.requests': 5,
        'http.responses': 4,
        'http.codes.200': 2,
        'http.codes.502': 2,
        'errors.ETIMEDOUT': 1,
        'plugins.expect.failed.statusCode': 1,
      }),
    );
    assert.ok(parsed);
    const w = toRunWindow(parsed, { start: PERIOD, end: PERIOD + 10_000, activeUsersBefore: 0 });
    assert.deepEqual(w.errors, { 'http.502': 2, ETIMEDOUT: 1, 'expect.statusCode': 1 });
    assert.deepEqual(w.endpoints, {});
  });

  it('ignores the legacy report shape', () => {
    assert.equal(readPayload({ report: () => ({}) }), null);
  });
});

/** A line of the per-second record. */
function line(worker: string, t: number, counters: Record<string, number>, latency: number[] = []): SecondLine {
  return { w: worker, t, first: t + 100, last: t + 900, c: counters, h: latency.length > 0 ? { 'http.response_time': encodeSketch(sketchOf(latency)) } : {} };
}

describe('foldSeconds', () => {
  it('sums workers and seconds into 10-s windows; the first starts at the first measurement, the last ends at the last', () => {
    const created = { 'vusers.created': 2, 'http.requests': 3, 'http.responses': 3, 'http.codes.200': 3 };
    const windows = foldSeconds([
      line('w1', PERIOD + 2_000, created, [10, 20, 30]),
      line('w2', PERIOD + 2_000, created, [40]),
      line('w1', PERIOD + 9_000, { 'http.requests': 1, 'vusers.completed': 1 }, [50]),
      // The last second of the run, a window later.
      line('w2', PERIOD + 13_000, { 'http.requests': 2, 'vusers.completed': 3 }, [60, 70]),
    ]);
    assert.equal(windows.length, 2);
    assert.deepEqual(windows.map((w) => [w.start, w.end]), [[PERIOD + 2_100, PERIOD + 10_000], [PERIOD + 10_000, PERIOD + 13_900]]);
    assert.deepEqual(windows.map((w) => w.requests), [7, 2]);
    assert.deepEqual(windows.map((w) => w.activeUsers), [3, 0]);
    assert.equal(windows[0]?.latencyStats?.count, 5);
    assert.equal(windows[0]?.latencyStats?.max, 50);
    assert.equal(windows[0]?.codes['200'], 6);
  });
});

describe('SecondRecorder', () => {
  it('writes one line per second, then every measurement at once after the final flush', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorder-seconds-'));
    const heard: string[] = [];
    const recorder = new SecondRecorder(dir, 'w7', { onLine: (l) => void heard.push(l) });
    recorder.count('http.requests', 1, PERIOD + 100);
    recorder.count('http.requests', 1, PERIOD + 200);
    recorder.observe('http.response_time', 12, PERIOD + 300);
    assert.equal(heard.length, 0, 'nothing before the second is over');
    recorder.count('http.requests', 1, PERIOD + 1_100);
    assert.equal(heard.length, 1, 'the first second is written when the next one starts');
    recorder.finalFlush();
    recorder.count('http.requests', 1, PERIOD + 1_200);
    recorder.close();
    const lines = readFileSync(path.join(dir, 'seconds-w7.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SecondLine);
    assert.deepEqual(lines.map((l) => [l.t, l.c['http.requests']]), [[PERIOD, 2], [PERIOD + 1_000, 1], [PERIOD + 1_000, 1]]);
    assert.equal(decodeSketch(lines[0]?.h['http.response_time'] ?? '').count, 1);
    assert.equal(heard.length, 3);
    const windows = foldSeconds(lines);
    assert.equal(windows[0]?.requests, 4, 'lines are deltas: a second written twice adds up');
  });
});
