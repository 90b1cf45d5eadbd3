import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadCache } from '../../src/target/cache.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import { call, foodBody } from './call.ts';

describe('ReadCache', () => {
  it('misses the first read, hits within the TTL and misses again after it', () => {
    const cache = new ReadCache(10);
    assert.equal(cache.read('xp:a', 0), false);
    assert.equal(cache.read('xp:a', 9_999), true);
    assert.equal(cache.read('xp:a', 10_000), false);
    assert.deepEqual(cache.stats(), { hits: 1, misses: 2 });
  });

  it('misses after an invalidation', () => {
    const cache = new ReadCache(60);
    cache.read('xp:a', 0);
    cache.invalidate('xp:a');
    assert.equal(cache.read('xp:a', 1), false);
  });

  it('evicts the oldest key beyond its capacity', () => {
    const cache = new ReadCache(60, 2);
    cache.read('a', 0);
    cache.read('b', 0);
    cache.read('c', 0);
    assert.equal(cache.read('a', 1), false);
    assert.equal(cache.read('c', 1), true);
  });
});

describe('demo target cache', () => {
  it('warms up: the hit rate rises as users come back', async () => {
    const target = await startDemoTarget({ latencyScale: 0 });
    try {
      const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
      for (const user of users) await call(target.url, 'GET', `/api/v1/reminders?user_id=${user}`);
      const cold = target.metrics().cache;
      for (let round = 0; round < 4; round++) {
        for (const user of users) await call(target.url, 'GET', `/api/v1/reminders?user_id=${user}`);
      }
      const warm = target.metrics().cache;
      assert.equal(cold.hit_rate_percent, 0);
      assert.equal(warm.total_reads, 25);
      assert.equal(warm.hit_rate_percent, 80);
    } finally {
      await target.stop();
    }
  });

  it('serves fresh XP after food is logged instead of a stale cached copy', async () => {
    const target = await startDemoTarget({ latencyScale: 0 });
    try {
      await call(target.url, 'GET', '/api/v1/gamification/xp?user_id=w');
      await call(target.url, 'POST', '/api/v1/food', foodBody('w'));
      await call(target.url, 'GET', '/api/v1/gamification/xp?user_id=w');
      assert.deepEqual({ hits: target.metrics().cache.hits, misses: target.metrics().cache.misses }, { hits: 0, misses: 2 });
    } finally {
      await target.stop();
    }
  });
});
