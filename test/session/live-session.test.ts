import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveSession } from '../../src/session/live-session.ts';
import { LiveRecord } from '../../src/session/live-record.ts';
import { parseThresholdsConfig } from '../../src/core/criteria/config.ts';
import { abortLine } from '../../src/core/criteria/abort-watch.ts';
import type { AbortDecision } from '../../src/core/criteria/abort-watch.ts';
import { encodeSketch, newSketch } from '../../src/core/sketch.ts';
import { metricName } from '../../src/core/metric-names.ts';
import type { SecondLine } from '../../src/core/seconds.ts';

const T = 1_795_716_000_000;
const EP = 'GET /items';

/** One worker's second: 4 requests, answered 200 or 500. */
function second(s: number, status: number): SecondLine {
  const sketch = newSketch();
  for (const v of [50, 55, 60, 70]) sketch.accept(v);
  return {
    w: 'w1',
    t: T + s * 1000,
    first: T + s * 1000,
    last: T + s * 1000 + 999,
    c: { 'http.requests': 4, 'http.responses': 4, [metricName.requests(EP)]: 4, [metricName.code(status, EP)]: 4, ...(status >= 500 ? { [metricName.error(`http.${status}`, EP)]: 4 } : {}) },
    h: { 'http.response_time': encodeSketch(sketch), [metricName.latency(EP)]: encodeSketch(sketch) },
  };
}

test('the live session stops the run once, when an abort criterion has failed for its grace in closed windows', () => {
  const config = parseThresholdsConfig({ criteria: [{ expect: 'error rate < 1%', abort: true, grace: '20s' }, 'p95 < 3s'] });
  const decisions: AbortDecision[] = [];
  const session = new LiveSession(config, (d) => decisions.push(d));
  const record = new LiveRecord({ count4xx: config.options.count4xx });
  // 10 good seconds, then 500s; the runner reads each second and windows close 2 s after their end.
  for (let s = 0; s < 45; s++) {
    record.add('seconds-w1.jsonl', second(s, s < 10 ? 200 : 500));
    session.observe(record.close(T + s * 1000 - 2000));
    if (s < 31) assert.equal(decisions.length, 0, `no abort yet at ${s} s`);
  }
  assert.equal(decisions.length, 1, 'one abort, however long the lines keep coming');
  const decision = decisions[0];
  assert.ok(decision);
  assert.equal(decision.failingSince, T + 10_000);
  assert.equal(decision.time, T + 30_000);
  assert.match(abortLine(decision), /^stopping the run early: "error rate < 1%" has failed for 20 s \(abort after 20 s\): error rate was 100%/);
});
