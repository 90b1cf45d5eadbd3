import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DURATION_PATTERN, formatDuration, parseDuration, parseDurationMs } from '../../src/core/durations.ts';

describe('parseDuration', () => {
  it('reads numbers as seconds and units as Artillery does', () => {
    assert.equal(parseDuration(30), 30);
    assert.equal(parseDuration('30'), 30);
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('1h'), 3600);
    assert.equal(parseDuration('500ms'), 0.5);
    assert.equal(parseDuration('1.5h'), 5400);
    assert.equal(parseDuration('2 minutes'), 120);
    assert.equal(parseDurationMs('2.5s'), 2500);
  });

  it('refuses what is not a duration, including a bare fraction Artillery would read as milliseconds', () => {
    for (const bad of ['ten', '5 minutes please', '1.5', '', '5M', 'm5', null, {}, Number.NaN]) {
      assert.equal(parseDuration(bad), undefined, String(bad));
    }
  });

  it('agrees with the schema pattern on every string it accepts or refuses', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    for (const text of ['30', '30s', '5m', '1h', '500ms', '1.5h', '2 minutes', '10 secs', 'ten', '1.5', '5M', '3 fortnights']) {
      assert.equal(pattern.test(text), parseDuration(text) !== undefined, text);
    }
  });
});

describe('formatDuration', () => {
  it('writes seconds the short way people read them', () => {
    assert.equal(formatDuration(90), '1m 30s');
    assert.equal(formatDuration(3605), '1h 0m 5s');
    assert.equal(formatDuration(3600), '1h');
    assert.equal(formatDuration(0.25), '250ms');
    assert.equal(formatDuration(0), '0s');
  });
});
