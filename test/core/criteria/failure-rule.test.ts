/**
 * One failure rule for every value a criterion reads: a response that is a 4xx and also
 * failed a check is one failed request, whole-run or window by window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineWindows } from '../../../src/core/criteria/windows.ts';
import { summarizeTraffic } from '../../../src/core/traffic-summary.ts';
import { T0, windowOf } from '../../results/windows.ts';

test('a 4xx that failed a check counts once with count4xx, in windows and in totals alike', () => {
  // 10 responses: 8 x 200, 2 x 404, one of the 404s also failed a check (recorded as http.404).
  const window = windowOf(T0, { 'GET /a': { codes: { '200': 8, '404': 2 }, errors: { 'http.404': 1 } } });
  const windowed = combineWindows([window], null, true);
  const whole = summarizeTraffic([window], { count4xx: true, durationS: 10 });
  assert.equal(windowed.failures, 2);
  assert.equal(whole.failures, 2);
  assert.deepEqual(windowed.errors, whole.errors);
  assert.equal(combineWindows([window], 'GET /a', false).failures, 1, 'without count4xx only the failed check');
});
