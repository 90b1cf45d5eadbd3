import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonitorData, MonitorSample } from '../../../src/core/monitor-data.ts';
import { parseThresholdsConfig } from '../../../src/core/criteria/config.ts';
import { decideVerdict, evaluateCriteria } from '../../../src/core/criteria/evaluate.ts';
import type { RunData } from '../../../src/core/criteria/evaluate.ts';
import { parseCriterion } from '../../../src/core/criteria/parse.ts';
import type { Criterion } from '../../../src/core/criteria/criterion.ts';
import { sample } from '../../monitor/samples.ts';
import { buildRun, T0, times } from './run-builder.ts';

const parsed = (text: string): Criterion => {
  const result = parseCriterion(text);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.criterion;
};
const refused = (text: string): string => {
  const result = parseCriterion(text);
  assert.ok(!result.ok, `"${text}" should be refused`);
  return result.message;
};

/** A 2-minute run: twelve 10-second windows with some traffic, and monitor samples every 5 s. */
const WINDOWS = buildRun(12, () => ({ 'GET /x': { latencies: times(10, 20) } }));

function monitorOf(samples: MonitorSample[], warnings: string[] = []): MonitorData {
  return { intervalS: 5, samples, warnings };
}

/** Samples every 5 s from T0, the i-th with `values(i)`. */
function every5s(count: number, values: (i: number) => Partial<Omit<MonitorSample, 'time'>>): MonitorSample[] {
  return Array.from({ length: count }, (_, i) => sample(T0 + i * 5000, values(i)));
}

function judge(texts: string[], monitor: MonitorData | null): ReturnType<typeof evaluateCriteria> {
  const config = parseThresholdsConfig({ criteria: texts });
  assert.deepEqual(config.errors, []);
  return evaluateCriteria(config.criteria, { windows: WINDOWS, monitor });
}

function only(texts: string, monitor: MonitorData | null) {
  const [result] = judge([texts], monitor);
  assert.ok(result);
  return result;
}

