import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DbPool } from '../../src/target/pool.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import { call } from './call.ts';

describe('DbPool', () => {
  it('hands connections out first come, first served once all are busy', async () => {
    const pool = new DbPool(1, 5_000);
    const first = await pool.acquire();
    assert.ok(first.ok);
    const order: string[] = [];
    const second = pool.acquire().then((acquired) => (order.push('second'), acquired));
    const third = pool.acquire().then((acquired) => (order.push('third'), acquired));
    assert.deepEqual(pool.stats(), { size: 1, active: 1, available: 0, waiting: 2 });
    first.release();
    const secondHeld = await second;
    assert.ok(secondHeld.ok);
    assert.deepEqual(order, ['second']);
    secondHeld.release();
    const thirdHeld = await third;
    assert.ok(thirdHeld.ok);
    thirdHeld.release();
    assert.deepEqual(order, ['second', 'third']);
    assert.deepEqual(pool.stats(), { size: 1, active: 0, available: 1, waiting: 0 });
  });

  it('gives up on a waiter after the pool timeout and frees its place in the queue', async () => {
    const pool = new DbPool(1, 30);
    const held = await pool.acquire();
    assert.ok(held.ok);
    const waited = await pool.acquire();
    assert.equal(waited.ok, false);
    assert.equal(pool.stats().waiting, 0);
    held.release();
    assert.equal(pool.stats().active, 0);
  });

  it('ignores a second release of the same connection', async () => {
    const pool = new DbPool(2, 1_000);
    const a = await pool.acquire();
    await pool.acquire();
    assert.ok(a.ok);
    a.release();
    a.release();
    assert.equal(pool.stats().active, 1);
  });
});

describe('demo target DB pool under load', () => {
  it('queues requests beyond the pool size, shows them waiting and grows their latency', async () => {
    // Scale 10 makes a reminders DB read ~30 ms, long enough to watch the queue.
    const target = await startDemoTarget({ poolSize: 2, latencyScale: 10, seed: 11 });
    try {
      let peakWaiting = 0;
      let done = false;
      const watcher = (async () => {
        for (let i = 0; i < 400 && !done; i++) {
          peakWaiting = Math.max(peakWaiting, target.metrics().db.waiting);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      // Distinct users, so every read misses the cache and needs the DB.
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) => call(target.url, 'GET', `/api/v1/reminders?user_id=queue-${i}`)),
      );
      done = true;
      await watcher;
      assert.ok(answers.every((answer) => answer.status === 200));
      assert.ok(peakWaiting >= 4, `peak waiting ${peakWaiting}`);
      // Unqueued, all 16 would finish in about one DB read (~30 ms, ~60 ms for the unluckiest draw);
      // queued two at a time, the last waits for ~7 others: ~240 ms. Noise can only add time.
      const slowest = Math.max(...answers.map((answer) => answer.ms));
      assert.ok(slowest > 120, `slowest ${slowest.toFixed(1)} ms`);
      assert.deepEqual(target.metrics().db, { pool_size: 2, active: 0, available: 2, waiting: 0 });
    } finally {
      await target.stop();
    }
  });

  it('answers 503 when a request waits longer than the pool timeout', async () => {
    const target = await startDemoTarget({ poolSize: 1, poolTimeoutMs: 20, latencyScale: 20, seed: 5 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => call(target.url, 'POST', '/api/v1/food', { user_id: `t${i}`, food_name: 'rice', quantity: 100 })),
      );
      const exhausted = answers.filter((answer) => answer.status === 503);
      assert.ok(exhausted.length >= 1, `statuses ${answers.map((answer) => answer.status).join(',')}`);
      assert.equal(exhausted[0]?.body['error'], 'db_pool_exhausted');
    } finally {
      await target.stop();
    }
  });
});
