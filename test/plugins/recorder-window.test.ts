import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MainRecorder } from '../../plugins/artillery-plugin-recorder/main-side.ts';
import { metricName, parseMetricName } from '../../plugins/artillery-plugin-recorder/metric-names.ts';
import { readPayload, stripRecorderMetrics, toRunWindow } from '../../plugins/artillery-plugin-recorder/to-window.ts';
import { decodeSketch, newSketch } from '../../src/results/sketch.ts';
import { liveWindows } from '../../src/results/live-windows.ts';
import type { RunWindow } from '../../src/results/types.ts';

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

  it('removes only its own metrics from the payload Artillery prints and saves', () => {
    const raw = payload(PERIOD, { 'http.requests': 1, [metricName.requests('GET /a')]: 1 }, { [metricName.latency('GET /a')]: [5], 'http.response_time': [5] });
    stripRecorderMetrics(raw);
    assert.deepEqual(Object.keys(raw['counters'] as object), ['http.requests']);
    assert.deepEqual(Object.keys(raw['histograms'] as object), ['http.response_time']);
    assert.deepEqual(Object.keys(raw['summaries'] as object), ['http.response_time']);
  });

  it('ignores the legacy report shape', () => {
    assert.equal(readPayload({ report: () => ({}) }), null);
  });
});

describe('MainRecorder', () => {
  it('writes one line per stats period, none for done, and announces each window live', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorder-main-'));
    const recorder = new MainRecorder(dir);
    const heard: RunWindow[] = [];
    const onWindow = (w: RunWindow): void => void heard.push(w);
    let ended = 0;
    const onEnd = (): void => void ended++;
    liveWindows.on('window', onWindow);
    liveWindows.on('end', onEnd);
    try {
      const counters = { 'vusers.created': 3, 'vusers.completed': 1, 'http.requests': 4, 'http.responses': 4, 'http.codes.200': 4 };
      // A complete period (reported after it ended), then the last, partial one (flushed before it ends).
      recorder.onStats(payload(PERIOD, counters, { 'http.response_time': [1, 2, 3, 4] }), PERIOD + 14_000);
      const last = payload(PERIOD + 10_000, { ...counters, 'vusers.created': 0, 'vusers.completed': 2 }, { 'http.response_time': [5] });
      recorder.onStats(last, PERIOD + 13_000);
      // `done` packs the whole run: same totals as the two windows together.
      recorder.onDone(payload(PERIOD + 10_000, { 'vusers.created': 3, 'vusers.completed': 3, 'http.requests': 8, 'http.responses': 8 }));

      const lines = readFileSync(path.join(dir, 'windows.jsonl'), 'utf8').trim().split('\n');
      assert.equal(lines.length, 2, 'the last partial window is recorded once, by stats, and not again by done');
      const windows = lines.map((l) => JSON.parse(l) as RunWindow);
      assert.equal(windows[0]?.start, PERIOD + 2_000, 'the first window starts at the first measurement');
      assert.equal(windows[0]?.end, PERIOD + 10_000);
      assert.equal(windows[1]?.start, PERIOD + 10_000);
      assert.equal(windows[1]?.end, PERIOD + 10_000 + 9_000, 'a window flushed before its period ended ends at its last measurement');
      assert.deepEqual(windows.map((w) => w.activeUsers), [2, 0]);
      assert.equal(heard.length, 2);
      assert.equal(ended, 1);

      const events = readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const done = events.find((e) => e['type'] === 'done');
      assert.deepEqual(done?.['unrecorded'], { requests: 0, responses: 0, vusersCreated: 0 });
    } finally {
      liveWindows.off('window', onWindow);
      liveWindows.off('end', onEnd);
    }
  });
});
