import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startMonitor } from '../../src/monitor/monitor.ts';
import type { MonitorSample } from '../../src/monitor/types.ts';
import { startDemoTarget } from '../../src/target/server.ts';

/** Keeps `clients` requests in flight against the demo target until stopped. */
function keepBusy(url: string, clients: number): () => Promise<void> {
  let running = true;
  const loops = Array.from({ length: clients }, async (_, i) => {
    for (let n = 0; running && n < 500; n++) {
      // Writes always take a DB connection; repeated reads warm the cache.
      const user = `loadtest_user_${i}`;
      const request =
        n % 2 === 0
          ? fetch(`${url}/api/v1/food`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ user_id: user, food_name: 'apple', quantity: 1 }),
            })
          : fetch(`${url}/api/v1/reminders?user_id=${user}`);
      await request.then((r) => r.text(), () => '');
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

describe('monitor against the demo target', () => {
  for (const metrics of ['json', 'prometheus'] as const) {
    it(`reads a queueing DB pool and a warming cache from its ${metrics} metrics`, async () => {
      // Two connections for eight clients: the pool is saturated and requests queue.
      const target = await startDemoTarget({ poolSize: 2, latencyScale: 20, seed: 1 });
      const stopLoad = keepBusy(target.url, 8);
      const monitor = startMonitor({ intervalS: 0.3, system: false, target: { url: target.url, metrics } });
      const samples: MonitorSample[] = [];
      try {
        await new Promise<void>((resolve) => {
          const cap = setTimeout(resolve, 10_000);
          monitor.on('sample', (s) => {
            samples.push(s);
            if (samples.length >= 5) {
              clearTimeout(cap);
              resolve();
            }
          });
        });
      } finally {
        await stopLoad();
        const data = await monitor.stop();
        await target.stop();
        assert.deepEqual(data.warnings, []);
      }
      assert.ok(samples.every((s) => s.dbPoolSize === 2 && s.apiStatus === 200));
      assert.ok(samples.some((s) => s.dbPoolActive === 2 && (s.dbPoolWaiting ?? 0) > 0), JSON.stringify(samples.map((s) => [s.dbPoolActive, s.dbPoolWaiting])));
      const reads = samples.map((s) => s.cacheTotalReads ?? -1);
      assert.ok((reads.at(-1) ?? 0) > (reads[0] ?? 0), `cache reads should grow: ${reads.join(', ')}`);
      const last = samples.at(-1);
      assert.ok(last?.cacheHitRate !== null && last?.cacheHitRate !== undefined && last.cacheHitRate > 0);
    });
  }
});
