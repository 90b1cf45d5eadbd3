import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GENERATOR_HEALTH_FILE } from '../../src/core/generator-health.ts';
import { startMonitor } from '../../src/monitor/monitor.ts';
import type { Monitor, MonitorData, MonitorOptions, MonitorSample } from '../../src/monitor/types.ts';
import { startFakeTarget } from './fake-target.ts';

/** Runs a monitor until it has taken `count` samples (bounded by 10 s), with its warnings. */
async function sampleFor(options: MonitorOptions, count: number, during?: (monitor: Monitor) => void): Promise<MonitorData> {
  const monitor = startMonitor(options);
  during?.(monitor);
  const seen: MonitorSample[] = [];
  await new Promise<void>((resolve) => {
    const cap = setTimeout(resolve, 10_000);
    monitor.on('sample', (sample) => {
      seen.push(sample);
      if (seen.length >= count) {
        clearTimeout(cap);
        resolve();
      }
    });
  });
  return monitor.stop();
}

// Each test has its own target and monitor and mostly waits for the next sample: they run side by side.
describe('monitor', { concurrency: true }, () => {
  it('follows a target whose JSON metrics change from sample to sample', async () => {
    const target = await startFakeTarget({ json: 'ok' });
    try {
      const data = await sampleFor({ intervalS: 0.3, target: { url: target.url, metrics: 'auto' } }, 3);
      assert.equal(data.samples.length, 3);
      assert.deepEqual(data.warnings, []);
      // The fake target answers read n with active = n % 13 and waiting = n: each sample saw a fresh read.
      assert.deepEqual(
        data.samples.map((s) => s.dbPoolWaiting),
        [1, 2, 3],
      );
      assert.deepEqual(
        data.samples.map((s) => s.dbPoolActive),
        [1, 2, 3],
      );
      for (const s of data.samples) {
        assert.equal(s.dbPoolSize, 13);
        assert.equal(s.cacheHitRate, 75);
        assert.equal(s.apiStatus, 200);
        assert.ok(s.apiLatencyMs !== null && s.apiLatencyMs >= 0 && s.apiLatencyMs < 2000);
        assert.ok(s.memoryMb !== null && s.memoryMb > 0);
      }
      // Prometheus (for target memory) is asked beside JSON until it has failed twice, then left alone, silently.
      assert.equal(target.hits.get('/metrics'), 2);
      assert.ok(data.samples.every((s) => s.targetMemoryMb === null));
      assert.ok(data.samples.every((s, i) => i === 0 || s.time > (data.samples[i - 1]?.time ?? 0)));
    } finally {
      await target.stop();
    }
  });

  it('fills system and health columns from a target without metrics endpoints, with one warning', async () => {
    const target = await startFakeTarget();
    try {
      const warnings: string[] = [];
      const data = await sampleFor({ intervalS: 0.3, target: { url: target.url, metrics: 'auto' } }, 3, (m) => m.on('warning', (w) => warnings.push(w)));
      assert.equal(data.samples.length, 3);
      assert.equal(warnings.length, 1);
      assert.deepEqual(data.warnings, warnings);
      assert.match(warnings[0] ?? '', /\/api\/v1\/metrics answered 404; GET .*\/metrics answered 404: the DB pool and cache columns are empty/);
      for (const s of data.samples) {
        assert.equal(s.apiStatus, 200);
        assert.ok(s.apiLatencyMs !== null);
        assert.ok(s.memoryPercent !== null && s.memoryPercent > 0);
        assert.equal(s.dbPoolSize, null);
        assert.equal(s.cacheHitRate, null);
      }
    } finally {
      await target.stop();
    }
  });

  it('asks no metrics endpoint unless told: a target without them gets the health check only, and no warning', async () => {
    const target = await startFakeTarget();
    try {
      const data = await sampleFor({ intervalS: 0.3, target: { url: target.url } }, 3);
      assert.equal(data.samples.length, 3);
      assert.deepEqual(data.warnings, []);
      assert.deepEqual([...target.hits.keys()], ['/health']);
      assert.ok(data.samples.every((s) => s.apiStatus === 200 && s.dbPoolSize === null));
    } finally {
      await target.stop();
    }
  });

  it('falls back to Prometheus metrics and, once JSON has failed twice, asks only that endpoint', async () => {
    const target = await startFakeTarget({ prometheus: true });
    try {
      const data = await sampleFor({ intervalS: 0.3, system: false, target: { url: target.url, metrics: 'auto' } }, 3);
      assert.deepEqual(data.warnings, []);
      assert.deepEqual(
        data.samples.map((s) => s.dbPoolActive),
        [1, 2, 3],
      );
      assert.ok(data.samples.every((s) => s.cacheHitRate === 90 && s.dbPoolSize === 13));
      assert.equal(target.hits.get('/api/v1/metrics'), 2);
      assert.equal(s0(data).cpuPercent, null);
    } finally {
      await target.stop();
    }
  });

  it('takes the DB pool and cache from JSON and the target memory from Prometheus when both are served', async () => {
    const target = await startFakeTarget({ json: 'ok', prometheus: true });
    try {
      const data = await sampleFor({ intervalS: 0.3, system: false, target: { url: target.url, metrics: 'auto' } }, 3);
      assert.deepEqual(data.warnings, []);
      // JSON wins where both have a value: its hit rate is 75%, Prometheus's would be 90%.
      assert.ok(data.samples.every((s) => s.cacheHitRate === 75 && s.dbPoolSize === 13));
      const memory = data.samples.map((s) => s.targetMemoryMb ?? 0);
      assert.ok(memory.every((mb) => mb > 64 && mb < 80), memory.join(', '));
      assert.equal(target.hits.get('/metrics'), 3);
    } finally {
      await target.stop();
    }
  });

  it('reads names and paths configured for an API that names its metrics differently', async () => {
    const target = await startFakeTarget({ json: 'ok' });
    try {
      const data = await sampleFor(
        { intervalS: 0.3, system: false, target: { url: target.url, metrics: 'json', jsonPaths: { dbPoolSize: 'db.waiting', dbPoolWaiting: 'nope.missing' } } },
        2,
      );
      assert.deepEqual(
        data.samples.map((s) => s.dbPoolSize),
        [1, 2],
      );
      assert.ok(data.samples.every((s) => s.dbPoolWaiting === null));
      assert.equal(data.warnings.length, 1);
      assert.match(data.warnings[0] ?? '', /\/api\/v1\/metrics lacks nope\.missing: the DB pool waiting column is empty/);
    } finally {
      await target.stop();
    }
  });

  it('survives a metrics endpoint that answers garbage', async () => {
    const target = await startFakeTarget({ json: 'garbage' });
    try {
      const data = await sampleFor({ intervalS: 0.3, target: { url: target.url, metrics: 'json' } }, 2);
      assert.equal(data.warnings.length, 1);
      assert.match(data.warnings[0] ?? '', /did not answer JSON/);
      assert.ok(data.samples.every((s) => s.apiStatus === 200 && s.dbPoolActive === null));
    } finally {
      await target.stop();
    }
  });

  it('keeps sampling when the target is down: empty health columns and one warning', async () => {
    const target = await startFakeTarget();
    await target.stop();
    const data = await sampleFor({ intervalS: 0.3, target: { url: target.url, metrics: 'off' } }, 2);
    assert.equal(data.samples.length, 2);
    assert.equal(data.warnings.length, 1);
    assert.match(data.warnings[0] ?? '', /got no answer \(ECONNREFUSED\)/);
    assert.ok(data.samples.every((s) => s.apiStatus === null && s.apiLatencyMs === null && s.memoryMb !== null));
    assert.deepEqual(data.sources?.sort(), ['health', 'system']);
  });

  it('watches a process and reads its event-loop delay from the run directory', async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'loadspec-monitor-'));
    try {
      const file = path.join(runDir, GENERATOR_HEALTH_FILE);
      const line = (worker: string, delay: number): string =>
        `${JSON.stringify({ time: Date.now(), worker, intervalMs: 5000, eventLoopDelayP99Ms: delay, eventLoopDelayMaxMs: delay, threadCpuPercent: 50 })}\n`;
      writeFileSync(file, line('1', 3) + line('2', 42));
      // Burn some CPU in this process so its CPU column has something to show.
      const busy = setInterval(() => {
        const until = performance.now() + 20;
        while (performance.now() < until);
      }, 40);
      let samples = 0;
      const late = line('1', 99);
      const data = await sampleFor({ intervalS: 0.3, system: false, generator: { pid: process.pid, runDir } }, 3, (m) =>
        m.on('sample', () => {
          samples += 1;
          // A worker caught mid-write: the line counts once its end arrives, not before, not garbled.
          if (samples === 1) appendFileSync(file, late.slice(0, 30));
          if (samples === 2) appendFileSync(file, late.slice(30));
        }),
      );
      clearInterval(busy);
      assert.deepEqual(data.warnings, []);
      assert.deepEqual(
        data.samples.map((s) => s.generatorEventLoopDelayMs),
        [42, 42, 99],
      );
      assert.ok(data.samples.every((s) => s.generatorMemoryMb !== null && s.generatorMemoryMb > 10));
      const cpu = data.samples.map((s) => s.generatorCpuPercent ?? 0);
      assert.ok(Math.max(...cpu) > 10, `expected this busy process to show CPU, got ${cpu.join(', ')}`);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });

  it('warns once about a process that does not exist', async () => {
    const data = await sampleFor({ intervalS: 0.2, system: false, generator: { pid: 2 ** 22 + 17 } }, 2);
    assert.equal(data.warnings.length, 1);
    assert.match(data.warnings[0] ?? '', /cannot read process \d+ \(ENOENT\)/);
  });

  it('refuses an interval that is not a positive number', () => {
    assert.throws(() => startMonitor({ intervalS: 0 }), /positive number of seconds/);
  });
});

function s0(data: MonitorData): MonitorSample {
  const first = data.samples[0];
  assert.ok(first);
  return first;
}
