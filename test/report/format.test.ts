import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatChange, formatDuration, formatInUnit, formatMs, formatRate, formatTime } from '../../src/report/format.ts';

test('latency reads like the reference runner: ms below a second, seconds with two decimals above', () => {
  assert.equal(formatMs(8.94), '8.9ms');
  assert.equal(formatMs(172.5), '173ms');
  assert.equal(formatMs(999.4), '999ms');
  assert.equal(formatMs(2340), '2.34s');
  assert.equal(formatMs(null), '–');
});

test('criteria values are shown in their own unit', () => {
  assert.equal(formatInUnit(3000, 'ms'), '3.00s');
  assert.equal(formatInUnit(1.234, '%'), '1.23%');
  assert.equal(formatInUnit(12.34, 'req/s'), '12.3 req/s');
  assert.equal(formatInUnit(12345, 'count'), '12,345');
  assert.equal(formatInUnit(null, 'ms'), 'no data');
});

test('durations, rates, changes and times', () => {
  assert.equal(formatDuration(45), '45s');
  assert.equal(formatDuration(133), '2m 13s');
  assert.equal(formatDuration(3605), '1h 0m 5s');
  assert.equal(formatDuration(3600), '1h');
  assert.equal(formatDuration(600), '10m');
  assert.equal(formatDuration(0.25), '250ms');
  assert.equal(formatRate(4.5), '4.50 req/s');
  assert.equal(formatRate(1234.5), '1,235 req/s');
  assert.equal(formatChange(12.345), '+12.3%');
  assert.equal(formatChange(-4), '-4.0%');
  assert.equal(formatChange(Infinity), 'new');
  assert.equal(formatTime(Date.UTC(2026, 0, 18, 14, 0, 5)), '2026-01-18 14:00:05 UTC');
});
