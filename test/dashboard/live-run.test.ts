import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_SPAN_S, LiveRun } from '../../src/dashboard/live-run.ts';
import { encodeSketch, newSketch } from '../../src/core/sketch.ts';
import { metricName } from '../../src/core/metric-names.ts';
import { foldSeconds, WindowFolder } from '../../src/core/seconds.ts';
import { LiveRecord } from '../../src/session/live-record.ts';
import { AbortWatch } from '../../src/core/criteria/abort-watch.ts';
import { parseThresholdsConfig } from '../../src/core/criteria/config.ts';
import type { SecondLine } from '../../src/core/seconds.ts';
import { summarizeTotals, measuredDurationS } from '../../src/results/build-run-result.ts';
import type { RunManifest } from '../../src/run/run-manifest.ts';

const T = 1_795_716_000_000;
const EP = 'GET /items';

function line(w: string, t: number, requests: number, latency: number[], extra: Record<string, number> = {}): SecondLine {
  const all = newSketch();
  const endpoint = newSketch();
  for (const v of latency) {
    all.accept(v);
    endpoint.accept(v);
  }
  return {
    w,
    t,
    first: t,
    last: t + 999,
    c: { 'http.requests': requests, 'http.responses': latency.length, [metricName.requests(EP)]: requests, [metricName.code(200, EP)]: latency.length, ...extra },
    h: latency.length > 0 ? { 'http.response_time': encodeSketch(all), [metricName.latency(EP)]: encodeSketch(endpoint) } : {},
  };
}

const manifest = (criteria: unknown[]): RunManifest => ({
  scenario: 'live',
  configFile: 'live.yml',
  target: 'http://127.0.0.1:1',
  startedAt: T - 2000,
  plannedDurationS: 60,
  phases: [],
  plannedUsers: 10,
  expectedPlugins: [],
  thresholds: { criteria },
  slowThresholdS: 3,
});

/**
 * The run's LiveRecord as the runner feeds it, and the dashboard on it: each tick adds its lines
 * and closes what the lines show complete (the tests' clock is the record's own).
 */
function dashboard(criteria: unknown[]): { live: LiveRun; feed(lines: SecondLine[], events?: { type: string; time: number; index?: number; name?: string }[]): void; finish(): void } {
  const m = manifest(criteria);
  const record = new LiveRecord({ count4xx: parseThresholdsConfig(m.thresholds).options.count4xx }, { forViews: true });
  const live = new LiveRun(m, record);
  let latest = Number.NEGATIVE_INFINITY;
  return {
    live,
    feed(lines, events = []) {
      for (const l of lines) {
        record.add(`seconds-${l.w}.jsonl`, l);
        latest = Math.max(latest, l.t);
      }
      live.addTick({ closed: record.close(latest), events, slow: [] });
    },
    finish() {
      record.closeAll();
      live.finish();
    },
  };
}

/** Two workers, 25 s: fast at first, then slow (p95 ~900 ms) for the last 15 s. */
function record(): SecondLine[] {
  const lines: SecondLine[] = [];
  for (let s = 0; s < 25; s++) {
    const ms = s < 10 ? 50 : 900;
    const checks = { 'http.downloaded_bytes': 400, 'plugins.expect.ok.statusCode': 3, 'plugins.expect.failed.statusCode': 1 };
    for (const w of ['w1', 'w2']) lines.push(line(w, T + s * 1000, 4, [ms, ms + 5, ms + 10, ms + 20], s === 0 ? { 'vusers.created': 2, ...checks } : checks));
  }
  return lines;
}

test('the dashboard folds the same record into the same totals as the final result, and 1-s windows for its charts', () => {
  const { live, feed, finish } = dashboard(['p95 < 3s']);
  const lines = record();
  // Ticks of a second each, both workers' lines arriving together.
  for (let i = 0; i < lines.length; i += 2) feed(lines.slice(i, i + 2));
  finish();
  const snapshot = live.snapshot(T + 26_000);
  const windows = foldSeconds(lines);
  const final = summarizeTotals(windows, { count4xx: false, durationS: measuredDurationS(windows) });
  assert.equal(snapshot.totals.requests, 200);
  assert.equal(snapshot.totals.bytesReceived, 50 * 400, 'bytes received, summed over workers and seconds');
  assert.deepEqual(snapshot.totals.checks, { statusCode: { passed: 150, failed: 50 } });
  assert.deepEqual(snapshot.totals, final, 'the live totals are the final ones');
  assert.equal(snapshot.windows.length, 25);
  assert.ok(snapshot.windows.every((w) => w.requests === 8), 'each second holds both workers');
  assert.ok(snapshot.windows.slice(0, -1).every((w) => w.end - w.start === 1000));
  assert.equal(snapshot.activeUsers, 4);
  assert.equal(snapshot.endpoints[0]?.name, EP);
});