describe('monitor criteria: reading them', () => {
  it('reads cache hit rate, DB pool gauges, exhaustion, memory growth and health latency', () => {
    assert.deepEqual(parsed('cache hit rate >= 70% after 1m'), { kind: 'cache-hit-rate', text: 'cache hit rate >= 70% after 1m', op: '>=', limit: 70, endpoint: null, afterS: 60, windowS: null });
    assert.deepEqual(parsed('db pool waiting == 0'), { kind: 'monitor-gauge', gauge: 'dbPoolWaiting', text: 'db pool waiting == 0', op: '==', limit: 0, endpoint: null, afterS: 0 });
    assert.deepEqual(parsed('DB pool exhausted for at most 30s'), { kind: 'db-pool-exhausted', text: 'DB pool exhausted for at most 30s', op: '<=', limit: 30_000, endpoint: null, afterS: 0 });
    assert.equal(parsed('db pool exhausted for less than 1m'.replace('1m', '60s')).op, '<');
    assert.deepEqual(parsed('target memory growth < 20%'), { kind: 'memory-growth', text: 'target memory growth < 20%', op: '<', limit: 20, endpoint: null, afterS: 0 });
    assert.deepEqual(parsed('health latency p95 < 500ms'), { kind: 'health-latency', stat: 'p95', text: 'health latency p95 < 500ms', op: '<', limit: 500, endpoint: null, afterS: 0, windowS: null });
    assert.equal(parsed('p99 health latency <= 1s in every 1m').kind, 'health-latency');
    assert.equal(parsed('memory growth < 150%').limit, 150);
  });

  it('explains what cannot be written for monitor measures', () => {
    assert.match(refused('cache hit rate of GET /api/v1/reminders >= 70%'), /sampled from the target as a whole, not per endpoint; remove "of GET \/api\/v1\/reminders"/);
    assert.match(refused('db pool waiting == 0 in every 1m'), /must hold in every sample already; remove "in every/);
    assert.match(refused('target memory growth < 20% in every 10m'), /compares the start and the end of the run/);
    assert.match(refused('cache hit rate >= 70'), /cache hit rate is a percentage: write 70%/);
    assert.match(refused('db pool waiting == 0ms'), /db pool waiting is a plain number: write 0 without "ms"/);
    assert.match(refused('db pool exhausted for at most 30'), /needs a unit: write 30ms or 30s/);
    assert.match(refused('cache hit rate == 70%'), /cannot be compared with "=="/);
    assert.match(refused('cahce hit rate >= 70%'), /did you mean "cache hit rate"/);
    // "for at most" is only read for measures that are a length of time.
    assert.match(refused('p95 for at most 3s'), /write "<=" instead of "at most"/);
  });
});

describe('monitor criteria: judging the samples', () => {
  it('judges the cache hit rate after warm-up on the reads made after it, not the running total', () => {
    // 10 reads per sample; no hits in the first minute, then 9 of 10: the target's running rate stays lower.
    let hits = 0;
    const samples = every5s(25, (i) => {
      if (i > 0) hits += i <= 12 ? 0 : 9;
      const reads = i * 10;
      return { cacheTotalReads: reads, cacheHitRate: reads === 0 ? 0 : Math.round((hits / reads) * 1000) / 10 };
    });
    const after = only('cache hit rate >= 70% after 1m', monitorOf(samples));
    assert.equal(after.status, 'passed');
    assert.equal(after.observed, 90);
    assert.match(after.message, /the cache hit rate was 90% \(limit >= 70%\) after the first 60 s: 108 hits in 120 cache reads/);
    const whole = only('cache hit rate >= 70%', monitorOf(samples));
    assert.equal(whole.status, 'failed');
    assert.equal(whole.observed, 45);
  });

  it('names the worst window of a windowed cache hit rate', () => {
    // The cache is flushed 60-80 s into the run: hits stop for those samples.
    let hits = 0;
    const samples = every5s(25, (i) => {
      if (i > 0) hits += i > 12 && i <= 16 ? 0 : 10;
      return { cacheTotalReads: i * 10, cacheHitRate: i === 0 ? 0 : (hits / (i * 10)) * 100 };
    });
    const result = only('cache hit rate >= 50% in every 20s', monitorOf(samples));
    assert.equal(result.status, 'failed');
    assert.equal(result.observed, 0);
    assert.match(result.message, /in the worst 20-second window 12:01:00-12:01:20 UTC: 0 hits in 40 cache reads/);
    assert.deepEqual(result.window, { start: T0 + 60_000, end: T0 + 80_000 });
  });

  it('holds a DB pool gauge to every sample and says how often it held', () => {
    const samples = every5s(10, (i) => ({ dbPoolWaiting: i === 4 ? 3 : i === 5 ? 1 : 0, dbPoolActive: 13 }));
    const waiting = only('db pool waiting == 0', monitorOf(samples));
    assert.equal(waiting.status, 'failed');
    assert.equal(waiting.observed, 3);
    assert.equal(waiting.unit, 'count');
    assert.match(waiting.message, /DB pool waiting \(requests queued for a connection\) was 3 \(limit == 0\) at its worst \(12:00:20 UTC\) over the whole run: it held in 8 of 10 samples/);
    assert.equal(only('db pool waiting == 0 after 30s', monitorOf(samples)).status, 'passed');
    assert.equal(only('db pool active <= 13', monitorOf(samples)).status, 'passed');
  });

  it('measures the longest DB pool exhaustion in sampling intervals', () => {
    // Waiting in samples 2-4 (3 samples = 15 s) and 10-16 (7 samples = 35 s).
    const exhausted = (i: number): boolean => (i >= 2 && i <= 4) || (i >= 10 && i <= 16);
    const samples = every5s(20, (i) => ({ dbPoolWaiting: exhausted(i) ? 2 : 0, dbPoolAvailable: exhausted(i) ? 0 : 5 }));
    const result = only('db pool exhausted for at most 30s', monitorOf(samples));
    assert.equal(result.status, 'failed');
    assert.equal(result.observed, 35_000);
    assert.match(result.message, /the longest DB pool exhaustion was 35 s \(limit <= 30 s\): 7 samples in a row 12:00:50-12:01:20 UTC had requests waiting for a connection \(sampled every 5 s\)/);
    assert.equal(only('db pool exhausted for at most 35s', monitorOf(samples)).status, 'passed');
    const calm = only('db pool exhausted for at most 30s', monitorOf(every5s(6, () => ({ dbPoolWaiting: 0 }))));
    assert.equal(calm.status, 'passed');
    assert.match(calm.message, /never exhausted in 6 samples/);
    // A target that reports no queue: no idle connection counts as exhausted.
    const noQueue = only('db pool exhausted <= 5s', monitorOf(every5s(6, (i) => ({ dbPoolAvailable: i < 3 ? 0 : 4 }))));
    assert.equal(noQueue.observed, 15_000);
    assert.match(noQueue.message, /had no idle connection/);
  });

  it('compares target memory at the end of the run with its start', () => {
    const leaking = every5s(20, (i) => ({ targetMemoryMb: 100 + i * 2 }));
    const result = only('target memory growth < 20%', monitorOf(leaking));
    assert.equal(result.status, 'failed');
    // Medians of the first and last two samples (10% each): 101 MB and 137 MB.
    assert.equal(result.observed, 35.64);
    assert.match(result.message, /from 101 MB at the start \(12:00:00-12:00:05 UTC\) to 137 MB at the end \(12:01:30-12:01:35 UTC\)/);
    const flat = only('target memory growth < 20%', monitorOf(every5s(20, (i) => ({ targetMemoryMb: i % 2 === 0 ? 100 : 104 }))));
    assert.equal(flat.status, 'passed');
  });

  it('takes percentiles of the health probes', () => {
    const samples = every5s(20, (i) => ({ apiLatencyMs: i === 19 ? 900 : 10 + i, apiStatus: 200 }));
    const p95 = only('health latency p95 < 500ms', monitorOf(samples));
    assert.equal(p95.status, 'passed');
    assert.equal(p95.observed, 28);
    assert.equal(only('health latency max < 500ms', monitorOf(samples)).status, 'failed');
  });

  it('has no data, with the reason, when the monitor was off or the target never reported the value', () => {
    const off = only('cache hit rate >= 70%', null);
    assert.equal(off.status, 'no-data');
    assert.match(off.message, /the monitor was off for this run \(--no-monitor or loadspec\.monitor\.enabled: false\)/);
    const warning = 'GET http://127.0.0.1:1/api/v1/metrics answered 404; GET http://127.0.0.1:1/metrics answered 404: the DB pool and cache columns are empty';
    const empty = only('db pool waiting == 0', monitorOf(every5s(4, () => ({ cpuPercent: 5 })), [warning]));
    assert.equal(empty.status, 'no-data');
    assert.ok(empty.message.includes(`the monitor recorded no DB pool waiting values (${warning})`), empty.message);
    const memory = only('target memory growth < 20%', monitorOf(every5s(4, () => ({}))));
    assert.match(memory.message, /recorded no target memory values; set loadspec\.monitor\.json or loadspec\.monitor\.prometheus/);
    const notRead = only('cache hit rate >= 70%', { ...monitorOf(every5s(3, () => ({}))), sources: ['system', 'health'] });
    assert.match(notRead.message, /the monitor did not read the target's metrics \(loadspec\.monitor\.metrics is "off"\)/);
    const verdict = decideVerdict([off], { totals: { requests: 10 } });
    assert.equal(verdict.status, 'inconclusive');
  });

  it('leaves monitor criteria to the runner when the data has no monitor at all (inside Artillery)', () => {
    const config = parseThresholdsConfig({ criteria: ['p95 < 1s', 'cache hit rate >= 70%'] });
    const inArtillery: RunData = { windows: WINDOWS };
    assert.deepEqual(evaluateCriteria(config.criteria, inArtillery).map((r) => r.text), ['p95 < 1s', 'error rate < 1%', 'failed sessions == 0']);
  });

  it('ignores abort on a monitor criterion with a warning, and still judges it', () => {
    const config = parseThresholdsConfig({ criteria: [{ expect: 'db pool waiting == 0', abort: true }] });
    assert.deepEqual(config.errors, []);
    assert.equal(config.criteria[0]?.abort, false);
    assert.match(config.warnings[0] ?? '', /"abort" is ignored for "db pool waiting == 0": the monitor runs beside Artillery/);
  });
});
