import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_JSON_PATHS, extractJsonMetrics, readPath } from '../../src/monitor/json-metrics.ts';

describe('JSON metrics', () => {
  it('reads the demo target shape with the default paths', () => {
    const body = {
      requests: { total: 10 },
      db: { pool_size: 13, active: 4, available: 9, waiting: 2 },
      cache: { hits: 3, misses: 1, total_reads: 4, hit_rate_percent: 75 },
    };
    const reading = extractJsonMetrics(body, DEFAULT_JSON_PATHS);
    assert.deepEqual(reading, {
      ok: true,
      missing: [],
      values: { dbPoolSize: 13, dbPoolActive: 4, dbPoolAvailable: 9, dbPoolWaiting: 2, cacheHitRate: 75, cacheTotalReads: 4 },
    });
  });

  it('follows configured paths and accepts numeric strings', () => {
    const reading = extractJsonMetrics(
      { pool: { max: '20', inUse: 7 } },
      { ...DEFAULT_JSON_PATHS, dbPoolSize: 'pool.max', dbPoolActive: 'pool.inUse' },
    );
    assert.ok(reading.ok);
    assert.equal(reading.values.dbPoolSize, 20);
    assert.equal(reading.values.dbPoolActive, 7);
    assert.equal(reading.values.cacheHitRate, null);
    assert.deepEqual(reading.missing, ['db.available', 'db.waiting', 'cache.hit_rate_percent', 'cache.total_reads']);
  });

  it('gives nothing (and says why) when no path matches', () => {
    const reading = extractJsonMetrics({ status: 'ok' }, DEFAULT_JSON_PATHS);
    assert.equal(reading.ok, false);
    assert.match(reading.ok ? '' : reading.reason, /has none of db\.pool_size/);
  });

  it('does not take objects, booleans or non-finite values for numbers', () => {
    assert.equal(readPath({ a: { b: { c: 1 } } }, 'a.b'), null);
    assert.equal(readPath({ a: true }, 'a'), null);
    assert.equal(readPath({ a: 'NaN' }, 'a'), null);
    assert.equal(readPath(null, 'a'), null);
  });
});