test('a criterion failing now says for how long, and how long until it stops the run', () => {
  const { live, feed } = dashboard([{ expect: 'p95 < 500ms', abort: true, grace: '1m' }, 'p95 < 3s']);
  feed(record(), [{ type: 'phaseStarted', time: T, index: 0, name: 'steady' }]);
  live.addTick({ closed: [], events: [], slow: [{ time: T + 12_000, endpoint: EP, durationMs: 3400, status: 200, phase: 'steady', scenario: null, userId: null }] });
  const snapshot = live.snapshot(T + 25_000);
  const [fast, loose] = snapshot.criteria;
  assert.equal(fast?.status, 'failed');
  assert.equal(fast?.abort, true);
  assert.equal(fast?.graceS, 60);
  assert.equal(fast?.failingForS, 15, 'failing in the 10-s window from 10 s and the open one from 20 s');
  assert.equal(loose?.status, 'passed');
  assert.equal(loose?.failingForS, null);
  assert.deepEqual(snapshot.phases.map((p) => p.name), ['steady']);
  assert.equal(snapshot.slowRequests[0]?.durationMs, 3400);
  const charts = live.charts(snapshot);
  assert.ok(charts.run.some((chart) => chart.title === `Latency (whole response) of ${EP}`));
  assert.equal(charts.phases[0]?.name, 'steady');
});

test('an hour-long run keeps only the charts\' last 5 minutes of 1-s windows, while totals and criteria cover every second', () => {
  const { live, feed, finish } = dashboard(['p95 < 3s', 'p95 < 3s in every 5m']);
  const seconds = 3600;
  for (let s = 0; s < seconds; s++) {
    const event = s === 0 ? [{ type: 'phaseStarted', time: T, index: 0, name: 'hour' }] : [{ type: 'plugin-loaded', time: T + s * 1000, name: 'x' }];
    feed([line('w1', T + s * 1000, 2, [40, 60])], event);
  }
  finish();
  const snapshot = live.snapshot(T + seconds * 1000);
  assert.equal(snapshot.totals.requests, 2 * seconds, 'totals over the whole hour');
  // The charts draw the windows ending in the last CHART_SPAN_S seconds: 300, and the one ending at their edge.
  assert.ok(snapshot.windows.length >= CHART_SPAN_S && snapshot.windows.length <= CHART_SPAN_S + 1, `only the 1-s windows the charts draw (${snapshot.windows.length})`);
  assert.ok((snapshot.windows[0]?.start ?? 0) >= T + (seconds - CHART_SPAN_S - 1) * 1000);
  assert.equal(snapshot.windows.at(-1)?.requests, 2, 'the last second is among them');
  assert.deepEqual(snapshot.phases.map((p) => p.name), ['hour'], 'only phase events are kept');
  const every5m = snapshot.criteria.find((c) => c.text.includes('every'));
  assert.equal(every5m?.status, 'passed');
});

test('"failing for" is the abort\'s own count: ten seconds without responses neither end the streak nor count against the run', () => {
  const criteria = [{ expect: 'p95 < 500ms', abort: true, grace: '30s' }];
  // Slow for 10 s, 10 s in which nothing is answered, slow again for 10 s, then one line that closes the last window.
  const lines: SecondLine[] = [];
  for (let s = 0; s < 30; s++) lines.push(s >= 10 && s < 20 ? line('w1', T + s * 1000, 0, []) : line('w1', T + s * 1000, 4, [900, 905, 910, 920]));
  lines.push(line('w1', T + 30_000, 0, []));
  const { live, feed } = dashboard(criteria);
  feed(lines);
  // The abort watch of the thresholds plugin, on the same windows.
  const config = parseThresholdsConfig({ criteria });
  const watch = new AbortWatch(config.criteria, config.options);
  const folder = new WindowFolder({ rule: { count4xx: true } });
  for (const l of lines) folder.add(l);
  const decisions = folder.take(T + 30_000).map((w) => watch.observe(w)).filter((d) => d !== null);
  assert.equal(decisions.length, 1, 'the run is stopped after 30 s of failing');
  const fast = live.snapshot(T + 31_000).criteria[0];
  assert.equal(fast?.failingForS, 30, 'the dashboard says so: failing for the whole grace');
  assert.equal(fast?.graceS, 30);
});
