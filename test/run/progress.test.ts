import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordTotals } from '../../src/run/progress.ts';
import { encodeSketch, newSketch } from '../../src/core/sketch.ts';
import { RUN_HISTOGRAM, metricName } from '../../src/core/metric-names.ts';
import type { SecondLine } from '../../src/core/seconds.ts';

const T = 1_795_716_000_000;
/** The recorder's request counter: a redirect chain is one request (Artillery's http.requests counts each hop). */
const REQ = metricName.requests('GET /x');

function line(w: string, t: number, c: Record<string, number>, latency: number[] = []): SecondLine {
  const sketch = newSketch();
  for (const v of latency) sketch.accept(v);
  return { w, t, first: t, last: t + 999, c, h: latency.length > 0 ? { [RUN_HISTOGRAM.latency]: encodeSketch(sketch) } : {} };
}

test('the status line adds up every worker, second by second, from the record', () => {
  const totals = new RecordTotals();
  assert.equal(totals.add(line('w1', T, { 'vusers.created': 3, [REQ]: 10 }, [10, 20])), true, 'the first line opens a window');
  assert.equal(totals.add(line('w2', T, { 'vusers.created': 2, [REQ]: 7, [metricName.error('ECONNRESET', 'GET /x')]: 1 }, [30])), false);
  totals.add(line('w1', T + 1000, { 'vusers.completed': 1, [REQ]: 3 }, [1000]));
  assert.equal(totals.requests, 20);
  assert.equal(totals.failures, 1);
  assert.equal(totals.activeUsers, 4);
  assert.equal(totals.rps, 10, '20 requests over the 2 recorded seconds');
  const p95 = totals.p95 ?? 0;
  assert.ok(p95 > 29 && p95 < 31, `p95 of 10, 20, 30, 1000 ms is ~30 ms (got ${p95})`);
  assert.equal(totals.add(line('w1', T + 10_000, { [REQ]: 1 })), true, 'a new 10-s window');
  assert.equal(totals.p95, 1000, 'p95 covers the last 10 s: the first second has left it');
  totals.add(line('w1', T + 11_000, { [REQ]: 1 }));
  assert.equal(totals.p95, null, 'older seconds leave the p95');
});

test('the status line counts failures by the run\'s rule: every 404 by default, a 404 that failed a check once', () => {
  const c = { [REQ]: 5, [metricName.code(200, 'GET /x')]: 3, [metricName.code(404, 'GET /x')]: 2, [metricName.error('http.404', 'GET /x')]: 1 };
  const plain = new RecordTotals({ count4xx: false });
  plain.add(line('w1', T, c));
  assert.equal(plain.failures, 1, 'without count4xx only the failed check');
  const strict = new RecordTotals();
  strict.add(line('w1', T, c));
  assert.equal(strict.failures, 2);
});
